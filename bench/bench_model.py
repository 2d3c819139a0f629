"""`--model` costs: validate_record over the batch benchmark's requests with and without a model, timed in
alternating batches (bench/timing.interleaved), and whole `gemini-contract lint` commands on a 20,000-record
JSONL file with and without `--model`, alternating runs. Writes results/model.md."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_lint import canonical_requests, compile_package, write_batch
from gemini_contract.validator import validate_record

RESULTS = Path(__file__).resolve().parent / "results" / "model.md"
MODELS = ("gemini-2.5-flash", "gemini-3-flash-preview")


def _cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def in_process(lines: list[bytes]) -> dict[str, float]:
    """CPU time per record over the records with the same findings with and without the model (a finding
    costs its placement whatever rule it is: new findings are the model rules' job, not their overhead).
    CPU time, in alternating rounds: the 2-CPU machine is shared, and wall-clock time moves 2x with its load."""

    def run(model: str | None, subset: list[bytes]) -> Callable[[], object]:
        return lambda: [validate_record(line, model=model) for _ in range(20) for line in subset]

    per_record: dict[str, float] = {}
    for model in MODELS:
        same = [
            line
            for line in lines
            if validate_record(line).findings == validate_record(line, model=model).findings
        ]
        rounds: dict[str, list[float]] = {"none": [], model: []}
        for _ in range(15):
            rounds["none"].append(_cpu(run(None, same)))
            rounds[model].append(_cpu(run(model, same)))
        per_record[f"no model ({model}'s {len(same)} records)"] = (
            statistics.median(rounds["none"]) / 20 / len(same)
        )
        per_record[model] = statistics.median(rounds[model]) / 20 / len(same)
    return per_record


def commands(path: Path, runs: int) -> dict[str, float]:
    """CPU time (user + system) of whole commands, alternating, median of `runs`."""
    lint = [str(Path(sys.executable).parent / "gemini-contract"), "lint", "--jobs", "1", "--quiet", str(path)]
    variants = {"no model": lint, **{m: [*lint[:2], "--model", m, *lint[2:]] for m in MODELS}}
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, command in variants.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, capture_output=True, check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    compile_package()
    requests = canonical_requests()
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.jsonl"
        write_batch(batch, requests, len(requests))
        lines = batch.read_bytes().splitlines()
        per_record = in_process(lines)
        clean = [
            request
            for request, line in zip(requests, lines, strict=True)
            if all(validate_record(line, model=m).findings == validate_record(line).findings for m in MODELS)
        ]
        write_batch(batch, clean, 20_000)
        whole = commands(batch, runs=5)
    base_cmd = whole["no model"]
    rows = [f"| no model | | | {base_cmd:.2f} s CPU | 1.000x |"]
    for model in MODELS:
        base_name = next(name for name in per_record if name.startswith(f"no model ({model}"))
        base = per_record[base_name]
        rows.append(f"| {base_name} | {base * 1e6:.1f} µs | 1.000x | | |")
        rows.append(
            f"| {model} | {per_record[model] * 1e6:.1f} µs | {per_record[model] / base:.3f}x | "
            f"{whole[model]:.2f} s | {whole[model] / base_cmd:.3f}x |"
        )
    text = "\n".join(
        [
            "# `--model` overhead",
            "",
            f"{len(requests)} distinct canonical requests (examples/ and the valid corpus) as Batch API records. In process: "
            "CPU time of validate_record() per record over the records the model adds no finding to (a finding costs its placement, "
            "whatever its rule), medians of 15 alternating rounds. Whole command: CPU time (user + system) of "
            "`gemini-contract lint --jobs 1` on 20,000 records of the requests clean for every model here (start-up "
            "included), median of 5 alternating runs. CPU time, not wall-clock: the 2-CPU machine is shared.",
            "",
            "| model | validate_record | vs none | lint 20,000 records | vs none |",
            "|---|---:|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
