"""Throughput of `gemini-contract lint --dask` against a local run, on a scheduler with 1 and with 2 workers.

Usage: .venv/bin/python bench/bench_dask.py [--runs N] [--records N] [--out bench/results/dask.md]

Inputs, built in a temporary folder: a Batch API JSONL file of N records (`{"key", "request"}`) cycling the
canonical requests of bench_lint.py and the corpus's invalid samples (so findings travel back too), and
1000 request files of the same requests. Two clusters are started as the docs show (`dask scheduler`,
`dask worker --nthreads 1`), on free ports of 127.0.0.1: one with 1 worker, one with 2. Each round runs
every configuration once, in turn (so the shared machine's drift spreads over all of them); the table shows
medians of whole-command wall time (interpreter start-up and connecting included) after one warm-up.

On this 2-CPU machine the workers share the CPUs with each other and with the client, so 2 workers cannot
beat the forked local run here; the figures show what --dask costs over a local run and how it scales from
1 to 2 workers, the way it would across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_lint import REPO, canonical_requests, compile_package, write_batch

BIN = Path(sys.executable).parent
# Every port on 127.0.0.1: --host binds the scheduler's and workers' own, --dashboard-address their HTTP
# servers (health, metrics), which listen on all interfaces even with --no-dashboard otherwise.
LOCAL = ("--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0")


def mixed_requests() -> list[bytes]:
    """The canonical requests, and the corpus's invalid samples that parse as JSON (they carry findings)."""
    invalid = []
    for path in sorted((REPO / "tests" / "fixtures" / "corpus" / "invalid").glob("*.json")):
        try:
            json.loads(path.read_bytes())
        except ValueError:
            continue
        invalid.append(path.read_bytes())
    canonical = canonical_requests()
    # About 1 record in 10 invalid: most of a real batch is clean, and the findings path costs more.
    return canonical * max(1, -(-9 * len(invalid) // len(canonical))) + invalid


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)  # its own process group: the nanny and its worker child
            process.wait(timeout=15)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def cluster(workers: int, logs: Path) -> Iterator[str]:
    """A `dask scheduler` and `workers` x `dask worker --nthreads 1`, as separate processes; stopped on exit."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    commands = [[dask, "scheduler", "--port", str(port), *LOCAL]]
    commands += [[dask, "worker", address, "--nthreads", "1", *LOCAL] for _ in range(workers)]
    started: list[subprocess.Popen[bytes]] = []
    try:
        for index, command in enumerate(commands):
            with (logs / f"{port}-{index}.log").open("wb") as log:
                started.append(
                    subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
                )
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in reversed(started):
            _stop(process)


def run_once(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "dask.md")
    args = parser.parse_args()
    compile_package()
    lint = [str(BIN / "gemini-contract"), "lint", "--quiet"]
    requests = mixed_requests()
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        root = Path(tmp)
        batch = root / "batch.jsonl"
        write_batch(batch, requests, args.records)
        folder = root / "files"
        folder.mkdir()
        for index in range(1000):
            (folder / f"request_{index:04d}.json").write_bytes(requests[index % len(requests)])
        inputs = {
            "jsonl": (str(batch), args.records),
            "1000 files": (str(folder), 1000),
            "5 files (start-up)": (str(REPO / "examples"), 5),
        }
        load_before = os.getloadavg()[0]
        with cluster(1, root) as one, cluster(2, root) as two:
            configs = {
                "local, 1 process (--jobs 1)": ["--jobs", "1"],
                "local, forked (1 per CPU)": [],
                "--dask, 1 worker": ["--dask", one],
                "--dask, 2 workers": ["--dask", two],
            }
            times: dict[tuple[str, str], list[float]] = {}
            codes: dict[tuple[str, str], int] = {}
            for name, (path, _) in inputs.items():
                for options in configs.values():
                    run_once([*lint, *options, path])  # warm-up: page cache, worker imports
                for _ in range(args.runs):
                    for config, options in configs.items():
                        seconds, code = run_once([*lint, *options, path])
                        times.setdefault((name, config), []).append(seconds)
                        codes[(name, config)] = code
        load_after = os.getloadavg()[0]
        size = batch.stat().st_size
    text = render(inputs, configs, times, codes, size, args, (load_before, load_after))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


def render(  # noqa: PLR0917 (one call site, every figure of the run)
    inputs: dict[str, tuple[str, int]],
    configs: dict[str, list[str]],
    times: dict[tuple[str, str], list[float]],
    codes: dict[tuple[str, str], int],
    size: int,
    args: argparse.Namespace,
    load: tuple[float, float],
) -> str:
    lines = [
        "# `gemini-contract lint --dask` throughput",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()}; load average {load[0]:.2f} before, {load[1]:.2f} after. Medians of {args.runs} "
        "rounds (each round runs every configuration once, in turn) after one warm-up; whole commands, "
        "start-up and connecting to the scheduler included. Workers: `dask worker --nthreads 1` processes "
        "on this machine, so they share its 2 CPUs with each other and with the client.",
        "",
        f"Inputs: a Batch API JSONL file of {args.records:,} records ({size / 1e6:.1f} MB; canonical requests "
        "and, 1 in 10, the corpus's invalid samples, cycled), 1000 request files of the same requests, and "
        "examples/ (5 files: what start-up costs; importing Dask's distributed takes about a second).",
        "",
        "| input | run | median | records/s | vs local forked | exit |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, (_, count) in inputs.items():
        base = statistics.median(times[(name, "local, forked (1 per CPU)")])
        for config in configs:
            median = statistics.median(times[(name, config)])
            rate = f"{count / median:,.0f} {'files' if 'files' in name else 'records'}/s"
            lines.append(
                f"| {name} | {config} | {median * 1000:,.0f} ms | {rate} | {median / base:.2f}x | "
                f"{codes[(name, config)]} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
