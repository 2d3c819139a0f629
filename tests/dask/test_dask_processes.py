"""`lint --dask` on a cluster started as separate processes with the commands docs/dask.md shows (`dask
scheduler`, `dask worker`), on free ports of 127.0.0.1: the output and exit code of a local run, for the
corpus and a batch cut into ranges. Every process started here is stopped, with its children, by its own
process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client
from fixture_paths import CORPUS

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
# As docs/dask.md starts them: every port on 127.0.0.1 (the HTTP servers listen on all interfaces otherwise).
LOCAL = ("--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(*args: str, log: Path) -> subprocess.Popen[bytes]:
    # A session of its own: the worker's nanny starts a child process, and the group holds them all.
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # the nanny's child may outlive the nanny by a moment
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("dask-logs")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    started = [_start(dask, "scheduler", "--port", str(port), *LOCAL, log=logs / "scheduler.log")]
    try:
        for index in range(2):
            worker = (dask, "worker", address, "--nthreads", "1", "--name", f"w{index}", *LOCAL)
            started.append(_start(*worker, log=logs / f"worker{index}.log"))
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(started):
            _stop(process)
        for process in started:
            with pytest.raises(ProcessLookupError):
                os.killpg(process.pid, 0)  # nothing of it is left


def _lint(*args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", "from gemini_contract.cli.main import entry; entry()", "lint", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr


def test_the_corpus_on_worker_processes(scheduler: str) -> None:
    local = _lint(str(CORPUS))
    assert local[0] == 1
    assert _lint("--dask", scheduler, str(CORPUS)) == local


def test_a_batch_in_ranges_on_worker_processes(scheduler: str, batch: Path) -> None:
    local = _lint("--jobs", "2", "--format", "json", str(batch))
    assert local[0] == 1
    assert _lint("--dask", scheduler, "--jobs", "2", "--format", "json", str(batch)) == local


def test_urls_on_worker_processes(scheduler: str, batch: Path) -> None:
    url = f"file://{batch}"
    local = _lint("--jobs", "2", url)
    assert local[1].startswith(url + ":")
    assert _lint("--dask", scheduler, "--jobs", "2", url) == local
