"""Every labelled mutation is reported by the validator with its rule at its pointer, in both profiles; and the
independent oracle agrees that the mutated body is not valid."""

from __future__ import annotations

import json
from typing import Any

import pytest
from gemini_contract.validator.ruleset import RULES_BY_ID
from hypothesis import given, settings

import gemini_contract
from gemini_contract.strategies import MUTATORS, Expectation, mutations
from gemini_contract.strategies.mutation_base import schema_rejects

Pair = tuple[dict[str, Any], Expectation]


def reported(body: Any, expectation: Expectation, profile: str) -> bool:
    report = gemini_contract.validate(body, profile=profile)
    return (expectation.rule, expectation.pointer) in {(f.rule, f.pointer) for f in report.findings}


def assert_reported(pair: Pair) -> None:
    body, expectation = pair
    text = json.dumps(body).encode("utf-8")
    for profile in ("google", "strict"):
        assert reported(text, expectation, profile), (profile, expectation)
    assert reported(body, expectation, "google"), ("mapping", expectation)
    rule = RULES_BY_ID[expectation.rule]
    if rule.id.startswith("GC2"):
        assert schema_rejects(body)  # the independent oracle sees the same defect
    if rule.severity_in("google") == gemini_contract.Severity.ERROR:
        assert not gemini_contract.validate(text).ok


@settings(max_examples=settings.default.max_examples * 3)
@given(mutations())
def test_each_mutation_is_reported_at_its_pointer(pair: Pair) -> None:
    assert_reported(pair)


@pytest.mark.parametrize("name", sorted(MUTATORS))
def test_every_mutator_is_reported(name: str) -> None:
    @settings(max_examples=max(settings.default.max_examples // 10, 5))
    @given(mutations(only=[name], severity="info"))  # every mutator, warnings included (issue 14)
    def run(pair: Pair) -> None:
        assert pair[1].mutation == name
        assert_reported(pair)

    run()


def test_expectations_name_known_rules() -> None:
    assert set(MUTATORS) >= {"delete-required", "wrong-type", "two-data-members", "unknown-field"}
    with pytest.raises(ValueError, match="unknown mutators"):
        mutations(only=["no-such-mutator"])
