"""The README's table of issue #17's targets is computed from the saved figures: each verdict follows the
numbers (met exactly where the target holds), and the committed figures carry every key the table reads."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import make_readme  # noqa: E402

MIXED = "1000 mixed files, 3 in 10 invalid"
LINT: dict[str, Any] = {
    "records": 100_000,
    "sizes": {"jsonl": 50_000_000, "jsonl, clean records": 44_000_000},
    "medians_s": {
        "1 file": {make_readme.OURS: 0.080, make_readme.OTHER: 0.340},
        MIXED: {make_readme.OURS: 0.200, make_readme.OTHER: 6.500},
        "jsonl": {make_readme.ONE_CORE: 1.600},
        "jsonl, clean records": {make_readme.ONE_CORE: 1.000},
    },
}
VALIDATOR: dict[str, Any] = {
    "ratio_to_floor": {make_readme.VALID_10KB: 1.4, make_readme.FIVE_ERRORS: 3.5},
    "unknown_parts_s": {"1000": 0.020, "20000": 0.500},
}


def verdicts(lint: dict[str, Any], validator: dict[str, Any]) -> list[str]:
    rows = make_readme.targets(lint, validator)[6:]
    return [row.rsplit("|", 2)[1].strip() for row in rows]


def test_each_verdict_follows_its_figure() -> None:
    # one file 80 ms at 4.25x; 32.5x; 31.25 MB/s; 1.4x; 3.5x; 500 ms and 1.25x per Part
    assert verdicts(LINT, VALIDATOR) == ["met", "met", "met", "met", "not met", "not met"]
    slower = copy.deepcopy(LINT)
    slower["medians_s"]["1 file"][make_readme.OURS] = 0.101  # under 4x and over 100 ms
    slower["medians_s"][MIXED][make_readme.OURS] = 0.220  # 29.5x
    slower["medians_s"]["jsonl"][make_readme.ONE_CORE] = 1.700  # 29.4 MB/s
    better = copy.deepcopy(VALIDATOR)
    better["ratio_to_floor"][make_readme.FIVE_ERRORS] = 3.0
    better["unknown_parts_s"]["20000"] = 0.400  # linear
    assert verdicts(slower, better) == ["not met", "not met", "not met", "met", "met", "met"]


def test_the_committed_figures_make_the_table() -> None:
    lint = json.loads((BENCH / "results" / "lint.json").read_text(encoding="utf-8"))
    validator = json.loads((BENCH / "results" / "validator.json").read_text(encoding="utf-8"))
    rows = make_readme.targets(lint, validator)
    assert len(rows) == 6 + 6
    readme = (BENCH / "README.md").read_text(encoding="utf-8")
    assert "\n".join(rows) in readme, "bench/README.md is rebuilt from these figures (make_readme.py)"
