"""`gemini-contract mock` under load: requests/s and p50/p99 latency of non-streamed calls with a 2 KB request,
time to the first streamed chunk, the engine alone, and the ASGI middleware's cost per request.

Usage: .venv/bin/python bench/bench_mock.py [--seconds 10]  (writes bench/results/mock.md)
The server is one uvicorn process (one core), started as users start it (`gemini-contract mock --port 0`);
the load comes from this process over keep-alive HTTP/1.1 connections written by hand with asyncio, so the
client costs little next to the server on the shared 2-CPU machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bodies import body
from timing import per_call

from gemini_contract.mock.engine import Call, Engine, MockConfig
from gemini_contract.mock.process import MockProcess

PATH = "/v1beta/models/gemini-2.5-flash:generateContent"
STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
RESULT = Path(__file__).parent / "results" / "mock.md"


def request_bytes(path: str, payload: bytes, host: str) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nx-goog-api-key: bench\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await reader.readexactly(length)
    return status


async def load(
    host: str, port: int, payload: bytes, seconds: float, connections: int
) -> tuple[int, list[float]]:
    message = request_bytes(PATH, payload, host)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    errors = 0

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(message)
            if await read_response(reader) != 200:
                errors += 1
            latencies.append(time.perf_counter() - start)
        writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return errors, latencies


async def first_chunk(host: str, port: int, payload: bytes, rounds: int) -> list[float]:
    times = []
    message = request_bytes(STREAM, payload, host)
    for _ in range(rounds):
        reader, writer = await asyncio.open_connection(host, port)
        start = time.perf_counter()
        writer.write(message)
        await reader.readuntil(b"data: ")
        times.append(time.perf_counter() - start)
        writer.close()
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def middleware_cost(payload: bytes) -> tuple[float, float]:
    """Seconds per request through a trivial Starlette app, without and with ContractMiddleware (ASGI calls
    in-process, no HTTP)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from gemini_contract.mock.middleware import ContractMiddleware

    async def handler(request: Request) -> Response:
        await request.body()
        return Response(b"{}", media_type="application/json")

    plain = Starlette(routes=[Route("/v1beta/models/{rest:path}", handler, methods=["POST"])])
    checked = ContractMiddleware(plain)
    scope = {
        "type": "http",
        "method": "POST",
        "path": PATH,
        "headers": [],
        "query_string": b"",
        "root_path": "",
    }
    loop = asyncio.new_event_loop()

    def call(app: Any) -> None:
        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": payload, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            return None

        loop.run_until_complete(app(dict(scope), receive, send))

    return per_call(lambda: call(plain)), per_call(lambda: call(checked))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    doc = body(2000)
    payload = json.dumps(doc, separators=(",", ":")).encode()
    engine = Engine(MockConfig())
    engine_call = Call("POST", PATH, {}, {"x-goog-api-key": "k"}, payload)
    engine_s = per_call(lambda: engine.handle(engine_call))
    plain_s, checked_s = middleware_cost(payload)
    load_before = os.getloadavg()[0]
    with MockProcess() as server:
        host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
        asyncio.run(load(host, int(port), payload, 1.0, args.connections))  # warm-up
        errors, latencies = asyncio.run(load(host, int(port), payload, args.seconds, args.connections))
        _, serial = asyncio.run(load(host, int(port), payload, args.seconds / 2, 1))
        ttfc = asyncio.run(first_chunk(host, int(port), payload, 200))
    rate = len(latencies) / args.seconds
    ms = 1000
    lines = [
        "# `gemini-contract mock` benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()}; load average {load_before:.2f} before. Server: one uvicorn process (one core), "
        "started with `gemini-contract mock --port 0`; client: this script's asyncio keep-alive connections. "
        f"Request: a valid {len(payload):,}-byte generateContent body (system instruction, tool, safety "
        "settings, generation config, turns), validated by the full validator on every call.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| non-streamed, {args.connections} connections, {args.seconds:.0f} s | {rate:,.0f} requests/s |",
        f"| latency p50 / p99 ({args.connections} connections) | {pct(latencies, 0.5) * ms:.2f} ms / "
        f"{pct(latencies, 0.99) * ms:.2f} ms |",
        f"| latency p50 / p99 (1 connection) | {pct(serial, 0.5) * ms:.2f} ms / {pct(serial, 0.99) * ms:.2f} ms |",
        f"| time to first streamed chunk, p50 / p99 (new connection each) | {pct(ttfc, 0.5) * ms:.2f} ms / "
        f"{pct(ttfc, 0.99) * ms:.2f} ms |",
        f"| engine alone (validate + answer, no HTTP) | {engine_s * 1e6:,.0f} µs/request |",
        f"| ASGI app without / with ContractMiddleware | {plain_s * 1e6:,.0f} / {checked_s * 1e6:,.0f} µs "
        f"(+{(checked_s - plain_s) * 1e6:,.0f} µs per request) |",
        f"| non-200 answers during the load | {errors} |",
        "",
        f"Median time per request: {statistics.median(latencies) * ms:.2f} ms.",
    ]
    RESULT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
