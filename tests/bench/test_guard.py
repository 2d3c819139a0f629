"""The bench guard's pure parts: its figures are what guard.json names, its verdict bites, and the bodies it
times carry the mistakes it says they carry."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gemini_contract import validate

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import guard  # noqa: E402
from bodies import five_error_body, unknown_in_parts  # noqa: E402


def test_every_figure_has_a_ceiling_above_its_target() -> None:
    limits = json.loads(guard.LIMITS.read_text(encoding="utf-8"))
    assert set(limits) == {
        "validate_valid_10kb",
        "validate_5_errors_10kb",
        "unknown_parts_20k_per_part_vs_2k",
        "lint_one_file_vs_imports",
        "lint_1000_files_vs_loop",
        "lint_jsonl_20k_vs_loop",
    }
    for name, limit in limits.items():
        assert limit["target"] <= limit["max"], name
        assert limit["what"], name


def test_a_ratio_over_its_ceiling_fails_and_one_under_passes() -> None:
    limits = {"a": {"max": 2.0, "target": 1.0}, "b": {"max": 3.0, "target": 1.0}}
    assert guard.check({"a": 1.9, "b": 2.9}, limits) == []
    assert guard.check({"a": 2.1, "b": 2.9}, limits) == ["a: 2.10x, over the ceiling of 2.0x"]


def test_the_timed_bodies_are_what_they_claim() -> None:
    rules = sorted({f.rule for f in validate(json.dumps(five_error_body(10_000))).findings})
    assert len(rules) >= 4, rules  # role, type, range, unknown member, enum: distinct rules
    report = validate(json.dumps(unknown_in_parts(50)))
    assert [f.rule for f in report.findings] == ["GC201"] * 50


@pytest.mark.parametrize("count", [1, 7])
def test_unknown_parts_has_one_finding_per_part(count: int) -> None:
    assert len(validate(json.dumps(unknown_in_parts(count))).findings) == count
