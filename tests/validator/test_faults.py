"""Faults found by probing the validator (issue #18), each reproduced so it cannot come back: cost linear in
the findings, bounded memory for patterns, limits that count only real containers and hold for every kind of
input, one finding per cause, and parsed Python values held to what JSON can say."""

from __future__ import annotations

import datetime
import decimal
import enum
import json
from typing import Any

import pytest
from gemini_contract.validator import locate
from gemini_contract.validator.api import MAX_CONTAINERS
from gemini_contract.validator.checks import schemas

from gemini_contract import validate

BASE: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "x"}]}]}


def _rules(data: Any, **options: Any) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in validate(data, **options).findings]


def _unknown_in_every_part(count: int) -> bytes:
    parts = [{"text": "x", "bogus": 1} for _ in range(count)]
    return json.dumps({"contents": [{"role": "user", "parts": parts}]}).encode()


def test_placing_findings_walks_the_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each finding used to be located by a walk from the start of the text that skipped every array item
    # before it: N findings in one array cost N^2/2 skips (20,000 parts: 260 s). Count the skips instead of
    # timing them: doubling the findings must no more than double the work.
    calls = 0
    original = locate._past_value

    def counting(text: str, at: int) -> int:
        nonlocal calls
        calls += 1
        return original(text, at)

    monkeypatch.setattr(locate, "_past_value", counting)
    counts = []
    for parts in (400, 800):
        calls = 0
        report = validate(_unknown_in_every_part(parts))
        assert len(report.findings) == parts
        assert report.findings[-1].line == 1
        counts.append(calls)
    assert counts[1] <= 2.2 * counts[0], counts


def test_a_pattern_too_long_to_compile_is_a_warning_not_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(pattern: str) -> None:
        raise AssertionError("a pattern over the limit was compiled")

    monkeypatch.setattr(schemas, "_regex_error", refuse)
    pattern = "|".join(f"w{i}" for i in range(schemas.MAX_PATTERN_CHARS // 3))
    config = {
        "responseMimeType": "application/json",
        "responseJsonSchema": {"type": "string", "pattern": pattern},
    }
    report = validate(json.dumps({**BASE, "generationConfig": config}))
    assert [(f.rule, str(f.severity)) for f in report.findings] == [("GC337", "warning")]
    assert report.findings[0].pointer == "/generationConfig/responseJsonSchema/pattern"


def test_brackets_inside_strings_do_not_count_as_containers() -> None:
    text = {"contents": [{"role": "user", "parts": [{"text": "{[" * (MAX_CONTAINERS // 2 + 1)}]}]}
    assert validate(json.dumps(text)).findings == ()
    many = "[" + ",".join(["{}"] * (MAX_CONTAINERS + 1)) + "]"
    assert _rules(many) == [("GC010", "")]


@pytest.mark.parametrize(
    ("literal", "rule"),
    [
        ("1e400", "GC008"),
        ("-1e400", "GC008"),
        ("1" + "0" * 400, "GC008"),
        ("NaN", "GC006"),
        ("Infinity", "GC006"),
    ],
)
@pytest.mark.parametrize("field", ["temperature", "maxOutputTokens", "topK", "presencePenalty"])
def test_a_number_without_a_double_is_one_finding(literal: str, rule: str, field: str) -> None:
    text = json.dumps({**BASE, "generationConfig": {field: 0}}).replace(": 0}", f": {literal}}}")
    assert _rules(text) == [(rule, f"/generationConfig/{field}")]


def test_a_key_after_a_reported_value_is_still_a_duplicate() -> None:
    assert ("GC005", "/a") in _rules('{"contents": [], "a": NaN, "a": 1}')


class _Role(enum.StrEnum):
    USER = "user"


class _Raising(str):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("compared")

    __hash__ = str.__hash__


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({**BASE, "generationConfig": {"topK": 10**4300}}, [("GC008", "/generationConfig/topK")]),
        ({**BASE, "x": {1, 2}}, [("GC018", "/x")]),
        ({"contents": [{"role": "user", "parts": [{"text": b"x"}]}]}, [("GC018", "/contents/0/parts/0/text")]),
        ({**BASE, "labels": {"a": datetime.date(2020, 1, 1)}}, [("GC018", "/labels/a")]),
        ({**BASE, "generationConfig": {"temperature": decimal.Decimal("0.5")}}, [("GC018", "/generationConfig/temperature")]),
        ({**BASE, 1: 2}, [("GC018", "")]),
        ({**BASE, "generationConfig": {"temperature": float("nan")}}, [("GC006", "/generationConfig/temperature")]),
        ({"contents": [{"role": "user", "parts": [{"text": "\ud800"}]}]}, [("GC007", "/contents/0/parts/0/text")]),
        ({1, 2}, [("GC018", "")]),
        ((1, 2), [("GC017", "")]),  # a tuple reads as the array json.dumps writes for it
        ({"contents": [{"role": _Role.USER, "parts": [{"text": "x"}]}]}, []),  # enum members are their values
        ({_Raising("contents"): BASE["contents"]}, []),  # a key's own __eq__ is never called
    ],
    ids=["int-past-double", "set", "bytes", "date", "decimal", "int-key", "nan", "surrogate", "top-set",
         "top-tuple", "str-enum", "raising-key"],
)  # fmt: skip
def test_parsed_values_are_held_to_json(value: Any, expected: list[tuple[str, str]]) -> None:
    assert _rules(value) == expected


def test_parsed_values_meet_the_depth_and_container_limits() -> None:
    deep: list[Any] = []
    node = deep
    for _ in range(600):
        node.append([])
        node = node[0]
    assert [rule for rule, _ in _rules({**BASE, "x": deep})] == ["GC009"]
    assert _rules({**BASE, "x": [[] for _ in range(MAX_CONTAINERS)]}) == [("GC010", "")]


def test_a_str_the_fast_path_cannot_read_meets_the_same_limits() -> None:
    text = '{"contents": [{"role": "user", "parts": [{"text": "\ud800' + "y" * 100 + '"}]}]}'
    assert _rules(text, max_bytes=50) == [("GC010", "")]
    assert ("GC007", "") in _rules(text)
    many = "[\ud800" + ",".join(["[]"] * (MAX_CONTAINERS + 1)) + "]"
    assert _rules(many) == [("GC010", "")]


@pytest.mark.parametrize("category", [[1], {"a": 1}, True])
def test_a_mistyped_safety_category_is_a_finding_not_a_crash(category: object) -> None:
    """config.safety compared categories in a dict: a list raised TypeError (unhashable) out of validate()."""
    body = {"contents": [{"parts": [{"text": "x"}]}], "safetySettings": [{"category": category}] * 2}
    report = validate(json.dumps(body))
    assert not report.ok
    assert "/safetySettings/0/category" in {f.pointer for f in report.findings}
    assert "GC309" not in {f.rule for f in report.findings}
