"""validate() pauses the cyclic garbage collector for large and invalid documents (api._Run.pause_gc) and
always leaves it as it found it: on, off, or on after a validation that raised."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import orjson
import pytest
from gemini_contract.validator import api, validate, validate_record

SMALL_VALID = b'{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}'
SMALL_INVALID = b'{"contents":[{"role":"robot","parts":[{"text":"hi"}]}]}'
LARGE_VALID = orjson.dumps(
    {"contents": [{"role": "user", "parts": [{"text": "x" * 100}]} for _ in range(api._PAUSE_GC_BYTES // 50)]}
)
NOT_STANDARD = b'{"contents":[{"parts":[{"text":"hi"}]}], "contents":[]}'  # a duplicate key: tolerant parser


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _paused_during(data: bytes, monkeypatch: pytest.MonkeyPatch, *, record: bool = False) -> bool:
    """Whether the collector was off while the document's report was made (by _Run.report, or by the path
    of a clean body, which makes no _Run)."""
    seen: list[bool] = []
    report = api.make_report

    def spying(*args: object) -> object:
        seen.append(gc.isenabled())
        return report(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "make_report", spying)
    (validate_record if record else validate)(b'{"request":' + data + b"}" if record else data)
    monkeypatch.undo()
    assert len(seen) == 1, "one report per document"
    return not seen[0]


@pytest.mark.parametrize(
    ("data", "paused"),
    [(SMALL_VALID, False), (SMALL_INVALID, True), (LARGE_VALID, True), (NOT_STANDARD, True)],
    ids=["small valid", "small invalid", "large valid", "tolerant parser"],
)
@pytest.mark.parametrize("record", [False, True], ids=["validate", "validate_record"])
def test_paused_only_where_it_pays_and_restored(
    collector_on: None, monkeypatch: pytest.MonkeyPatch, data: bytes, paused: bool, record: bool
) -> None:
    assert len(LARGE_VALID) >= api._PAUSE_GC_BYTES
    assert _paused_during(data, monkeypatch, record=record) is paused
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        for data in (SMALL_INVALID, LARGE_VALID, NOT_STANDARD):
            validate(data)
            assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_restored_when_a_validation_raises(collector_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(run: api._Run) -> object:
        raise RuntimeError("a bug past the pause")

    monkeypatch.setattr(api._Run, "report", broken)
    for data in (SMALL_INVALID, LARGE_VALID):
        with pytest.raises(RuntimeError):
            validate(data)
        assert gc.isenabled()


def test_same_report_paused_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = [validate(data) for data in (SMALL_INVALID, LARGE_VALID, NOT_STANDARD)]
    monkeypatch.setattr(api._Run, "pause_gc", lambda run: None)
    assert [validate(data) for data in (SMALL_INVALID, LARGE_VALID, NOT_STANDARD)] == shipped
