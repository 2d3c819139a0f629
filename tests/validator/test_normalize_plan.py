"""A normalisation that walks only where the schema found the document wrong (normalize.Plan) must rewrite
exactly what the full walk rewrites: same canonical document, same issues, same pointer map."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from fixture_paths import CORPUS
from gemini_contract.validator import engine
from gemini_contract.validator.api import _may_hold_integral_int
from gemini_contract.validator.contract import request_contract
from gemini_contract.validator.normalize import Plan, normalize
from hypothesis import given, settings

from gemini_contract.strategies import mutations, respellings

CONTRACT = request_contract()
RULE_CASES = json.loads((Path(__file__).parent / "cases" / "rules.json").read_text(encoding="utf-8"))


def _loads(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except ValueError:
        return None


def _bodies() -> list[Any]:
    paths = sorted((CORPUS / "valid").glob("*.json")) + sorted((CORPUS / "invalid").glob("*.json"))
    loaded = [_loads(path) for path in paths]
    return [body for body in loaded if type(body) is dict] + [case["body"] for case in RULE_CASES["cases"]]


def _same_as_full_walk(document: Any) -> bool:
    """Whether the plan's walk equals the full walk; False when the plan does not apply (nothing to test)."""
    text = orjson.dumps(document)
    if type(document) is not dict or _may_hold_integral_int(text, CONTRACT.int_field_names):
        return False  # the validator walks everything then (an integral float fails no schema)
    errors = engine.schema_errors(document, CONTRACT)
    if not errors:
        return False
    full = normalize(document, CONTRACT.index)
    # The plan of every error, and the one without the errors no rewrite stands behind (what validate uses).
    for plan in (Plan.from_errors(errors), Plan.from_errors(errors, CONTRACT.index)):
        planned = normalize(document, CONTRACT.index, plan)
        assert planned.value == full.value
        assert planned.issues == full.issues
        assert planned.pointer_map == full.pointer_map
    return True


def _paths(plan: Plan | None) -> int:
    if plan is None:
        return 1
    return sum(_paths(child) for child in plan.children.values()) or 1


def _screened(document: Any) -> bool:
    """Whether the index left an error out of the plan (the test above then covers a smaller walk)."""
    errors = engine.schema_errors(document, CONTRACT) if type(document) is dict else None
    if not errors:
        return False
    return _paths(Plan.from_errors(errors, CONTRACT.index)) < _paths(Plan.from_errors(errors))


def test_errors_no_rewrite_stands_behind_leave_the_plan() -> None:
    document = {
        "contents": [{"role": "assistant", "parts": [{"text": "hi"}]}],
        "safetySettings": [
            {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_SOME"},
            {"category": "harm_category_hate_speech", "threshold": "BLOCK_NONE"},
            {"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": 2},
        ],
        "generationConfig": {"temperature": "0.7", "candidateCount": -1, "maxOutputToken": 8, "top_k": 3},
    }
    errors = engine.schema_errors(document, CONTRACT)
    plan = Plan.from_errors(errors or [], CONTRACT.index)
    assert plan is not None
    # Left out: a role outside Content.role's enum, BLOCK_SOME (no spelling of it is a threshold), the
    # negative count. Kept: the respellable category, the threshold number, the string number, and the
    # unknown members of an object with a proto name among them.
    assert set(plan.children) == {"safetySettings", "generationConfig"}
    settings_plan = plan.children["safetySettings"]
    assert settings_plan is not None
    assert set(settings_plan.children) == {"1", "2"}
    config = plan.children["generationConfig"]
    assert config is not None
    assert set(config.children) == {"temperature", "maxOutputToken", "top_k"}
    assert _same_as_full_walk(document)


def test_the_index_screens_errors_out_of_many_plans() -> None:
    assert sum(_screened(body) for body in _bodies()) >= 5  # 8 of the corpus and rule cases


@pytest.mark.parametrize("body", _bodies(), ids=range(len(_bodies())))
def test_plan_rewrites_what_the_full_walk_rewrites_in_the_corpus(body: Any) -> None:
    _same_as_full_walk(body)


def test_the_plan_applies_to_most_invalid_bodies() -> None:
    # Not vacuous: the corpus and rule cases hold many bodies the plan's walk is used for.
    assert sum(_same_as_full_walk(body) for body in _bodies()) >= 50


@settings(max_examples=150, deadline=None)
@given(respellings())
def test_plan_on_respelled_requests(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _same_as_full_walk(pair[0])


@settings(max_examples=150, deadline=None)
@given(mutations())
def test_plan_on_mutations(drawn: tuple[Any, Any]) -> None:
    _same_as_full_walk(drawn[0])


class _Kind:
    def __init__(self, name: str, details: dict[str, Any]) -> None:
        self.name = name
        self._details = details

    def as_dict(self) -> dict[str, Any]:
        return self._details


class _Error:
    """What _may_be_rewritten reads of a jsonschema-rs error."""

    def __init__(self, kind: str, schema_path: list[Any], instance: Any, **details: Any) -> None:
        self.kind = _Kind(kind, details)
        self.schema_path = schema_path
        self.instance = instance


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_Error("enum", ["$defs", "HarmBlockThreshold", "enum"], "block_none"), True),  # respelled
        (_Error("enum", ["$defs", "HarmBlockThreshold", "enum"], 4), True),  # its number
        (_Error("enum", ["$defs", "HarmBlockThreshold", "enum"], 99), False),
        (_Error("enum", ["$defs", "HarmBlockThreshold", "enum"], True), False),  # a bool is no number
        (_Error("enum", ["$defs", "HarmBlockThreshold", "enum"], "BLOCK_SOME"), False),
        (_Error("enum", ["$defs", "NotAnEnum", "enum"], "x"), True),  # unknown: kept
        (_Error("enum", ["$defs", "Content", "properties", "role", "enum"], "assistant"), False),
        (_Error("enum", ["$defs", "SafetySetting", "properties", "threshold", "enum"], "x"), True),
        (
            _Error(
                "additionalProperties",
                ["$defs", "GenerationConfig", "additionalProperties"],
                {},
                unexpected=["topKK"],
            ),
            False,
        ),
        (
            _Error(
                "additionalProperties",
                ["$defs", "GenerationConfig", "additionalProperties"],
                {},
                unexpected=["x", "top_k"],
            ),
            True,
        ),
        (
            _Error("additionalProperties", ["$defs", "Nope", "additionalProperties"], {}, unexpected=["x"]),
            True,
        ),
        (_Error("type", ["$defs", "GenerationConfig", "properties", "temperature", "type"], "0.7"), True),
    ],
)
def test_what_the_index_says_no_rewrite_stands_behind(error: _Error, expected: bool) -> None:
    from gemini_contract.validator.normalize import _may_be_rewritten

    assert _may_be_rewritten(error, error.kind.name, CONTRACT.index) is expected
