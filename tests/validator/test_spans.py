"""Spans to the edge: the one line index, token ends, origins, and the structured fixes findings carry.

The fixes are held to what they promise: applied to the text, they leave a body whose canonical form is the
one `validate` computed, and with none of the findings they fixed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixture_paths import CORPUS
from gemini_contract.validator.findings import Finding, Severity
from gemini_contract.validator.ruleset import RULES_BY_ID
from gemini_contract.validator.spans import (
    Embedded,
    Fix,
    LineIndex,
    Record,
    Span,
    WholeFile,
    apply,
    token_end,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_contract import validate

RULE_CASES = json.loads((Path(__file__).parent / "cases" / "rules.json").read_text(encoding="utf-8"))
CORPUS_FILES = sorted((CORPUS / "valid").glob("*.json")) + sorted((CORPUS / "invalid").glob("*.json"))


def _brute(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


@given(st.text(alphabet="ab\n\u00e9", max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_line_index_agrees_with_counting_on_every_lookup(text: str, offsets: list[int]) -> None:
    index = LineIndex(text)
    for wanted in offsets:
        offset = min(wanted, len(text))
        assert index.position(offset) == _brute(text, offset)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ('{"a": "x\\"y", "b": 1}', 6, 12),  # a string with an escaped quote
        ('{"a": -1.5e3}', 6, 12),
        ('{"a": true}', 6, 10),
        ('{"a": [1]}', 6, 7),  # a container: its opening bracket
        ("{a: 1}", 1, 2),  # a bare key
        ("{'k': 1}", 1, 4),  # a single-quoted key
        ('{"open', 1, 6),  # an unterminated string runs to the end
        ("", 0, 0),
    ],
)
def test_token_end(text: str, start: int, end: int) -> None:
    assert token_end(text, start) == end


@given(st.text(max_size=40), st.integers(0, 45))
def test_token_end_never_raises_and_never_goes_backwards(text: str, start: int) -> None:
    end = token_end(text, start)
    assert start <= end <= max(start, len(text))


def _finding(line: int | None, column: int | None, end: tuple[int, int] | None = None) -> Finding:
    end_line, end_column = end if end is not None else (None, None)
    return Finding("GC201", Severity.ERROR, "/a", line, column, "m", None, None, end_line, end_column)


def test_origins_place_body_positions_in_the_host_file() -> None:
    inner = _finding(1, 5, (1, 9))
    assert WholeFile().place(inner) == inner
    record = Record(7).place(inner)
    assert (record.line, record.column, record.end_line, record.end_column) == (7, 5, 7, 9)
    assert Record(7).place(_finding(None, None)).line == 7  # a record-level finding sits on its line
    first = Embedded(10, 3).place(inner)
    assert (first.line, first.column, first.end_line, first.end_column) == (10, 7, 10, 11)
    later = Embedded(10, 3).place(_finding(2, 5, (3, 1)))
    assert (later.line, later.column, later.end_line, later.end_column) == (11, 5, 12, 1)
    assert Embedded(10, 3).place(_finding(None, None)).line is None


def test_apply_replaces_spans_and_lets_the_first_of_two_overlapping_fixes_win() -> None:
    text = '{"top_k": "40", "a": 1,}'
    fixes = [Fix(Span(1, 8), '"topK"'), Fix(Span(10, 14), "40"), Fix(Span(22, 23), ""), Fix(Span(2, 5), "x")]
    assert apply(text, fixes) == '{"topK": 40, "a": 1}'
    assert apply(text, []) == text


def test_findings_carry_their_token_span_and_end() -> None:
    text = '{\n  "contents": [{"role": "assistant", "parts": [{"text": "hi"}]}],\n  "top_k": 40\n}'
    findings = {f.rule: f for f in validate(text).findings}
    role = findings["GC204"]
    assert text[role.span.start : role.span.end] == '"assistant"'  # type: ignore[union-attr]
    assert (role.line, role.end_line, role.end_column - role.column) == (2, 2, len('"assistant"'))  # type: ignore[operator]
    unknown = findings["GC201"]  # top_k is not a request member: placed at its key
    assert text[unknown.span.start : unknown.span.end] == '"top_k"'  # type: ignore[union-attr]
    assert unknown.fix is None  # not a rule that knows its fix
    assert all(f.span is None and f.fix is None for f in validate(json.loads(text)).findings)


def _bodies() -> list[tuple[str, str]]:
    bodies = [(path.name, path.read_text(encoding="utf-8")) for path in CORPUS_FILES]
    bodies += [(case["name"], json.dumps(case["body"], indent=1)) for case in RULE_CASES["cases"]]
    bodies += [
        ("leniencies", '{"contents": [{"parts": [{"text": "x",}], role: "USER"}],\n "generation_config": '
         '{"top_k": "40", "candidate_count": 1.0, "temperature": "0.5"},\n'
         ' "safety_settings": [{"category": 8, "threshold": "block_none"}],}'),
    ]  # fmt: skip
    return bodies


def _fixed_text(text: str) -> tuple[str, list[Finding]]:
    findings = validate(text).findings
    return apply(text, [f.fix for f in findings if f.fix is not None]), list(findings)


@pytest.mark.parametrize(("name", "text"), _bodies(), ids=[name for name, _ in _bodies()])
def test_fixes_make_the_text_canonical_and_remove_what_they_fixed(name: str, text: str) -> None:
    report = validate(text)
    fixed, findings = _fixed_text(text)
    for finding in findings:
        if finding.fix is not None:
            assert RULES_BY_ID[finding.rule].fixable, finding.rule
    if fixed == text:
        return
    # A fix inside another's span (a key of an object that GC107 wraps in a list) waits for the next run.
    for _ in range(8):
        fixed, pending = _fixed_text(fixed)
        if not any(f.fix is not None for f in pending):
            break
    again = validate(fixed)
    assert again.canonical == report.canonical
    fixed_before = {(f.rule, f.pointer) for f in findings if f.fix is not None}
    remaining = {(f.rule, f.pointer) for f in again.findings}
    # A renamed key moves the pointers below it: compare rules for those, pointers for the rest.
    assert not {rule for rule, _ in fixed_before} & {
        rule for rule, _ in remaining if RULES_BY_ID[rule].fixable
    }


def test_fixes_are_offered_for_every_fixable_rule_on_text() -> None:
    _, findings = _fixed_text(_bodies()[-1][1])
    offered = {f.rule for f in findings if f.fix is not None}
    assert offered == {"GC012", "GC013", "GC101", "GC102", "GC103", "GC104", "GC105", "GC110"}, offered


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_fixes_agree_with_the_canonical_body_on_drawn_leniencies(data: st.DataObject) -> None:
    from gemini_contract.strategies import requests

    body: Any = data.draw(requests(profile="google"))
    text = json.dumps(body, indent=1)
    report = validate(text)
    fixed, _ = _fixed_text(text)
    assert validate(fixed).canonical == report.canonical


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _pointers(child, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _pointers(child, f"{pointer}/{index}")
    return found


@pytest.mark.parametrize("path", CORPUS_FILES[::7], ids=lambda p: p.name)
def test_one_walk_finds_what_a_walk_per_pointer_finds(path: Path) -> None:
    from gemini_contract.validator import locate

    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except ValueError:
        return
    wanted = _pointers(document)
    # Every value's pointer, a member the text lacks, and subsets (the walk stops after the last it wants).
    wanted += [p + "/missing" for p in wanted[:5]]
    for chosen in (wanted, wanted[::3], wanted[-2:]):
        many = locate.offsets_many(text, chosen)
        assert many is not None
        assert {p: many[p] for p in chosen} == {p: locate.offsets(text, p) for p in chosen}


@pytest.mark.parametrize("path", CORPUS_FILES[::5], ids=lambda p: p.name)
@pytest.mark.parametrize("indented", [False, True])
def test_positions_from_serialized_lengths_match_the_walk(path: Path, indented: bool) -> None:
    import orjson
    from gemini_contract.validator import locate

    try:
        document = orjson.loads(path.read_bytes())
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2 if indented else 0).decode()
    except (ValueError, TypeError):
        return
    if not text.isascii():
        return  # offsets_in_layout counts bytes: the validator uses it for ASCII text only
    wanted = _pointers(document)
    wanted += (
        [p + "/missing" for p in wanted[:5]]
        + [p + "/0/x" for p in wanted[:9]]
        + [p + "/7" for p in wanted[::4]]
    )
    for chosen in (wanted, wanted[::3], wanted[-2:], wanted[1:4], wanted[-1:], wanted[::-7]):
        walked = locate.offsets_many(text, chosen)
        assert locate.offsets_in_layout(document, chosen, indented) == walked
        # Indented text is searched line by line instead of serialized (what placing passes).
        assert locate.offsets_in_layout(document, chosen, indented, text) == walked
    for pointer in wanted[::3]:  # one pointer takes its own loop (_lay_one), in both layouts
        walked = locate.offsets_many(text, [pointer])
        assert locate.offsets_in_layout(document, [pointer], indented) == walked
        assert locate.offsets_in_layout(document, [pointer], indented, text) == walked


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False)
    | st.text('a"\\\n/~ }]', max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text('ab"\\\n/~ :}', max_size=4), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES, st.data())
def test_searching_indented_text_finds_what_the_walk_finds(document: Any, data: st.DataObject) -> None:
    """Keys and strings with quotes, backslashes, newlines and brackets cannot fool the line search (they are
    escaped in the text); empty and nested containers, scalars of every kind, absent members."""
    import orjson
    from gemini_contract.validator import locate

    text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
    compact = orjson.dumps(document).decode()
    everything = _pointers(document)
    chosen = data.draw(st.lists(st.sampled_from(everything), max_size=6, unique=True))
    chosen += data.draw(
        st.lists(st.sampled_from([p + "/x" for p in everything] + [p + "/1" for p in everything]), max_size=2)
    )
    assert locate.offsets_in_layout(document, chosen, True, text) == locate.offsets_many(text, chosen)
    assert locate.offsets_in_layout(document, chosen, False) == locate.offsets_many(compact, chosen)
    for pointer in chosen:  # one pointer takes its own path (no trie)
        assert locate.offsets_in_layout(document, [pointer], True, text) == locate.offsets_many(
            text, [pointer]
        )
        assert locate.offsets_in_layout(document, [pointer], False) == locate.offsets_many(compact, [pointer])


@settings(max_examples=300, deadline=None)
@given(st.floats() | st.integers() | st.text(max_size=8) | st.booleans() | st.none())
def test_quoted_is_what_json_writes(value: Any) -> None:
    """A fix's replacement text: json.dumps(value, ensure_ascii=False), floats included (written without the
    encoder for speed: float.__repr__, as json does; NaN and infinities still by the encoder)."""
    from gemini_contract.validator.spans import quoted

    assert quoted(value) == json.dumps(value, ensure_ascii=False)
