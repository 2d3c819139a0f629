"""`MockProcess`: the mock started as users start it (`gemini-contract mock --port 0 ...`) in a subprocess,
its port read from the ready line, its exchanges read from its `--record` file, and stopped with SIGTERM
(then SIGKILL) so no process outlives its owner. The pytest fixture and the tests use it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from gemini_contract.mock.record import read_records
from gemini_contract.mock.server import READY

START_TIMEOUT = 30.0
API_KEY = "mock-api-key"


def command() -> list[str]:
    """The console script next to this interpreter (what the README runs), or the same entry point via -c."""
    script = Path(sys.executable).with_name("gemini-contract")
    if script.exists():
        return [str(script)]
    found = shutil.which("gemini-contract")
    if found:
        return [found]
    return [sys.executable, "-c", "from gemini_contract.cli.main import entry; entry()"]


class MockProcess:
    def __init__(self, *args: str) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gemini-mock-")
        self.record_path = Path(self._dir.name) / "exchanges.jsonl"
        self.log_path = Path(self._dir.name) / "stderr.log"
        self.args = ["mock", "--port", "0", "--record", str(self.record_path), *args]
        self.process: subprocess.Popen[bytes] | None = None
        self.base_url = ""
        self.api_key = API_KEY

    def start(self) -> MockProcess:
        log = self.log_path.open("wb")  # a file, not a pipe: a full pipe would block the server
        self.process = subprocess.Popen([*command(), *self.args], stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            for line in self.log_path.read_text(errors="replace").splitlines():
                if line.startswith(READY):
                    self.base_url = line.removeprefix(READY).split()[0]
                    return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the mock did not start: {self.log_path.read_text(errors='replace')[-2000:]}")

    def stop(self) -> int | None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s); returns its exit code."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def exchanges(self, at_least: int = 0, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The exchanges recorded so far; with `at_least`, wait (up to `timeout`) until that many are. The
        mock records an exchange before it answers, the proxy once the answer has passed through: a client
        may see the end of an answer before the proxy has written its record."""
        deadline = time.monotonic() + timeout
        records = read_records(self.record_path)
        while len(records) < at_least and time.monotonic() < deadline:
            time.sleep(0.02)
            records = read_records(self.record_path)
        return records

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def close(self) -> None:
        self.stop()
        self._dir.cleanup()

    def __enter__(self) -> MockProcess:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


def environment(base_url: str) -> dict[str, str]:
    """Environment variables that point google-genai at the mock (for code under test that builds its own
    client): the key and the base URL."""
    return {**os.environ, "GEMINI_API_KEY": API_KEY, "GOOGLE_GEMINI_BASE_URL": base_url}
