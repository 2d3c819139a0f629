"""A/B of whole `gemini-contract lint` commands between installs (e.g. a release and this checkout), in one run.

Usage: .venv/bin/python bench/ab_lint.py OLD_EXE NEW_EXE [--rounds 5]
  where each EXE is a `gemini-contract` script of a venv (install both the same way, non-editable:
  `python -m venv /tmp/old && /tmp/old/bin/pip install /path/to/old/checkout`).

Runs each case with `--quiet -j1` (one file with `--quiet` alone: it is never forked, and that is the command
line pre-commit runs, which needs no option parsing), alternating the installs, and prints the median CPU time
(user + sys of the command, so the shared machine's load moves both sides alike) and the ratio NEW/OLD. The
inputs are bench_lint.py's: one request file, 1000 request files, and a 100,000-record JSONL batch of mixed
requests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_lint
from timing import cpu_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = bench_lint.build_inputs(Path(tmp), bench_lint.canonical_requests(), 100_000)
        serial = ["--quiet", "-j1"]
        cases = {
            "1 file": (["--quiet"], inputs["1 file"]),
            "1000 files": (serial, inputs["1000 files"]),
            "jsonl 100k mixed": (serial, inputs["jsonl"]),
        }
        times: dict[tuple[str, str], list[float]] = {}
        for name, (options, paths) in cases.items():
            for _ in range(args.rounds):
                for side in ("old", "new"):
                    exe = getattr(args, side)
                    times.setdefault((name, side), []).append(cpu_seconds([exe, "lint", *options, *paths]))
    print("| input | old CPU | new CPU | new/old |")
    print("|---|---:|---:|---:|")
    for name in cases:
        old, new = (statistics.median(times[(name, side)]) for side in ("old", "new"))
        print(f"| {name} | {old * 1000:.0f} ms | {new * 1000:.0f} ms | {new / old:.2f} |")
    print(json.dumps({"rounds": args.rounds}))


if __name__ == "__main__":
    main()
