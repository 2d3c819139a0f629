"""The reader and the position-tracking parser: rules, positions, pointers, limits, conformance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixture_paths import FIXTURES
from gemini_contract.validator.findings import Severity
from gemini_contract.validator.jsonparse import Parsed, parse, position_of
from gemini_contract.validator.ruleset import RULES_BY_ID
from gemini_contract.validator.source import decode
from hypothesis import given, settings
from hypothesis import strategies as st

SUITE = FIXTURES / "reference" / "json-parsing-test-suite" / "test_parsing"


def rules(parsed: Parsed) -> list[tuple[str, str, int | None, int | None]]:
    return [(f.rule, f.pointer, f.line, f.column) for f in parsed.findings]


def strict_errors(data: bytes) -> list[str]:
    decoded = decode(data)
    findings = list(decoded.findings)
    if decoded.text is not None:
        findings += parse(decoded.text).findings
    return [f.rule for f in findings if RULES_BY_ID[f.rule].severity_in("strict") is Severity.ERROR]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1, "a": 2}', [("GC005", "/a", 1, 10)]),
        ('{"x": {"y": [{"k": 1,\n "k": 2}]}}', [("GC005", "/x/y/0/k", 2, 2)]),
        ("[NaN]", [("GC006", "/0", 1, 2)]),
        ('{"t": -Infinity}', [("GC006", "/t", 1, 7)]),
        ('["\\ud800"]', [("GC007", "/0", 1, 3)]),
        ("[1e400]", [("GC008", "/0", 1, 2)]),
        ("{} x", [("GC011", "", 1, 4)]),
        ("[1,]", [("GC012", "", 1, 3)]),
        ('{"a": 1,\n}', [("GC012", "", 1, 8)]),
        ("{a: 1}", [("GC013", "", 1, 2)]),
        ("{'a': 1}", [("GC013", "", 1, 2)]),
        ('["a\nb"]', [("GC014", "/0", 1, 4)]),
        ('["it\\\'s"]', [("GC015", "/0", 1, 5)]),
        ("  ", [("GC016", "", 1, 3)]),
    ],
)
def test_rule_pointer_and_position(text: str, expected: list[tuple[str, str, int, int]]) -> None:
    assert rules(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [("{", "GC004"), ('{"a" 1}', "GC004"), ("[1 2]", "GC004"), ("['a']", "GC004"), ("[// c\n1]", "GC004"),
     ('["\\x41"]', "GC015"), ("[007]", "GC004"), ("[+1]", "GC004"), ('["a\x01"]', "GC004"), ('"abc', "GC004")],
)  # fmt: skip
def test_syntax_errors(text: str, rule: str) -> None:
    assert rule in [f.rule for f in parse(text).findings]


def test_tolerated_text_reads_as_google_reads_it() -> None:
    parsed = parse('{contents: [{\'parts\': [{"text": "a \\\n b\\\'c",},],},],}')
    assert parsed.complete
    assert parsed.value == {"contents": [{"parts": [{"text": "a  b'c"}]}]}


def test_duplicate_keeps_the_last_value_like_other_parsers() -> None:
    assert parse('{"a": 1, "a": 2}').value == {"a": 2}


def test_positions_of_values_and_keys_count_code_points() -> None:
    parsed = parse('{\n  "é": "ü",\n  "k~/": [true, {"n": null}]\n}')
    assert parsed.value_position("/é") == (2, 8)
    assert parsed.key_position("/k~0~1") == (3, 3)
    assert parsed.value_position("/k~0~1/1/n") == (3, 23)
    assert position_of(parsed, "/k~0~1/1/missing") == (3, 17)


def test_depth_is_a_finding_not_a_recursion_error() -> None:
    parsed = parse("[" * 100_000 + "]" * 100_000)
    assert not parsed.complete
    assert [f.rule for f in parsed.findings] == ["GC009"]


def test_big_string_and_huge_integer() -> None:
    assert len(parse('"' + "a" * 5_000_000 + '"').value) == 5_000_000
    parsed = parse("[" + "9" * 5000 + "]")
    assert [f.rule for f in parsed.findings] == ["GC008"]


@pytest.mark.parametrize(
    ("data", "rule", "position"),
    [
        (b"\xef\xbb\xbf{}", "GC003", (1, 1)),
        (b"\xff\xfe{\x00}\x00", "GC001", (1, 1)),
        (b"\x00{\x00}", "GC001", (1, 1)),
        (b'{"a":\n "caf\xe9"}', "GC002", (2, 6)),
        (b"\xed\xa0\x80", "GC002", (1, 1)),
    ],
)
def test_decoding(data: bytes, rule: str, position: tuple[int, int]) -> None:
    findings = decode(data).findings
    assert [(f.rule, (f.line, f.column)) for f in findings][-1] == (rule, position)


def _suite(prefix: str) -> list[Path]:
    return sorted(SUITE.glob(f"{prefix}_*.json"))


# y_ files that are valid JSON but fall outside what a request body can carry; each finding is correct.
Y_WITH_FINDINGS = {
    "y_object_duplicated_key.json": "GC005: duplicates are an error here, by design",
    "y_object_duplicated_key_and_value.json": "GC005",
}


@pytest.mark.parametrize("path", _suite("y"), ids=lambda p: p.name)
def test_conformance_accepts_valid_json(path: Path) -> None:
    errors = strict_errors(path.read_bytes())
    assert errors == [] or path.name in Y_WITH_FINDINGS, errors


@pytest.mark.parametrize("path", _suite("n"), ids=lambda p: p.name)
def test_conformance_rejects_invalid_json(path: Path) -> None:
    assert strict_errors(path.read_bytes()) != []


@pytest.mark.parametrize("path", _suite("i"), ids=lambda p: p.name)
def test_conformance_implementation_defined_never_raises(path: Path) -> None:
    strict_errors(path.read_bytes())


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.booleans())
def test_standard_json_parses_like_json_loads_with_no_finding(value: object, pretty: bool) -> None:
    text = json.dumps(value, indent=2 if pretty else None, ensure_ascii=False)
    parsed = parse(text)
    assert parsed.findings == ()
    assert parsed.value == json.loads(text)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_every_value_position_points_at_the_value(value: object) -> None:
    text = json.dumps({"root": value}, indent=1)
    parsed = parse(text)
    for pointer, offset in parsed.value_offsets.items():
        assert text[offset] in '{["-0123456789tfn', pointer


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    parse(text)


@pytest.mark.parametrize("text", ['{"a":', '{"a": [', "[", '{"a": 1,'])
def test_truncated_text_is_a_syntax_error_at_the_end(text: str) -> None:
    (finding,) = parse(text).findings
    assert finding.rule == "GC004"
    assert "end of the text" in finding.message
