"""Benchmark of `gemini-contract lint` as a whole command, side by side with check-jsonschema and a minimal loop.

Usage: .venv/bin/python bench/bench_lint.py [--runs N] [--records N] [--out bench/results/lint.md]

Inputs, built in a temporary folder: canonical request files (the examples and every corpus sample that
the schema accepts as written), cycled to 1, 100 and 1000 files; 1000 distinct 10 KB bodies; 1000 mixed
files (1, 10 and 50 KB; 3 in 10 with snake_case names, a lower-case enum, an unknown key and a range error);
and a Batch API JSONL file of 100,000 records made of the canonical requests. Each command runs once to warm the page cache, then N times; the
table shows medians of wall time and the ratio to `gemini-contract lint`. Peak RSS is sampled from
/proc for the whole process tree (parent and workers together) every 10 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "schema" / "generate_content_request.schema.json"
BIN = Path(sys.executable).parent
# Compact sizes of the mixed files, cycled: six small (~1 KB), three medium (~10 KB), one large (~50 KB).
MIXED_SIZES = (1_000, 10_000, 1_000, 10_000, 1_000, 50_000, 1_000, 10_000, 1_000, 1_000)

LOOP_SCRIPT = """
import sys, orjson, jsonschema_rs
validator = jsonschema_rs.validator_for(orjson.loads(open(sys.argv[1], "rb").read()))
bad = 0
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        if path.endswith(".jsonl"):
            for line in f:
                record = orjson.loads(line)
                bad += not validator.is_valid(record.get("request", record))
        else:
            bad += not validator.is_valid(orjson.loads(f.read()))
sys.exit(1 if bad else 0)
"""


def compile_package() -> None:
    """Write the package's bytecode, as `pip install` does: an editable link tree (or PYTHONDONTWRITEBYTECODE) has
    none, and recompiling every module on each start would be measured instead of the linter."""
    import compileall

    import gemini_contract

    compileall.compile_dir(str(Path(gemini_contract.__file__).parent), quiet=1)


def canonical_requests() -> list[bytes]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    sources = sorted((REPO / "examples").glob("*.json")) + sorted(
        (REPO / "tests" / "fixtures" / "corpus" / "valid").glob("*.json")
    )
    kept = []
    for path in sources:
        data = path.read_bytes()
        if validator.is_valid(json.loads(data)):
            kept.append(data)
    return kept


def write_batch(path: Path, requests: list[bytes], records: int) -> None:
    compact = [json.dumps(json.loads(data), separators=(",", ":")) for data in requests]
    with open(path, "w", encoding="utf-8") as out:
        for index in range(records):
            out.write(f'{{"key":"request-{index}","request":{compact[index % len(compact)]}}}\n')


def build_inputs(root: Path, requests: list[bytes], records: int) -> dict[str, list[str]]:
    """Request files, a batch of all the requests, and a batch of the requests lint finds nothing in."""
    from gemini_contract import validate

    folder = root / "files"
    folder.mkdir()
    paths = []
    for index in range(1000):
        path = folder / f"request_{index:04d}.json"
        path.write_bytes(requests[index % len(requests)])
        paths.append(str(path))
    # The reference size: 10 KB request bodies (a conversation with tools), 1000 distinct files.
    from bodies import body, invalid_body

    big = root / "files10k"
    big.mkdir()
    big_paths = []
    for index in range(1000):
        path = big / f"request_{index:04d}.json"
        doc = body(10_000)
        doc["contents"][0]["parts"][0]["text"] += f" ({index})"
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
        big_paths.append(str(path))
    # The mix: small, medium and large bodies, 3 in 10 with the mistakes people make (see bodies.py).
    mixed = root / "mixed"
    mixed.mkdir()
    mixed_paths = []
    for index in range(1000):
        path = mixed / f"request_{index:04d}.json"
        size = MIXED_SIZES[index % len(MIXED_SIZES)]
        doc = invalid_body(size) if index % 10 in (2, 5, 8) else body(size)
        doc["contents"][0]["parts"][0]["text"] += f" ({index})"
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
        mixed_paths.append(str(path))
    write_batch(root / "batch.jsonl", requests, records)
    write_batch(root / "clean.jsonl", [data for data in requests if not validate(data).findings], records)
    return {
        "1 file": paths[:1],
        "100 files": paths[:100],
        "1000 files": paths,
        "1000 files of 10 KB": big_paths,
        "1000 mixed files, 3 in 10 invalid": mixed_paths,
        "jsonl": [str(root / "batch.jsonl")],
        "jsonl, clean records": [str(root / "clean.jsonl")],
    }


def validator_alone(batch: Path, limit: int = 20_000) -> float:
    """Microseconds per record of validate_record itself, in this process, one core (the floor for lint)."""
    from gemini_contract.validator import validate_record

    with open(batch, "rb") as stream:
        lines = [line for _, line in zip(range(limit), stream, strict=False)]
    validate_record(lines[0])
    start = time.perf_counter()
    for line in lines:
        validate_record(line)
    return (time.perf_counter() - start) / len(lines) * 1e6


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_once(command: list[str]) -> tuple[float, int, int]:
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(process.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peak, code


def measure_all(tools: dict[str, list[str]], runs: int) -> dict[str, dict[str, Any]]:
    """Each tool once to warm up, then `runs` rounds of every tool in turn, so load changes hit all alike. The
    order turns by one each round: a run right after check-jsonschema's ten CPU-bound seconds was slower
    (lint of the 1000 mixed files 299-370 ms after it, 268-323 ms after another lint), and in a fixed order
    that penalty fell on the same tool every round."""
    for command in tools.values():
        run_once(command)
    samples: dict[str, list[tuple[float, int, int]]] = {tool: [] for tool in tools}
    order = list(tools.items())
    for round_index in range(runs):
        shift = round_index % len(order)
        for tool, command in order[shift:] + order[:shift]:
            samples[tool].append(run_once(command))
    return {
        tool: {
            "median": statistics.median(elapsed for elapsed, _, _ in got),
            "rss_mib": max(peak for _, peak, _ in got) / 1024,
            "codes": sorted({code for _, _, code in got}),
        }
        for tool, got in samples.items()
    }


def commands(paths: list[str], loop: Path) -> dict[str, list[str]]:
    tools = {
        "gemini-contract lint": [str(BIN / "gemini-contract"), "lint", "--quiet", *paths],
        "gemini-contract lint -j1": [str(BIN / "gemini-contract"), "lint", "--quiet", "-j", "1", *paths],
        "orjson + jsonschema-rs loop": [sys.executable, str(loop), str(SCHEMA), *paths],
    }
    if not paths[0].endswith(".jsonl"):
        tools["check-jsonschema"] = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA), *paths]
    return tools


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "lint.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-lint-") as tmp:
        root = Path(tmp)
        loop = root / "loop.py"
        loop.write_text(LOOP_SCRIPT)
        requests = canonical_requests()
        inputs = build_inputs(root, requests, args.records)
        sizes = {
            label: Path(paths[0]).stat().st_size
            for label, paths in inputs.items()
            if label.startswith("jsonl")
        }
        per_record = {label: validator_alone(Path(inputs[label][0])) for label in sizes}
        rows = []
        load_before = os.getloadavg()[0]
        for label, paths in inputs.items():
            compile_package()
            measured = measure_all(commands(paths, loop), args.runs)
            rows.append((label, measured))
            print(label, {tool: round(m["median"] * 1000, 1) for tool, m in measured.items()}, flush=True)
    text = render(rows, len(requests), sizes, args, (load_before, os.getloadavg()[0]))
    for label, micros in per_record.items():
        text += (
            f"\nPer record ({label}): `validate_record` alone took {micros:.0f} µs per record in-process on one "
            f"core ({sizes[label] / args.records / micros:.1f} MB/s), measured once before the rounds above; "
            f"lint's ceiling is about {os.cpu_count()} x that at the same moment (this machine's speed varies up "
            "to 2x within minutes, so compare numbers within one table).\n"
        )
    args.out.write_text(text, encoding="utf-8")
    # The figures make_readme.py reads for the README's table of issue #17's targets (one run, one source).
    figures = {
        "records": args.records,
        "sizes": sizes,
        "medians_s": {label: {tool: m["median"] for tool, m in measured.items()} for label, measured in rows},
    }
    args.out.with_suffix(".json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(text)
    return 0


def render(
    rows: list[tuple[str, dict[str, dict[str, Any]]]],
    n_requests: int,
    sizes: dict[str, int],
    args: argparse.Namespace,
    load: tuple[float, float],
) -> str:
    ours = "gemini-contract lint"
    lines = [
        "# `gemini-contract lint` benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()}; load average {load[0]:.2f} before, {load[1]:.2f} after. Medians of {args.runs} rounds "
        "(each round runs every tool once, in turn) after one warm-up, whole commands "
        "(interpreter start-up included, package bytecode compiled as `pip install` leaves it). "
        "Peak RSS: parent and workers together, sampled every 10 ms.",
        "",
        f"Inputs: {n_requests} distinct canonical requests (examples/ and the corpus samples the schema accepts "
        f"as written), cycled; the JSONL file is {args.records:,} Batch API records "
        f'(`{{"key", "request"}}`), {sizes["jsonl"] / 1e6:.1f} MB; the clean variant repeats only the requests lint '
        f"finds nothing in ({sizes['jsonl, clean records'] / 1e6:.1f} MB). check-jsonschema has no JSONL mode.",
        "",
        "| input | tool | median | vs lint | MB/s | peak RSS | exit |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for label, measured in rows:
        base = measured[ours]["median"]
        for tool, m in measured.items():
            ratio = m["median"] / base
            speed = f"{sizes[label] / 1e6 / m['median']:.1f}" if label in sizes else ""
            lines.append(
                f"| {label} | {tool} | {m['median'] * 1000:.0f} ms | {ratio:.1f}x | {speed} | "
                f"{m['rss_mib']:.0f} MiB | {','.join(map(str, m['codes']))} |"
            )
    lines += [
        "",
        "`vs lint` is the tool's time divided by `gemini-contract lint`'s (above 1: lint is faster).",
        f"Reproduce: `.venv/bin/python bench/bench_lint.py --runs {args.runs} --records {args.records}`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
