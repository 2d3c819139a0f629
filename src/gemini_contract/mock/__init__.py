"""`gemini-contract mock`: an offline Gemini API for client tests, and a validating proxy.

- `engine`: the HTTP-free core: one request in, one `Reply` (status, body or chunks, faults) out.
- `app`: the Starlette app that adapts HTTP to the engine; `server`: runs it under uvicorn.
- `errors`: Google-shaped error bodies; `scenarios`: scripted answers and fault injection as data;
  `models`: the model table as Model resources; `proxy` and `middleware`: validation in front of a real
  upstream, and inside a Python gateway.
"""
