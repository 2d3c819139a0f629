"""The Starlette app: HTTP in, `engine.Call`; `engine.Reply` out as JSON, SSE or a streamed JSON array, with
latency and cut streams played as the reply asks; each exchange recorded when a recorder is given."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gemini_contract.mock import errors
from gemini_contract.mock.engine import Call, Engine, Reply
from gemini_contract.mock.record import Recorder, finding_data

JSON = "application/json; charset=UTF-8"
SSE = "text/event-stream"


class StreamCut(Exception):
    """Raised inside a stream to end it without its last chunks (uvicorn drops the connection)."""


def create_app(engine: Engine, recorder: Recorder | None = None) -> Starlette:
    async def endpoint(request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > engine.config.max_bytes:  # refuse before reading it
            return _json(413, errors.too_large(int(declared), engine.config.max_bytes))
        call = Call(
            request.method,
            request.url.path,
            dict(request.query_params),
            {k.lower(): v for k, v in request.headers.items()},
            await request.body(),
        )
        reply = engine.handle(call)
        if recorder is not None:
            recorder.write(_record(call, reply))
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.chunks is not None:
            media = SSE if reply.sse else JSON
            return StreamingResponse(_stream(reply), status_code=reply.status, media_type=media)
        return _json(reply.status, reply.body)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return Starlette(routes=[Route("/{path:path}", endpoint, methods=methods)])


def _json(status: int, body: Any) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=JSON)


async def _stream(reply: Reply) -> AsyncIterator[bytes]:
    chunks = reply.chunks or []
    for i, chunk in enumerate(chunks):
        if reply.cut_after is not None and i >= reply.cut_after:
            raise StreamCut(f"stream cut after {i} chunks (scenario fault)")
        data = orjson.dumps(chunk)
        if reply.sse:
            yield b"data: " + data + b"\r\n\r\n"
        else:  # one JSON array, an item per chunk, as the API streams it without alt=sse
            yield (b"[" if i == 0 else b"\r\n,") + data
        await asyncio.sleep(0)  # let the chunk go out as its own write
    if not reply.sse:
        yield b"]" if chunks else b"[]"


def _record(call: Call, reply: Reply) -> dict[str, Any]:
    record: dict[str, Any] = {
        "method": call.method,
        "path": call.path,
        "status": reply.status,
        "request": reply.request,
        "findings": [finding_data(f) for f in reply.findings],
    }
    if reply.chunks is not None:
        record["chunks"] = reply.chunks
        if reply.cut_after is not None:
            record["cutAfter"] = reply.cut_after
    else:
        record["response"] = reply.body
    return record
