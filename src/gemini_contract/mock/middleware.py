"""`ContractMiddleware`: the request half of the validating proxy, in-process, for Python gateways (FastAPI,
Starlette, any ASGI app). A POST to `.../models/{model}:{method}` is read, checked against the request
contract and handed on unchanged; its findings are in `scope["state"]["gemini_findings"]` (FastAPI:
`request.state.gemini_findings`) and go to `on_findings`. With `refuse=True` a request with errors gets the
mock's Google-shaped 400 instead of reaching the app.

    app.add_middleware(ContractMiddleware, refuse=True)
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from gemini_contract.mock import errors
from gemini_contract.mock.engine import DEFAULT_MAX_BYTES, check_request
from gemini_contract.validator import Finding, Severity

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# Any prefix: gateways mount the API under their own paths (/gemini/v1beta/models/x:generateContent).
MODEL_METHOD = re.compile(r"/models/([^/:]+):(generateContent|streamGenerateContent|countTokens)$")


class ContractMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        profile: str = "google",
        refuse: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_findings: Callable[[str, tuple[Finding, ...]], None] | None = None,
    ) -> None:
        self.app = app
        self.profile = profile
        self.refuse = refuse
        self.max_bytes = max_bytes
        self.on_findings = on_findings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = MODEL_METHOD.search(scope.get("path", "")) if scope["type"] == "http" else None
        if found is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        body = await _read(receive)
        _, findings = check_request(body, found.group(2), self.profile, self.max_bytes, found.group(1))
        scope.setdefault("state", {})["gemini_findings"] = findings
        if self.on_findings is not None:
            self.on_findings(scope["path"], findings)
        if self.refuse and any(f.severity is Severity.ERROR for f in findings):
            await _respond(send, 400, errors.invalid_request(findings))
            return
        await self.app(scope, _replay(body, receive), send)


async def _read(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later messages (http.disconnect) come from the server

    return replay


async def _respond(send: Send, status: int, body: Any) -> None:
    data = orjson.dumps(body)
    headers = [
        (b"content-type", b"application/json; charset=UTF-8"),
        (b"content-length", str(len(data)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
