"""`lint --dask ADDRESS` on a cluster in this process: the same output, order and exit code as a local run
(corpus, a batch cut into ranges, URLs, paths that cannot be read), the executor's failures as `Failure`s,
and the two ways it cannot start (no scheduler there, no Dask installed) as one line and exit 2."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from distributed import LocalCluster
from fixture_paths import CORPUS

from gemini_contract.cli.main import main
from gemini_contract.dask.executor import DaskExecutor, connect
from gemini_contract.lint.executors import Failure

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def lint(*args: str) -> tuple[int, str, str]:
        code = main(["lint", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return lint


def same_locally_and_on_dask(run: Run, address: str, *args: str) -> tuple[int, str, str]:
    local = run(*args)
    assert run("--dask", address, *args) == local
    return local


@pytest.mark.parametrize("output", ["text", "json"])
def test_the_corpus_gives_what_a_local_run_gives(cluster: LocalCluster, run: Run, output: str) -> None:
    code, out, err = same_locally_and_on_dask(run, cluster.scheduler_address, "--format", output, str(CORPUS))
    assert code == 1
    assert out.count("GC2") > 10
    assert "checked 153 files" in err or output == "json"


def test_recorded_responses_give_what_a_local_run_gives(cluster: LocalCluster, run: Run) -> None:
    responses = CORPUS.parent / "responses"
    code, _, err = same_locally_and_on_dask(
        run, cluster.scheduler_address, "--kind", "response", str(responses)
    )
    assert code == 0
    assert "checked 10 files" in err


@pytest.mark.parametrize("jobs", [[], ["--jobs", "2"]])
def test_a_batch_gives_what_a_local_run_gives(
    cluster: LocalCluster, run: Run, batch: Path, jobs: list[str]
) -> None:
    # --jobs 2 cuts even this 95 KB batch into 8 ranges, claimed by the workers (locally: forked children).
    code, out, _ = same_locally_and_on_dask(
        run, cluster.scheduler_address, *jobs, "--format", "json", str(batch)
    )
    assert code == 1
    records = [finding["record"] for finding in json.loads(out)["files"][0]["findings"]]
    assert records == sorted(records)
    assert records[-1] > 150  # near the last of 156 lines: the ranges were joined up in order


def test_files_batches_and_unreadable_paths_together(
    cluster: LocalCluster, run: Run, batch: Path, tmp_path: Path
) -> None:
    args = [str(CORPUS / "invalid"), str(tmp_path / "missing.json"), str(batch), str(CORPUS / "valid")]
    code, out, _ = same_locally_and_on_dask(run, cluster.scheduler_address, "--jobs", "2", *args)
    assert code == 2
    assert "missing.json: GC900 error: cannot read: no such file or directory" in out


def test_urls_on_the_workers(cluster: LocalCluster, run: Run, batch: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")  # shared with the workers: they are threads of this process
    fs.pipe({"/gc-dask/batch.jsonl": batch.read_bytes()})
    try:
        local = run("--jobs", "2", "memory://gc-dask/")
        assert local[0] == 1
        assert local[1].startswith("memory://gc-dask/batch.jsonl:")
        assert run("--dask", cluster.scheduler_address, "--jobs", "2", "memory://gc-dask/") == local
    finally:
        fs.rm("/gc-dask", recursive=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_an_unreachable_scheduler_fails_fast_naming_it(run: Run) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    code, out, err = run("--dask", address, str(CORPUS / "valid"))
    assert time.monotonic() - started < 15
    assert code == 2
    assert out == ""
    assert err.startswith(f"gemini-contract: --dask {address}: cannot use the Dask scheduler: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_scheduler_without_workers_fails_fast(run: Run) -> None:
    local = {"processes": False, "protocol": "tcp", "host": "127.0.0.1", "dashboard_address": None}
    with LocalCluster(n_workers=0, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, **local) as empty:
        code, out, err = run("--dask", empty.scheduler_address, str(CORPUS / "valid"))
    assert (code, out) == (2, "")
    assert err == (
        f"gemini-contract: --dask {empty.scheduler_address}: cannot use the Dask scheduler: "
        "no worker joined the scheduler within 5 s\n"
    )


def test_a_malformed_address_is_one_line_and_exit_2() -> None:
    # In a subprocess: a half-made Client would hold up the interpreter's exit (and print there).
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from gemini_contract.cli.main import entry; entry()",
            "lint",
            "--dask",
            "nonsense",
            str(CORPUS / "valid"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert time.monotonic() - started < 15
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "gemini-contract: --dask nonsense: cannot use the Dask scheduler: missing port number in address 'nonsense'\n"
    )


def test_without_the_extra_dask_is_one_line_and_exit_2(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if `distributed` were not installed: importing it raises ImportError.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "gemini_contract.dask.executor", raising=False)
    code, out, err = run("--dask", "tcp://127.0.0.1:8786", str(CORPUS / "valid"))
    assert code == 2
    assert out == ""
    assert (
        err
        == "gemini-contract: --dask needs Dask (distributed is not installed): pip install 'gemini-contract[dask]'\n"
    )


def _raise_on_three(item: int) -> int:
    if item == 3:
        raise ValueError("three")
    return item * 10


def test_lost_work_comes_back_as_failures(cluster: LocalCluster) -> None:
    with connect(cluster.scheduler_address) as executor:
        assert isinstance(executor, DaskExecutor)
        assert executor.threads() == 2
        mapped = list(executor.map(_raise_on_three, list(range(10)), 2))
        assert [r for r in mapped if not isinstance(r, Failure)] == [
            r * 10 for r in range(10) if mapped[r] == r * 10
        ]
        failed = [index for index, r in enumerate(mapped) if isinstance(r, Failure)]
        assert 3 in failed
        assert "ValueError: three" in mapped[3].message  # type: ignore[union-attr]
        done: list[int] = []
        results, failures = executor.claim(_raise_on_three, 6, 2, done.append)
        assert results == {0: 0, 1: 10, 2: 20, 4: 40, 5: 50}
        assert failures == ["range 3: ValueError: three (on the Dask cluster)"]
        assert done == [0, 1, 2, 4, 5]
