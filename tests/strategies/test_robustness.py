"""`validate` never raises: arbitrary bytes, arbitrary text, arbitrary JSON values and bodies with random edits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import gemini_contract
from gemini_contract.strategies import requests

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def check(data: Any, profile: str = "google") -> None:
    report = gemini_contract.validate(data, profile=profile)
    assert isinstance(report, gemini_contract.Report)
    for finding in report.findings:
        assert finding.rule.startswith("GC")
        assert finding.pointer == "" or finding.pointer.startswith("/")


@settings(max_examples=settings.default.max_examples * 3)
@given(st.binary(max_size=512), st.sampled_from(["google", "strict"]))
@example(b"\xef\xbb\xbf{}", "strict")
@example(b'{"contents": [{"parts": [{"text": "\\ud800"}]}]}', "google")
@example(b"[" * 10_000, "google")
def test_arbitrary_bytes_never_raise(data: bytes, profile: str) -> None:
    check(data, profile)


@given(st.text(max_size=256))
@example('{"contents": NaN}')
@example('{"a": 1, "a": 2}')
def test_arbitrary_text_never_raises(text: str) -> None:
    check(text)


@settings(max_examples=settings.default.max_examples * 3)
@given(JSON)
@example({"contents": float("nan")})
@example({"generationConfig": {"topK": 1e400}})
def test_arbitrary_json_never_raises(value: Any) -> None:
    check(json.dumps(value).encode("utf-8"))  # NaN and huge floats become NaN/Infinity literals
    check(json.dumps(value), "strict")
    if isinstance(value, dict):
        check(value)


@given(JSON.filter(lambda v: isinstance(v, dict)).map(lambda v: {"contents": [v]}))
def test_arbitrary_json_inside_a_request_never_raises(value: dict[str, Any]) -> None:
    check(value)
    check(value, "strict")


# Found by test_arbitrary_json_never_raises (a list or None raised); fixed in 358af90.
@pytest.mark.parametrize("value", [None, [], 3, 1.5, True])
def test_python_values_that_are_not_objects_are_a_finding(value: Any) -> None:
    report = gemini_contract.validate(value)
    assert [f.rule for f in report.findings] == ["GC017"]


@given(requests(), st.binary(min_size=1, max_size=8), st.integers(min_value=0))
def test_corrupted_request_text_never_raises(body: dict[str, Any], junk: bytes, at: int) -> None:
    text = json.dumps(body).encode("utf-8")
    at %= len(text)
    check(text[:at] + junk + text[at:])
