"""Acceptance: `requests()` reaches every `$defs` type and every enum value within 2,000 examples.

Measured from the drawn bodies (a schema-guided walk names the type of every value), not from the
strategies' own bookkeeping. The run stops as soon as everything has been seen. Left out on purpose:
deprecated enum values (HarmCategory's PaLM-era names: a valid body never carries them, rule GC321),
SDK-only ones (x-enum-sdk-only, rule GC339: tests/validator/cases/rules.json has them) and the `model`
property (rule GC301); the mutations cover GC321 and GC301.

The examples are drawn in a fresh interpreter (this file run as a script). Derandomized Hypothesis draws
the same examples only for the same loaded modules: it mixes the literal constants of every local module
in `sys.modules` into its draws, so in-process the sequence depended on what other tests (and xdist's
order of them) had imported before.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies import requests, types_and_enums

BUDGET = 2000


class _Covered(Exception):
    """Raised to stop drawing once every type and value has been seen."""


def targets() -> tuple[set[str], set[tuple[str, str]]]:
    types = set(ix.defs())
    values = {(n, v) for n in ix.enum_names() for v in ix.enum_values(n) if v not in ix.undrawn_values(n)}
    values |= {(f"{owner}.{prop}", v) for (owner, prop), vs in ix.inline_enums().items() for v in vs}
    return types, values


def examples_to_coverage() -> dict[str, Any]:
    """Draw derandomized requests until every type and value has been seen (or the budget is spent)."""
    want_types, want_values = targets()
    seen_types: set[str] = set()
    seen_values: set[tuple[str, str]] = set()
    drawn = [0]

    @settings(
        max_examples=BUDGET,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(requests())
    def draw(body: dict[str, Any]) -> None:
        drawn[0] += 1
        types, values = types_and_enums(body)
        seen_types.update(types)
        seen_values.update(values)
        if seen_types >= want_types and seen_values >= want_values:
            raise _Covered

    with contextlib.suppress(_Covered):
        draw()
    return {
        "drawn": drawn[0],
        "missing_types": sorted(want_types - seen_types),
        "missing_values": sorted(want_values - seen_values),
    }


@pytest.mark.slow
def test_requests_reach_every_type_and_enum_value_within_budget() -> None:
    child = subprocess.run(
        [sys.executable, __file__], capture_output=True, text=True, timeout=600, check=False
    )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout.splitlines()[-1])
    print(f"coverage reached after {result['drawn']} examples")
    assert result["drawn"] <= BUDGET
    assert result["missing_types"] == []
    assert result["missing_values"] == []


def test_the_walk_names_types_and_enum_values() -> None:
    body = {
        "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
        "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "OFF"}],
    }
    types, values = types_and_enums(body)
    assert {"GenerateContentRequest", "Content", "Part", "SafetySetting", "HarmCategory"} <= types
    assert ("HarmBlockThreshold", "OFF") in values
    assert ("Content.role", "user") in values


if __name__ == "__main__":
    print(json.dumps(examples_to_coverage()))
