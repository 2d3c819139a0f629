"""CI guard: the speed figures of issue #17 as ratios to their floors, each against a generous ceiling.

Usage: python bench/guard.py [--json]   (scripts/test.sh runs it after pytest; BENCH_GUARD=0 skips it)

Every figure is a ratio measured in one run (the machine is shared and its speed drifts up to 2x within
minutes, so absolute times would fail at random): our cost divided by the cost of the floor it is compared
with, both timed in alternating rounds (medians). In-process figures use CPU-independent wall time of
alternating batches; whole commands use the CPU time of the child (user + sys), so load moves both sides.
`bench/guard.json` holds, per figure, the ceiling (`max`: a regression past it fails CI) and the issue's
`target` (reported, not enforced: the bench README says where each stands), and `what` it measures. The ceilings sit well above
today's ratios: they catch a lost fast path (2x and worse), not noise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_lint import LOOP_SCRIPT, compile_package  # noqa: E402
from bodies import body, dumps, five_error_body, unknown_in_parts  # noqa: E402
from timing import cpu_seconds, interleaved  # noqa: E402

LIMITS = HERE / "guard.json"
BIN = Path(sys.executable).parent
SMALL = b'{"contents":[{"role":"user","parts":[{"text":"Hello"}]}],"generationConfig":{"temperature":0.5}}\n'

# The floor of a whole command: the interpreter with the libraries any JSON Schema CLI of ours must load.
FLOOR_IMPORTS = "import click, orjson, jsonschema_rs"


def in_process() -> dict[str, float]:
    import jsonschema_rs
    import orjson
    from gemini_contract.schema import load_schema

    from gemini_contract import validate

    rs = jsonschema_rs.Draft202012Validator(load_schema(), pattern_options=jsonschema_rs.RegexOptions())
    valid = dumps(body(10_000))
    invalid = dumps(five_error_body(10_000))
    assert validate(valid).ok, "the valid body must stay valid"
    assert len(validate(invalid).findings) >= 5, "each planted mistake is a finding"
    clean = interleaved({"ours": lambda: validate(valid), "floor": lambda: rs.is_valid(orjson.loads(valid))})
    wrong = interleaved(
        {"ours": lambda: validate(invalid), "floor": lambda: list(rs.iter_errors(orjson.loads(invalid)))}
    )
    small, large = (json.dumps(unknown_in_parts(n)).encode() for n in (2_000, 20_000))
    parts = interleaved({"2k": lambda: validate(small), "20k": lambda: validate(large)}, budget=3.0)
    return {
        "validate_valid_10kb": clean["ours"] / clean["floor"],
        "validate_5_errors_10kb": wrong["ours"] / wrong["floor"],
        "unknown_parts_20k_per_part_vs_2k": parts["20k"] / 10 / parts["2k"],
    }


def _alternating(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    for command in commands.values():
        cpu_seconds(command)  # warm the page cache and the bytecode
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            samples[name].append(cpu_seconds(command))
    return {name: statistics.median(values) for name, values in samples.items()}


def whole_commands(rounds: int) -> dict[str, float]:
    from gemini_contract.schema import schema_path

    lint = [str(BIN / "gemini-contract"), "lint", "--quiet", "--isolated", "-j1"]
    with tempfile.TemporaryDirectory(prefix="bench-guard-") as tmp:
        root = Path(tmp)
        one = root / "one.json"
        one.write_bytes(SMALL)
        loop = root / "loop.py"
        loop.write_text(LOOP_SCRIPT)
        files = []
        for index in range(1000):
            path = root / "files" / f"r{index:04d}.json"
            path.parent.mkdir(exist_ok=True)
            doc = body(1_000)
            doc["contents"][0]["parts"][0]["text"] += f" ({index})"
            path.write_bytes(dumps(doc))
            files.append(str(path))
        batch = root / "batch.jsonl"
        record = json.dumps(body(1_000), separators=(",", ":"))
        batch.write_text("".join(f'{{"key":"k{i}","request":{record}}}\n' for i in range(20_000)))
        start = _alternating(
            {"lint": [*lint, str(one)], "floor": [sys.executable, "-c", FLOOR_IMPORTS]}, rounds
        )
        many = _alternating(
            {
                "lint": [*lint, str(root / "files")],
                "floor": [sys.executable, str(loop), str(schema_path()), *files],
            },
            rounds,
        )
        jsonl = _alternating(
            {
                "lint": [*lint, str(batch)],
                "floor": [sys.executable, str(loop), str(schema_path()), str(batch)],
            },
            rounds,
        )
    return {
        "lint_one_file_vs_imports": start["lint"] / start["floor"],
        "lint_1000_files_vs_loop": many["lint"] / many["floor"],
        "lint_jsonl_20k_vs_loop": jsonl["lint"] / jsonl["floor"],
    }


def markdown(measured: dict[str, float], limits: dict[str, dict[str, Any]], load: float) -> str:
    lines = [
        "# Speed figures (issue #17) as ratios: `bench/guard.py`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
        f"{load:.2f} at the start. Each ratio is ours over its floor, timed in alternating rounds (medians) in "
        "one run. CI fails past the ceiling; the target is the issue's.",
        "",
        "| figure | what | ratio | target | ceiling | |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, value in measured.items():
        limit = limits[name]
        mark = "target met" if value <= limit["target"] else "above target"
        lines.append(
            f"| `{name}` | {limit['what']} | {value:.2f}x | {limit['target']:.2f}x | {limit['max']:.2f}x | {mark} |"
        )
    lines += ["", "Reproduce: `.venv/bin/python bench/guard.py --markdown`.", ""]
    return "\n".join(lines)


def check(measured: dict[str, float], limits: dict[str, dict[str, Any]]) -> list[str]:
    """One line per figure over its ceiling (empty: all within)."""
    return [
        f"{name}: {value:.2f}x, over the ceiling of {limits[name]['max']}x"
        for name, value in measured.items()
        if value > limits[name]["max"]
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the ratios as JSON")
    parser.add_argument("--markdown", action="store_true", help="also write bench/results/guard.md")
    args = parser.parse_args()
    limits: dict[str, dict[str, Any]] = json.loads(LIMITS.read_text(encoding="utf-8"))
    figures: list[Callable[[], dict[str, float]]] = [in_process, lambda: whole_commands(args.rounds)]
    compile_package()
    load = os.getloadavg()[0]
    measured: dict[str, float] = {}
    for figure in figures:
        measured.update(figure())
    assert measured.keys() == limits.keys(), "bench/guard.json names every figure, and only those"
    if args.json:
        print(json.dumps({name: round(value, 3) for name, value in measured.items()}, indent=1))
    else:
        print(f"{'figure':36s} {'ratio':>8s} {'target':>8s} {'ceiling':>8s}")
        for name, value in measured.items():
            print(f"{name:36s} {value:7.2f}x {limits[name]['target']:7.2f}x {limits[name]['max']:7.2f}x")
    if args.markdown:
        (HERE / "results" / "guard.md").write_text(markdown(measured, limits, load), encoding="utf-8")
    failures = check(measured, limits)
    for line in failures:
        print(
            f"bench guard: {line} (bench/guard.json; rerun on a quiet machine before raising it)",
            file=sys.stderr,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
