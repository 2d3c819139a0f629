"""The strategies and the generated dataclasses agree: drawn bodies round-trip through the models, and models
drawn with `st.from_type` / `st.builds` serialize to bodies the validator accepts."""

from __future__ import annotations

from typing import Any

import pytest
from gemini_contract.generated.models import (
    Content,
    GenerateContentRequest,
    GenerationConfig,
    SafetySetting,
    Tool,
)
from hypothesis import assume, given
from hypothesis import strategies as st

import gemini_contract
from gemini_contract import Severity
from gemini_contract.strategies import requests
from gemini_contract.strategies.models import register_model_strategies
from gemini_contract.strategies.walk import walk

register_model_strategies()

# Found by these properties: a google.protobuf.Value field holding JSON null (valid: null is a Value) is
# refused by the generated decoder ("null is not allowed here"), because the models use None for "absent".
NULL_VALUE_BODY: dict[str, Any] = {
    "contents": [{"parts": [{"text": "Hello"}]}],
    "generationConfig": {
        "responseMimeType": "application/json",
        "responseSchema": {"type": "STRING", "example": None},
    },
}


def has_null_value_field(body: dict[str, Any]) -> bool:
    return any(
        n.opaque and n.value is None and n.field is not None and n.field.x_format == "value"
        for n in walk(body)
    )


def clean(body: dict[str, Any]) -> bool:
    report = gemini_contract.validate(body, profile="strict")
    return not report.at_least(Severity.ERROR)


@given(requests())
def test_from_dict_to_dict_round_trips_drawn_bodies(body: dict[str, Any]) -> None:
    assume(not has_null_value_field(body))  # tracked by test_null_value_field_round_trips below
    assert GenerateContentRequest.from_dict(body).to_dict() == body


@pytest.mark.xfail(
    strict=True, reason="codegen: a Value field holding JSON null cannot be decoded (None = absent)"
)
def test_null_value_field_round_trips() -> None:
    assert gemini_contract.validate(NULL_VALUE_BODY, profile="strict").ok
    assert GenerateContentRequest.from_dict(NULL_VALUE_BODY).to_dict() == NULL_VALUE_BODY


@given(st.from_type(GenerateContentRequest))
def test_models_from_type_validate(request: GenerateContentRequest) -> None:
    assert clean(request.to_dict())


@given(
    st.builds(
        GenerateContentRequest,
        contents=st.lists(st.from_type(Content), min_size=1, max_size=3),
        generation_config=st.none() | st.from_type(GenerationConfig),
        safety_settings=st.none()
        | st.lists(st.from_type(SafetySetting), min_size=1, max_size=3, unique_by=lambda s: s.category),
        tools=st.none() | st.lists(st.from_type(Tool), min_size=1, max_size=1),
    )
)
def test_models_built_field_by_field_validate(request: GenerateContentRequest) -> None:
    assert clean(request.to_dict())


def test_every_generated_class_has_a_strategy() -> None:
    classes = register_model_strategies()
    assert GenerateContentRequest in classes
    assert len(classes) >= 70
