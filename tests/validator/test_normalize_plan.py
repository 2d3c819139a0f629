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
    planned = normalize(document, CONTRACT.index, Plan.from_errors(errors))
    assert planned.value == full.value
    assert planned.issues == full.issues
    assert planned.pointer_map == full.pointer_map
    return True


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
