"""ProtoJSON spellings the server accepts normalize back to the canonical body they were drawn from."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given

import gemini_contract
from gemini_contract import Severity
from gemini_contract.strategies import requests, respellings

Pair = tuple[dict[str, Any], dict[str, Any]]
CANONICAL: dict[str, Any] = {
    "contents": [{"role": "user", "parts": [{"text": "Hello"}]}],
    "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
    "generationConfig": {
        "topK": 40,
        "responseSchema": {"type": "ARRAY", "items": {"type": "STRING"}, "maxItems": 5},
    },
}
CANONICAL["generationConfig"]["responseMimeType"] = "application/json"
GOOGLE: dict[str, Any] = {
    "contents": {"role": "user", "parts": {"text": "Hello"}},
    "safety_settings": [{"category": 7, "threshold": "block_none"}],
    "generation_config": {
        "top_k": 40.0,
        "response_mime_type": "application/json",
        "response_schema": {"type": "array", "items": {"type": 1}, "max_items": "5"},
        "seed": None,
    },
}


def same(a: Any, b: Any) -> bool:
    """Equal as JSON, types included (40.0 is not 40), key order ignored."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def check(google: dict[str, Any], canonical: dict[str, Any], data: Any) -> None:
    report = gemini_contract.validate(data)
    assert not report.at_least(Severity.WARNING), [(f.rule, f.pointer) for f in report.findings]
    assert same(report.canonical, canonical)


@given(respellings())
@example((GOOGLE, CANONICAL))
def test_google_spellings_normalize_to_their_canonical_body(pair: Pair) -> None:
    google, canonical = pair
    check(google, canonical, json.dumps(google).encode("utf-8"))


@given(respellings())
@example((GOOGLE, CANONICAL))
def test_google_spellings_given_as_a_mapping_normalize_too(pair: Pair) -> None:
    google, canonical = pair
    check(google, canonical, google)


@given(respellings())
def test_strict_profile_rejects_or_flags_every_respelling(pair: Pair) -> None:
    google, canonical = pair
    report = gemini_contract.validate(json.dumps(google).encode("utf-8"), profile="strict")
    if same(google, canonical):
        assert report.ok
    else:
        assert report.at_least(Severity.WARNING)  # every leniency is at least a warning in strict


@given(requests(profile="google"))
def test_google_profile_bodies_are_ok(body: dict[str, Any]) -> None:
    assert gemini_contract.validate(body).ok


# Found by the mapping property above (the fast path skipped normalization); fixed in 358af90.
def test_integral_float_alone_is_normalized_from_a_mapping() -> None:
    body = {
        "contents": [{"parts": [{"text": "x"}]}],
        "generationConfig": {"responseLogprobs": True, "logprobs": 20.0},
    }
    report = gemini_contract.validate(body)
    assert same(report.canonical["generationConfig"]["logprobs"], 20)
    assert any(f.rule == "GC105" for f in report.findings)
