"""The strategies draw from the request contract's schema, the one copy the validator checks, and never modify
it (it is shared by every stage)."""

from __future__ import annotations

from typing import Any

from gemini_contract.schema import load_schema
from gemini_contract.validator.contract import request_contract
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies import for_type, mutations, requests, respellings


def test_index_reads_the_request_contract() -> None:
    assert ix.schema() is request_contract().schema
    assert ix.defs() is request_contract().schema["$defs"]


def test_shared_schema_is_unchanged_after_drawing() -> None:
    drawn: list[Any] = []

    @settings(
        max_examples=60,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(requests(), respellings(), mutations(), for_type("Tool"), for_type("Schema")))
    def draw(value: Any) -> None:
        drawn.append(value)

    draw()
    assert drawn
    assert request_contract().schema == load_schema()
