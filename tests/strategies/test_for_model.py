"""`requests(model=...)` draws only bodies that model accepts: no error and no model-rule warning when
validated with that model, for a model of every family of the table that serves generateContent."""

from __future__ import annotations

from typing import Any

import pytest
from gemini_contract.schema.models import model_table
from gemini_contract.validator.findings import Severity
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from gemini_contract import validate
from gemini_contract.strategies import mutations, requests
from gemini_contract.strategies.for_model import EDITS, model_edits

FAMILIES = model_table().families
SERVING = [f.ids[0] for f in FAMILIES if getattr(f.facts.get("generateContent"), "value", True) is not False]
NOT_SERVING = [f.ids[0] for f in FAMILIES if f.ids[0] not in SERVING]


def _model_findings(body: dict[str, Any], model: str) -> list[Any]:
    report = validate(body, model=model)
    # Errors, and model-rule warnings (GC402, retired, is about the model, not the body; infos are not
    # rejections: GC329's generic one stays where the family has no candidate maximum).
    model_rules = ("GC327", "GC328", "GC329")
    return [
        f
        for f in report.findings
        if f.severity is Severity.ERROR
        or (
            f.severity is Severity.WARNING
            and (f.rule in model_rules or (f.rule.startswith("GC4") and f.rule != "GC402"))
        )
    ]


@pytest.mark.parametrize("model", SERVING)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_requests_for_a_model_are_accepted_by_it(model: str, data: st.DataObject) -> None:
    body = data.draw(requests(model=model))
    assert _model_findings(body, model) == []


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_google_spelled_requests_for_a_model(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(SERVING))
    body = data.draw(requests("google", model=model))
    assert _model_findings(body, model) == []


def test_a_model_that_serves_no_generate_content_draws_nothing() -> None:
    assert NOT_SERVING
    for model in NOT_SERVING:
        with pytest.raises(InvalidArgument):
            requests(model=model)


def test_an_unknown_model_draws_any_valid_request() -> None:
    assert repr(requests(model="tunedModels/x")) == repr(requests())


@pytest.mark.parametrize("model", [m for m in SERVING if model_edits(model_table().resolve(m).family)])  # type: ignore[arg-type]
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_model_mutations_are_reported_for_the_model(model: str, data: st.DataObject) -> None:
    body, expect = data.draw(mutations(model=model, severity="warning"))
    found = {(f.rule, f.pointer, str(f.severity)) for f in validate(body, model=model).findings}
    assert (expect.rule, expect.pointer, expect.severity) in found, (expect, found)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_model_mutations_by_default_are_rejected_by_the_model(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(["gemini-2.5-flash", "gemini-3-flash-preview", "gemma-3-27b-it"]))
    body, expect = data.draw(mutations(model=model))
    assert expect.severity == "error"
    assert not validate(body, model=model).ok


def test_every_fact_kind_the_rules_read_has_a_mutation() -> None:
    from gemini_contract.validator.checks import model_quiet

    read = set(model_quiet.FRAGMENTS) - {"generateContent", "retired"}  # about the model, not the body
    assert read - set(EDITS) == set()
