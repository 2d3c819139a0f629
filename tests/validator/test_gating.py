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
        if model is None and cleared is Cleared.ALL:
            _run_cleared_is_run(canonical)


def _run_cleared_is_run(canonical: dict[str, Any]) -> None:
    """The validator's shortcut for a document cleared entirely with no model: the same issues in the same
    order as the gated run, whatever the text's size (None: a dict input; the huge one fits every check)."""
    table = CONTRACT.checks
    assert table is not None
    for size in (None, 0, 1 << 40):
        shortcut = table.run_cleared(canonical, CONTRACT, size)
        gated = table.run(canonical, Context(CONTRACT, canonical, size, Cleared.ALL))
        if shortcut is None:
            assert "model" in canonical  # only a body that names its model takes the general path
        else:
            assert list(map(repr, shortcut)) == list(map(repr, gated)), size


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
    """Where the quiet schemas clear a request without a model, validate() asks CheckTable.run_cleared, which
    runs only the checks without a quiet schema: the ungated checks must say no more, at every size (a text
    big enough for the size rules included)."""
    if clearance(canonical, CONTRACT) is not Cleared.ALL:
        return
    table = CONTRACT.checks
    assert table is not None
    for size in (None, 10, 10**9):
        shortcut = table.run_cleared(canonical, CONTRACT, size)
        if shortcut is not None:
            ungated = run_checks(canonical, Context(CONTRACT, canonical, size), gated=False)
            assert sorted(map(repr, shortcut)) == sorted(map(repr, ungated)), size


def test_most_cleared_requests_need_no_context_and_a_big_one_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not vacuous: a plain request is done without building a Context; safety settings or a big text bring
    checks back (and one Context for them)."""
    from gemini_contract.validator import checks

    built: list[int] = []

    class Counted(Context):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(checks, "Context", Counted)
    table = CONTRACT.checks
    assert table is not None
    plain = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}
    assert clearance(plain, CONTRACT) is Cleared.ALL
    assert table.run_cleared(plain, CONTRACT, 100) == []
    assert not built
    assert table.run_cleared(plain, CONTRACT, 10**9) == []
    assert len(built) == 1
    assert table.run_cleared(plain, CONTRACT, None) == []
    assert len(built) == 2
    safety = {
        **plain,
        "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
    }
    assert table.run_cleared(safety, CONTRACT, 100) == []
    assert len(built) == 3


def test_run_cleared_runs_the_unquiet_checks() -> None:
    # Not vacuous: a cleared request with a repeated safety category and one with a repeated function name
    # get their findings through the shortcut, and the model-naming body is left to the general path.
    table = CONTRACT.checks
    assert table is not None
    twice = {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}
    safety = {"contents": [{"parts": [{"text": "hi"}]}], "safetySettings": [twice, twice]}
    declaration = {"name": "f", "description": "d"}
    tools = {
        "contents": [{"parts": [{"text": "hi"}]}],
        "tools": [{"functionDeclarations": [declaration] * 2}],
    }
    for body, rule in ((safety, "GC309"), (tools, "GC311")):
        assert clearance(body, CONTRACT) is Cleared.ALL
        assert [issue.rule for issue in table.run_cleared(body, CONTRACT, 100) or []] == [rule]
        _run_cleared_is_run(body)
    assert table.run_cleared({**safety, "model": "gemini-2.5-flash"}, CONTRACT, 100) is None
    assert table.run_cleared({"contents": [{"parts": [{"text": "hi"}]}]}, CONTRACT, 100) == []


def test_context_defaults_are_a_request_without_a_model() -> None:
    ctx = Context(CONTRACT, {"contents": []}, None)
    assert (ctx.model, ctx.resolution, ctx.family, ctx.model_cleared, ctx.config) == (
        None,
        None,
        None,
        False,
        {},
    )
    named = Context(CONTRACT, {"model": "gemini-2.5-flash", "generationConfig": {"topK": 3}}, None)
    assert named.model == "gemini-2.5-flash"
    assert named.resolution is not None
    assert named.config == {"topK": 3}
    assert Context.model is None  # a model is stored on its instance, never on the class
