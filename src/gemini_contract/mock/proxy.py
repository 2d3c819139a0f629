"""`gemini-contract mock --upstream URL`: a validating proxy. Requests go to the upstream unchanged (and its
answers come back unchanged, streamed as they arrive); on the way, the request is checked against the
request contract and the answer, or each streamed chunk, against the response contract (the error body
against Google's error shape). Findings go to the record, per exchange. `refuse_invalid` answers a request
with errors locally with the mock's 400, before it costs an upstream call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gemini_contract.mock import errors
from gemini_contract.mock.engine import MockConfig, check_request, model_call
from gemini_contract.mock.record import Recorder, finding_data
from gemini_contract.validator import Finding, Severity, validate_response
from gemini_contract.validator.contract import error_contract

# Not forwarded: hop-by-hop headers, and those httpx sets itself for the bytes it sends.
_DROP_REQUEST = frozenset(("host", "content-length", "connection", "accept-encoding", "transfer-encoding"))
_DROP_RESPONSE = frozenset(("content-length", "transfer-encoding", "connection", "content-encoding"))


def create_proxy(
    upstream: str,
    config: MockConfig,
    recorder: Recorder | None = None,
    *,
    refuse_invalid: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Starlette:
    client = httpx.AsyncClient(base_url=upstream.rstrip("/"), transport=transport, timeout=httpx.Timeout(600))

    async def endpoint(request: Request) -> Response:
        body = await request.body()
        target = model_call(request.method, request.url.path)
        findings: tuple[Finding, ...] = ()
        if target is not None:
            _, findings = check_request(body, target[2], config.profile, config.max_bytes, target[1])
            if refuse_invalid and any(f.severity is Severity.ERROR for f in findings):
                refusal = errors.invalid_request(findings)
                _write(recorder, request, 400, findings, [], refused=True)
                return Response(orjson.dumps(refusal), 400, media_type="application/json; charset=UTF-8")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROP_REQUEST}
        headers["accept-encoding"] = "identity"  # the answer is checked as text: no compression
        upstream_request = client.build_request(
            request.method, request.url.path, params=request.query_params, headers=headers, content=body
        )
        answer = await client.send(upstream_request, stream=True)
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in _DROP_RESPONSE}
        watcher = _Watcher(answer.status_code, answer.headers.get("content-type", ""))
        streaming = target is not None and target[2] == "streamGenerateContent" and answer.status_code == 200

        async def relay() -> AsyncIterator[bytes]:
            async for piece in answer.aiter_raw():
                watcher.feed(piece)
                yield piece

        async def finish() -> None:
            await answer.aclose()
            _write(recorder, request, answer.status_code, findings, watcher.findings(streaming))

        return StreamingResponse(relay(), answer.status_code, headers=kept, background=BackgroundTask(finish))

    return Starlette(
        routes=[Route("/{path:path}", endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])]
    )


class _Watcher:
    """Collects an answer's bytes as they pass and checks them once it is complete."""

    def __init__(self, status: int, content_type: str) -> None:
        self.status = status
        self.sse = content_type.startswith("text/event-stream")
        self.data = bytearray()

    def feed(self, piece: bytes) -> None:
        self.data += piece

    def findings(self, streaming: bool) -> list[dict[str, Any]]:
        """Each finding of the answer, with the chunk it is in (`chunk`: index, None for a whole body)."""
        if self.status != 200:
            report = error_contract().validate(bytes(self.data))
            return [{"chunk": None, **finding_data(f)} for f in report.findings]
        if not streaming:
            return [{"chunk": None, **finding_data(f)} for f in validate_response(bytes(self.data)).findings]
        out = []
        for index, chunk in enumerate(self._chunks()):
            out += [{"chunk": index, **finding_data(f)} for f in validate_response(chunk).findings]
        return out

    def _chunks(self) -> list[bytes]:
        text = bytes(self.data)
        if self.sse:
            lines = text.replace(b"\r\n", b"\n").split(b"\n")
            return [line[5:].strip() for line in lines if line.startswith(b"data:")]
        try:
            items = orjson.loads(text)
        except orjson.JSONDecodeError:
            return [text]  # not even an array: reported as one chunk that does not parse
        return [orjson.dumps(item) for item in items] if isinstance(items, list) else [text]


def _write(
    recorder: Recorder | None,
    request: Request,
    status: int,
    request_findings: tuple[Finding, ...],
    response_findings: list[dict[str, Any]],
    *,
    refused: bool = False,
) -> None:
    if recorder is None:
        return
    record: dict[str, Any] = {
        "method": request.method,
        "path": request.url.path,
        "status": status,
        "findings": [finding_data(f) for f in request_findings],
        "responseFindings": response_findings,
    }
    if refused:
        record["refused"] = True
    recorder.write(record)
