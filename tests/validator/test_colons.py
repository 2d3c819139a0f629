"""The duplicate-key test of text that is not orjson's own serialization compares colon counts (api._colons,
which deletes rather than counts in long texts): the count must be exact, and a duplicate key in a long body
written as the google-genai SDK writes it (json.dumps with its default separators) must still be found."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gemini_contract.validator import api
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_contract import validate

REPO = Path(__file__).resolve().parents[2]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 3 * api._COUNT_BY_DELETING_FROM))
def test_colons_are_counted_exactly(piece: bytes, length: int) -> None:
    # Texts either side of the length from which colons are deleted rather than counted.
    text = (piece or b":") * (length // max(len(piece), 1))
    assert api._colons(text) == text.count(b":")


def test_a_duplicate_key_in_a_long_sdk_body_is_found() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from bodies import body
    finally:
        sys.path.pop(0)
    text = json.dumps(
        body(10_000)
    )  # the SDK's separators: not orjson's serialization, so colons are compared
    assert len(text) > api._COUNT_BY_DELETING_FROM
    assert validate(text.encode()).findings == ()
    doubled = text.replace('"temperature": 0.7', '"temperature": 0.7, "temperature": 0.9', 1)
    assert doubled != text
    assert "GC005" in {finding.rule for finding in validate(doubled.encode()).findings}
