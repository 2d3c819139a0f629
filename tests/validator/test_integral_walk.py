"""A request the schema accepts as written but that may hold an integral float (40.0) is normalised by a walk
that visits only the members leading to an integer field (normalize's `integral_only`); a request the quiet
validators clear is not searched for one at all, since they fail an integral float in an integer field
(checks/strictints.py). Both are held here: on such a request the restricted walk gives what the full walk
gives (value, issues, pointer map), the quiet validators clear no request that normalize rewrites, and they
clear the canonical request as they clear one written with integers."""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest
from fixture_paths import corpus_and_rule_bodies
from gemini_contract.validator import api
from gemini_contract.validator.checks import Cleared, explain, first_look
from gemini_contract.validator.checks.strictints import is_strict, strict_integers
from gemini_contract.validator.contract import bundled, request_contract
from gemini_contract.validator.normalize import normalize
from gemini_contract.validator.schemaindex import Kind
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
    text = orjson.dumps(document)
    if full.issues:
        # Rewritten: the quiet validators cleared nothing, so validate() searched, and its search says
        # "maybe" where something is rewritten (it may say so where nothing is, never "no" where something is).
        assert cleared is Cleared.NOTHING
        assert api._may_hold_integral(document, text, CONTRACT, cleared)
    else:
        assert explain(full.value, CONTRACT)[0] is cleared
    # Where _look rewrites first (a walk that skips the Parts) and clears the result, it is the full rewrite.
    rewritten = api._look(document, text, CONTRACT)[3]
    if rewritten is not None:
        assert (rewritten.value, rewritten.issues, rewritten.pointer_map) == (
            full.value,
            full.issues,
            full.pointer_map,
        )
    return bool(full.issues)


def _numbers(value: Any) -> list[Any]:
    if type(value) is dict:
        return [n for child in value.values() for n in _numbers(child)]
    if type(value) is list:
        return [n for child in value for n in _numbers(child)]
    return [value] if type(value) in (int, float) else []


def test_every_integer_field_is_held_to_integers_as_written() -> None:
    # The promise validate() leans on: each of normalize's integer fields is a "type": "integer" node (which
    # the quiet validators' schema holds to integers as written) or one whose type takes no number at all
    # (int64 as a string in the response: a float there fails the schema itself).
    for name in ("request", "response"):
        contract = bundled(name)
        defs = contract.schema["$defs"]
        for message, info in contract.index.messages.items():
            for member, prop in info.props.items():
                if prop.kind is Kind.INT and message in defs:
                    node = defs[message]["properties"][member]
                    kind = (node["items"] if prop.repeated else node).get("type")
                    kinds = kind if isinstance(kind, list) else [kind]
                    assert kind == "integer" or not {"integer", "number", None} & set(kinds), (
                        message,
                        member,
                    )
        assert not is_strict(contract.schema)
        assert is_strict(strict_integers(contract.schema))


def test_a_float_the_first_rewrite_skips_is_rewritten_all_the_same() -> None:
    # _look's walk skips the Parts; a numTokens there keeps the canonical request from clearing, and the
    # general path's full walk finds both.
    part = {"text": "x", "mediaResolution": {"level": "MEDIA_RESOLUTION_LOW", "numTokens": 5.0}}
    document = {"contents": [{"role": "user", "parts": [part]}], "generationConfig": {"topK": 40.0}}
    assert api._look(document, orjson.dumps(document), CONTRACT)[3] is None
    found = [(f.rule, f.pointer) for f in validate(orjson.dumps(document)).findings if f.rule == "GC105"]
    assert found == [
        ("GC105", "/contents/0/parts/0/mediaResolution/numTokens"),
        ("GC105", "/generationConfig/topK"),
    ]


def test_an_integral_float_in_any_integer_field_is_found() -> None:
    part = {"text": "x", "mediaResolution": {"numTokens": 5.0}}
    schema = {"type": "ARRAY", "items": {"type": "STRING"}, "minItems": 1.0}
    declaration = {"name": "f", "description": "d", "parameters": schema}
    for member in (
        {"contents": [{"role": "user", "parts": [part]}]},
        {"generationConfig": {"topK": 40.0}},
        {"generationConfig": {"thinkingConfig": {"thinkingBudget": 128.0}}},
        {"tools": [{"fileSearch": {"fileSearchStoreNames": ["fileSearchStores/s"], "topK": 3.0}}]},
        {"tools": [{"functionDeclarations": [declaration]}]},
    ):
        document = {"contents": [{"role": "user", "parts": [{"text": "x"}]}], **member}
        assert first_look(document, CONTRACT)[0] is Cleared.NOTHING
        for size in (1, 200):  # short, and long enough to be the 10 KB bench body's size
            document["contents"] = document["contents"][:1] * size
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
