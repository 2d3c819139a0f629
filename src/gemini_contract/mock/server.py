"""Run an ASGI app under uvicorn on a socket bound here, so `--port 0` picks a free port and the ready line
names the real one (tests read it from stderr)."""

from __future__ import annotations

import socket
import sys
from typing import Any

READY = "gemini-contract mock: listening on"


def serve(app: Any, host: str, port: int, *, what: str = "") -> None:
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and without it
    # a response written in two sends (headers, body) waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)  # connections made once the ready line is out wait in the backlog, never refused
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    print(f"{READY} http://{shown}:{bound}{what}", file=sys.stderr, flush=True)
    server.run(sockets=[sock])
