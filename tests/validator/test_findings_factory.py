"""`findings.finding` and `findings.make_report`, the fast ways to make a Finding and a Report, make exactly
what `Finding(...)` and `Report(...)` make."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest
from gemini_contract.validator.findings import (
    Finding,
    Report,
    Severity,
    _Built,
    _BuiltReport,
    finding,
    make_report,
)
from gemini_contract.validator.spans import Fix, Record, Span

from gemini_contract.lint.checking import as_row, from_row

FIELDS = (
    "GC204",
    Severity.ERROR,
    "/contents/1/role",
    19,
    15,
    "'assistant' is not a valid Content.role",
    "use user or model",
    Span(300, 311),
    19,
    26,
    Fix(Span(300, 311), '"model"'),
)


def test_the_twin_lays_out_finding_s_slots_in_finding_s_order() -> None:
    # Switching an object's class needs the same slots in the same order: a field added to Finding alone
    # would make finding() raise TypeError (or worse, with a field renamed, fill the wrong one).
    assert _Built.__slots__ == Finding.__slots__
    built = inspect.signature(finding).parameters
    assert [(name, p.default) for name, p in built.items()] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(Finding)
    ]


def test_the_report_twin_lays_out_report_s_slots_in_report_s_order() -> None:
    assert _BuiltReport.__slots__ == Report.__slots__ == tuple(f.name for f in dataclasses.fields(Report))


def test_make_report_makes_what_the_constructor_makes() -> None:
    made = make_report((finding(*FIELDS),), {"contents": []})
    expected = Report((Finding(*FIELDS),), {"contents": []})
    assert type(made) is Report
    assert made == expected
    assert repr(made) == repr(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.canonical = None  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == made
    assert made.ok is False


@pytest.mark.parametrize("count", [6, 7, 11])
def test_finding_makes_what_the_constructor_makes(count: int) -> None:
    made = finding(*FIELDS[:count])
    expected = Finding(*FIELDS[:count])
    assert type(made) is Finding
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected)
    assert dataclasses.astuple(made) == dataclasses.astuple(expected)


def test_a_made_finding_is_frozen_and_copies_and_pickles_as_one() -> None:
    made = finding(*FIELDS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 1  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == made
    assert copy.copy(made) == made
    assert dataclasses.replace(made, line=3) == Finding(*FIELDS[:3], 3, *FIELDS[4:])


@pytest.mark.parametrize("end_line", [19, None])
def test_a_row_placed_on_its_record_is_what_the_record_places(end_line: int | None) -> None:
    original = Finding(*FIELDS[:8], end_line, FIELDS[9], FIELDS[10])
    record = Record(12_345)
    assert from_row(as_row(original), record) == record.place(original)
    assert from_row(as_row(original)) == original
