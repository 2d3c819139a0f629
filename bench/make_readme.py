"""Rebuild bench/README.md from its header and the latest bench/results/ (run after any bench script).

The table of issue #17's targets is computed here from the figures the scripts save next to their tables
(results/lint.json, results/validator.json), so that it always says what the latest runs measured.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RESULTS = HERE / "results"
ORDER = (
    "guard.md",
    "validator.md",
    "stages.md",
    "gc_pause.md",
    "lint.md",
    "model.md",
    "dask.md",
    "codegen.md",
    "strategies.md",
    "mock.md",
)
TARGETS = "## Issue #17's targets, where they stand"
MARK = "The latest outputs follow."

OURS, ONE_CORE, OTHER = "gemini-contract lint", "gemini-contract lint -j1", "check-jsonschema"
FIVE_ERRORS = "medium, issue #17's 5 errors, invalid"
VALID_10KB = "medium (10 KB compact), valid"


def targets(lint: dict[str, Any], validator: dict[str, Any]) -> list[str]:
    """The table: each of issue #17's figures, its target, what the latest run measured, and whether that
    meets the target (computed, never typed in). Linear: the cost per Part at the largest count within 10%
    of its cost at the smallest."""
    medians, sizes = lint["medians_s"], lint["sizes"]
    one = medians["1 file"]
    mixed = medians["1000 mixed files, 3 in 10 invalid"]
    mixed_ratio = mixed[OTHER] / mixed[OURS]
    jsonl_rate = sizes["jsonl"] / 1e6 / medians["jsonl"][ONE_CORE]
    clean_rate = sizes["jsonl, clean records"] / 1e6 / medians["jsonl, clean records"][ONE_CORE]
    ratios = validator["ratio_to_floor"]
    parts = {int(n): seconds for n, seconds in validator["unknown_parts_s"].items()}
    largest, smallest = max(parts), min(parts)
    growth = (parts[largest] / largest) / (parts[smallest] / smallest)
    rows = [
        (
            "one small file, `gemini-contract lint FILE`",
            "≤ 100 ms, ≥ 4x check-jsonschema",
            f"{one[OURS] * 1e3:.0f} ms; check-jsonschema {one[OTHER] * 1e3:.0f} ms "
            f"({one[OTHER] / one[OURS]:.2f}x)",
            one[OURS] <= 0.1 and one[OTHER] / one[OURS] >= 4,
        ),
        (
            "1000 mixed files (3 in 10 invalid)",
            "≥ 30x check-jsonschema (goal 40x)",
            f"{mixed[OURS] * 1e3:.0f} ms vs {mixed[OTHER] * 1e3:,.0f} ms ({mixed_ratio:.1f}x)",
            mixed_ratio >= 30,
        ),
        (
            "JSONL, mixed records, one core (`-j1`)",
            "≥ 30 MB/s",
            f"{jsonl_rate:.2f} MB/s (clean records {clean_rate:.1f} MB/s)",
            jsonl_rate >= 30,
        ),
        (
            "valid 10 KB body, `validate()`",
            "≤ 1.5x orjson.loads + is_valid",
            f"{ratios[VALID_10KB]:.2f}x",
            ratios[VALID_10KB] <= 1.5,
        ),
        (
            "10 KB body with 5 errors",
            "≤ 3x orjson.loads + list(iter_errors)",
            f"{ratios[FIVE_ERRORS]:.2f}x",
            ratios[FIVE_ERRORS] <= 3,
        ),
        (
            f"{largest:,} Parts with an unknown member each",
            "< 1 s, linear",
            f"{parts[largest] * 1e3:,.0f} ms; per Part {growth:.2f}x its cost at {smallest:,}",
            parts[largest] < 1 and growth <= 1.1,
        ),
    ]
    lines = [
        TARGETS,
        "",
        "Computed by `make_readme.py` from the latest `bench_lint.py` and `bench_validator.py` runs (their tables "
        "follow); `lint --dask` (same output as a local run, 1 and 2 workers measured) is in `results/dask.md`.",
        "",
        "| figure | target | measured | |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {figure} | {target} | {got} | {'met' if met else 'not met'} |"
        for figure, target, got, met in rows
    ]
    return lines


def main() -> None:
    readme = HERE / "README.md"
    header = readme.read_text(encoding="utf-8").split(TARGETS)[0].split(MARK)[0].rstrip()
    lint = json.loads((RESULTS / "lint.json").read_text(encoding="utf-8"))
    validator = json.loads((RESULTS / "validator.json").read_text(encoding="utf-8"))
    table = "\n".join([*targets(lint, validator), "", MARK])
    sections = [(RESULTS / name).read_text(encoding="utf-8").strip() for name in ORDER]
    readme.write_text("\n\n\n".join([header, table, *sections]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
