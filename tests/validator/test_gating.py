"""The checks table is gated: a check runs only when the one-pass quiet validator does not clear it and one of
its trigger members is present. Gating must never hide an issue: each body here is checked gated (as the
validator does) and ungated, and the issues must be the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixture_paths import CORPUS, corpus_samples
from gemini_contract.schema.models import model_table
from gemini_contract.validator.checks import Cleared, Context, clearance, run_checks
from gemini_contract.validator.contract import request_contract
from hypothesis import given, settings

from gemini_contract import validate
from gemini_contract.strategies import mutations, requests

CONTRACT = request_contract()
RULE_CASES = json.loads((Path(__file__).parent / "cases" / "rules.json").read_text(encoding="utf-8"))
BODIES = [case["body"] for case in RULE_CASES["cases"] + RULE_CASES["clean"]] + [
    json.loads((CORPUS / s["file"]).read_bytes()) for s in corpus_samples() if s["file"].endswith(".json")
]


def _canonical(body: Any) -> Any:
    return validate(body).canonical


# Any model, one model of every family of the table, and one it does not know: the gate is the same for all.
MODELS = [None, *(family.ids[0] for family in model_table().families), "tunedModels/x"]


def _same_issues_gated_and_not(canonical: dict[str, Any]) -> None:
    _skipping_the_checks_hides_nothing(canonical)
    for model in MODELS:
        contract = CONTRACT.for_model(model)  # a model's own quiet schema clears its model rules
        cleared = clearance(canonical, contract)
        gated = run_checks(
            canonical,
            Context(contract, canonical, None, Cleared.NOTHING if cleared is None else cleared, model),
        )
        ungated = run_checks(canonical, Context(CONTRACT, canonical, None, model=model), gated=False)
        assert sorted(map(repr, gated)) == sorted(map(repr, ungated)), model


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_gating_hides_nothing_in_rule_cases_and_corpus(body: Any) -> None:
    canonical = _canonical(body)
    if type(canonical) is dict:
        _same_issues_gated_and_not(canonical)


def test_rule_cases_fire_through_the_gate() -> None:
    # Not vacuous: the GC3xx rule cases do produce issues from the gated run.
    canonicals = [_canonical(case["body"]) for case in RULE_CASES["cases"]]
    fired = {
        issue.rule
        for c in canonicals
        if type(c) is dict
        for issue in run_checks(c, Context(CONTRACT, c, None))
    }
    assert {"GC301", "GC302", "GC305", "GC309", "GC311", "GC319", "GC323", "GC324"} <= fired


@settings(max_examples=150, deadline=None)
@given(mutations())
def test_gating_hides_nothing_in_mutated_bodies(pair: tuple[dict[str, Any], Any]) -> None:
    canonical = _canonical(pair[0])
    if type(canonical) is dict:
        _same_issues_gated_and_not(canonical)


@settings(max_examples=100, deadline=None)
@given(requests())
def test_gating_hides_nothing_in_valid_requests(body: dict[str, Any]) -> None:
    _same_issues_gated_and_not(body)


def _skipping_the_checks_hides_nothing(canonical: dict[str, Any]) -> None:
    """validate() builds no Context where the quiet schemas clear a request without a model and
    CheckTable.may_fire_cleared says no check is left: the ungated checks must then say nothing, at every size
    (a text big enough for the size rules included)."""
    if clearance(canonical, CONTRACT) is not Cleared.ALL:
        return
    table = CONTRACT.checks
    assert table is not None
    for size in (None, 10, 10**9):
        if not table.may_fire_cleared(canonical, size):
            assert run_checks(canonical, Context(CONTRACT, canonical, size), gated=False) == [], size


def test_most_cleared_requests_need_no_check_and_a_big_one_does() -> None:
    """Not vacuous: a plain request is skipped whole; safety settings, tools or a big text bring checks back."""
    table = CONTRACT.checks
    assert table is not None
    plain = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}
    assert clearance(plain, CONTRACT) is Cleared.ALL
    assert not table.may_fire_cleared(plain, 100)
    assert table.may_fire_cleared(plain, 10**9)  # the size rules
    assert table.may_fire_cleared(plain, None)  # a dict input: size unknown
    safety = {
        **plain,
        "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
    }
    assert table.may_fire_cleared(safety, 100)
    assert table.may_fire_cleared({**plain, "model": "gemini-2.5-flash"}, 100)
