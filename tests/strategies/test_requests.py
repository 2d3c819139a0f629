"""Drawn request bodies are valid: the validator (both profiles, dict and JSON text) and python-jsonschema agree."""

from __future__ import annotations

import json
from typing import Any

from gemini_contract.schema import load_schema
from hypothesis import example, given, settings
from jsonschema import Draft202012Validator

import gemini_contract
from gemini_contract import Severity
from gemini_contract.strategies import for_type, requests

ORACLE = Draft202012Validator(load_schema())
# A minimal body: the example Hypothesis shrinks towards, kept so it always runs.
MINIMAL: dict[str, Any] = {"contents": [{"parts": [{"text": "Hello"}]}]}


def errors(report: gemini_contract.Report) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in report.findings if f.severity >= Severity.ERROR]


def warnings(report: gemini_contract.Report) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in report.findings if f.severity is Severity.WARNING]


@settings(max_examples=settings.default.max_examples * 2)
@given(requests())
@example(MINIMAL)
def test_drawn_bodies_validate_clean_and_the_oracle_agrees(body: dict[str, Any]) -> None:
    assert not list(ORACLE.iter_errors(body)), "python-jsonschema rejects a drawn body"
    for profile in ("google", "strict"):
        report = gemini_contract.validate(body, profile=profile)
        assert errors(report) == [], profile
        assert warnings(report) == [], profile
        assert report.canonical == body  # canonical in, the same canonical out
    from_text = gemini_contract.validate(
        json.dumps(body, ensure_ascii=False).encode("utf-8"), profile="strict"
    )
    assert errors(from_text) == []
    assert from_text.canonical == body


@given(requests())
def test_drawn_bodies_are_json_round_trippable(body: dict[str, Any]) -> None:
    assert json.loads(json.dumps(body)) == body


@given(for_type("Content"))
def test_for_type_draws_a_valid_standalone_turn(content: dict[str, Any]) -> None:
    report = gemini_contract.validate({"contents": [content]}, profile="strict")
    assert errors(report) == []
