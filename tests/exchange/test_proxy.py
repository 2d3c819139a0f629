"""The validating proxy (upstream: the mock app in-process, or a fake that answers badly) and the ASGI
middleware for gateways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from gemini_contract.mock.app import create_app
from gemini_contract.mock.engine import Engine, MockConfig
from gemini_contract.mock.middleware import ContractMiddleware
from gemini_contract.mock.proxy import create_proxy
from gemini_contract.mock.record import Recorder, read_records

KEY = {"x-goog-api-key": "k"}
BODY = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
BAD = {"contents": [{"role": "assistant", "parts": [{"text": "Hello"}]}]}
URL = "/v1beta/models/gemini-2.5-flash"


def proxy(tmp_path: Path, upstream_app: Any, **options: Any) -> tuple[TestClient, Path, list[int]]:
    calls: list[int] = []

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        calls.append(1)
        await upstream_app(scope, receive, send)

    record = tmp_path / "proxy.jsonl"
    app = create_proxy(
        "http://upstream",
        MockConfig(),
        Recorder(record),
        transport=httpx.ASGITransport(app=counting),
        **options,
    )
    return TestClient(app), record, calls


def test_forwards_unchanged_and_records_no_findings_for_a_good_exchange(tmp_path: Path) -> None:
    upstream = create_app(Engine(MockConfig()))
    client, record, _ = proxy(tmp_path, upstream)
    direct = TestClient(upstream).post(f"{URL}:generateContent", json=BODY, headers=KEY)
    via = client.post(f"{URL}:generateContent", json=BODY, headers=KEY)
    assert (via.status_code, via.content) == (direct.status_code, direct.content)
    streamed = client.post(f"{URL}:streamGenerateContent?alt=sse", json=BODY, headers=KEY)
    assert streamed.headers["content-type"].startswith("text/event-stream")
    records = read_records(record)
    assert [(r["status"], r["findings"], r["responseFindings"]) for r in records] == [
        (200, [], []),
        (200, [], []),
    ]


def test_invalid_requests_are_recorded_or_refused(tmp_path: Path) -> None:
    upstream = create_app(Engine(MockConfig()))
    client, record, calls = proxy(tmp_path, upstream)
    assert client.post(f"{URL}:generateContent", json=BAD, headers=KEY).status_code == 400  # the upstream's
    assert calls == [1]
    (first,) = read_records(record)
    assert [f["pointer"] for f in first["findings"]] == ["/contents/0/role"]
    assert first["responseFindings"] == []  # the upstream's 400 is a valid error body
    refusing, record2, calls2 = proxy(tmp_path / "r", upstream, refuse_invalid=True)
    refused = refusing.post(f"{URL}:generateContent", json=BAD, headers=KEY)
    assert refused.status_code == 400
    assert calls2 == []
    assert read_records(record2)[0]["refused"] is True


def test_bad_answers_and_chunks_are_found(tmp_path: Path) -> None:
    async def bad_upstream(request: Request) -> Response:
        if "stream" in request.url.path:
            chunks = [
                {"candidates": [{"content": {"parts": [{"text": "a"}]}}]},
                {"candidates": [{"finishReason": "DONE"}]},
            ]
            text = "".join(f"data: {json.dumps(c)}\r\n\r\n" for c in chunks)
            return Response(text, media_type="text/event-stream")
        return JSONResponse({"candidates": [{"content": {"parts": [{"txt": "a"}]}}]})

    app = Starlette(routes=[Route("/{path:path}", bad_upstream, methods=["POST"])])
    client, record, _ = proxy(tmp_path, app)
    client.post(f"{URL}:generateContent", json=BODY, headers=KEY)
    client.post(f"{URL}:streamGenerateContent?alt=sse", json=BODY, headers=KEY)
    plain, stream = read_records(record)
    assert (None, "GC201", "/candidates/0/content/parts/0/txt") in [
        (f["chunk"], f["rule"], f["pointer"]) for f in plain["responseFindings"]
    ]
    assert [(f["chunk"], f["rule"], f["pointer"]) for f in stream["responseFindings"]] == [
        (1, "GC204", "/candidates/0/finishReason")
    ]


def _gateway(**options: Any) -> tuple[TestClient, list[Any]]:
    seen: list[Any] = []

    async def handler(request: Request) -> Response:
        seen.append((await request.json(), request.state.gemini_findings))
        return JSONResponse({"ok": True})

    app = Starlette(routes=[Route("/gemini/v1beta/models/{rest:path}", handler, methods=["POST"])])
    app.add_middleware(ContractMiddleware, **options)
    return TestClient(app), seen


def test_middleware_passes_the_body_on_with_its_findings() -> None:
    client, seen = _gateway()
    assert client.post("/gemini/v1beta/models/gemini-2.5-flash:generateContent", json=BAD).status_code == 200
    ((body, findings),) = seen
    assert body == BAD
    assert [(f.rule, f.pointer) for f in findings] == [("GC204", "/contents/0/role")]


def test_middleware_refuses_invalid_requests_when_asked() -> None:
    client, seen = _gateway(refuse=True)
    response = client.post("/gemini/v1beta/models/gemini-2.5-flash:generateContent", json=BAD)
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["fieldViolations"][0]["field"] == "contents[0].role"
    assert seen == []
    assert client.post("/gemini/v1beta/models/gemini-2.5-flash:generateContent", json=BODY).status_code == 200
