"""A request the schema accepts as written but that may hold an integral float (40.0) is normalised by a walk
that visits only the members leading to an integer field (normalize's `integral_only`). Two facts make that
exact, and both are held here: on such a request the restricted walk gives what the full walk gives (value,
issues, pointer map), and the quiet validators clear the canonical request exactly as they clear the request
as written (40 and 40.0 are one number to JSON Schema)."""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest
from fixture_paths import corpus_and_rule_bodies
from gemini_contract.validator import api
from gemini_contract.validator.checks import Cleared, explain, first_look
from gemini_contract.validator.contract import request_contract
from gemini_contract.validator.normalize import normalize
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_contract import validate
from gemini_contract.strategies import requests

CONTRACT = request_contract()
# These tests hold the quiet validators' path from the first document, whatever ran before them in this
# process (a contract turns them on after its first documents: Contract.quiet_due).
CONTRACT.quiet_after(0)


def _floated(value: Any, rng: random.Random) -> Any:
    """`value` with some of its integers (not booleans) written as integral floats, anywhere."""
    if type(value) is dict:
        return {key: _floated(child, rng) for key, child in value.items()}
    if type(value) is list:
        return [_floated(child, rng) for child in value]
    if type(value) is int and abs(value) < 2**53 and rng.random() < 0.7:
        return float(value)
    return value


def _holds(document: Any) -> bool:
    """Whether the restricted walk and the kept clearance are exact for `document`; False where it does not
    apply (the schema rejects the document as written)."""
    if type(document) is not dict:
        return False
    cleared, _ = first_look(document, CONTRACT)
    if cleared is None:
        return False
    full = normalize(document, CONTRACT.index)
    restricted = normalize(document, CONTRACT.index, integral_only=True)
    assert restricted.value == full.value
    assert [type(v) for v in _numbers(restricted.value)] == [type(v) for v in _numbers(full.value)]
    assert restricted.issues == full.issues
    assert restricted.pointer_map == full.pointer_map
    if cleared is Cleared.ALL:  # the walk of a request the quiet validators cleared: fewer members still
        bearing = CONTRACT.cleared_int_bearing
        cleared_walk = normalize(document, CONTRACT.index, integral_only=True, bearing=bearing)
        assert cleared_walk == restricted
    assert explain(full.value, CONTRACT)[0] is cleared
    if full.issues:
        # What validate() asks before it walks: it may say "maybe" where nothing is rewritten, never "no"
        # where something is (for a request the quiet validators cleared, it searches only the members
        # Contract.cleared_int_members names).
        assert api._may_hold_integral(document, orjson.dumps(document), CONTRACT, cleared)
        if cleared is Cleared.ALL:  # the member-wise search, which only long texts take
            assert api._integral_in_members(document, CONTRACT)
    return bool(full.issues)


def _numbers(value: Any) -> list[Any]:
    if type(value) is dict:
        return [n for child in value.values() for n in _numbers(child)]
    if type(value) is list:
        return [n for child in value for n in _numbers(child)]
    return [value] if type(value) in (int, float) else []


def test_cleared_requests_hold_integers_only_in_a_few_members() -> None:
    # The Part fragment of the quiet validators rules out mediaResolution (numTokens), the one integer field
    # under contents and systemInstruction: so a request they cleared is searched in tools and
    # generationConfig only, and a numTokens float is found all the same, on the path for requests they
    # do not clear.
    assert CONTRACT.cleared_int_members == ("tools", "generationConfig")
    part = {"text": "x", "mediaResolution": {"numTokens": 5.0}}
    document = {"contents": [{"role": "user", "parts": [part]}]}
    assert first_look(document, CONTRACT)[0] is not Cleared.ALL
    assert "GC105" in {finding.rule for finding in validate(orjson.dumps(document)).findings}
    schema = {"type": "ARRAY", "items": {"type": "STRING"}, "minItems": 1.0}
    declaration = {"name": "f", "description": "d", "parameters": schema}
    for member in (
        {"generationConfig": {"topK": 40.0}},
        {"generationConfig": {"thinkingConfig": {"thinkingBudget": 128.0}}},
        {"tools": [{"fileSearch": {"fileSearchStoreNames": ["fileSearchStores/s"], "topK": 3.0}}]},
        {"tools": [{"functionDeclarations": [declaration]}]},
    ):
        document = {"contents": [{"role": "user", "parts": [{"text": "x"}]}], **member}
        assert first_look(document, CONTRACT)[0] is Cleared.ALL
        assert api._integral_in_members(document, CONTRACT)
        # Long enough for validate() to search member by member (api._SEARCH_MEMBERS_FROM).
        document["contents"] *= api._SEARCH_MEMBERS_FROM // 40
        assert "GC105" in {finding.rule for finding in validate(orjson.dumps(document)).findings}


@pytest.mark.parametrize("seed", range(3))
def test_integral_walk_on_the_corpus(seed: int) -> None:
    rng = random.Random(seed)
    applied = sum(_holds(_floated(body, rng)) for body in corpus_and_rule_bodies())
    assert applied >= 10  # not vacuous: many corpus bodies have integer fields


@settings(max_examples=300, deadline=None)
@given(requests(), st.randoms(use_true_random=False))
def test_integral_walk_on_requests(document: dict[str, Any], rng: random.Random) -> None:
    _holds(_floated(document, rng))


def test_integral_float_report_is_unchanged() -> None:
    body = {
        "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
        "generationConfig": {"temperature": 1.0, "topK": 40.0, "thinkingConfig": {"thinkingBudget": 128.0}},
    }
    report = validate(orjson.dumps(body))
    assert [(f.rule, f.pointer) for f in report.findings] == [
        ("GC105", "/generationConfig/topK"),
        ("GC105", "/generationConfig/thinkingConfig/thinkingBudget"),
    ]
    assert report.canonical["generationConfig"] == {
        "temperature": 1.0,
        "topK": 40,
        "thinkingConfig": {"thinkingBudget": 128},
    }
    assert type(report.canonical["generationConfig"]["topK"]) is int
