"""The strategies and the generated dataclasses agree: drawn bodies round-trip through the models, and models
drawn with `st.from_type` / `st.builds` serialize to bodies the validator accepts."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from gemini_contract.generated.models import (
    JSON_NULL,
    Content,
    FunctionDeclaration,
    GenerateContentRequest,
    GenerationConfig,
    JsonNull,
    ModelError,
    Part,
    SafetySetting,
    Schema,
    Tool,
    Type,
)
from hypothesis import event, given
from hypothesis import strategies as st

import gemini_contract
from gemini_contract import Severity
from gemini_contract.strategies import requests
from gemini_contract.strategies.models import register_model_strategies
from gemini_contract.strategies.walk import get, walk

register_model_strategies()

# Found by these properties: a google.protobuf.Value field holding JSON null (valid: null is a Value) was
# refused by the generated decoder, because the models use None for "absent"; it is JSON_NULL now.
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
    if has_null_value_field(body):
        event("a Value field holds JSON null")
    assert GenerateContentRequest.from_dict(body).to_dict() == body


@given(requests(), st.data())
def test_null_in_any_value_field_of_a_drawn_body_round_trips(
    body: dict[str, Any], data: st.DataObject
) -> None:
    """requests() rarely puts null in a Value field by itself (about 1 body in 300): null some of them."""
    paths = [n.path for n in walk(body) if n.opaque and n.field is not None and n.field.x_format == "value"]
    if not paths:
        return
    body = copy.deepcopy(body)
    for path in data.draw(st.lists(st.sampled_from(paths), min_size=1, unique=True)):
        get(body, path[:-1])[path[-1]] = None
    event("a Value field holds JSON null")
    assert GenerateContentRequest.from_dict(body).to_dict() == body


def test_null_value_field_round_trips() -> None:
    assert gemini_contract.validate(NULL_VALUE_BODY, profile="strict").ok
    request = GenerateContentRequest.from_dict(NULL_VALUE_BODY)
    assert request.generation_config is not None
    assert request.generation_config.response_schema is not None
    assert request.generation_config.response_schema.example is JSON_NULL
    assert request.to_dict() == NULL_VALUE_BODY


def test_json_null_is_written_as_null_and_none_is_absent() -> None:
    schema = Schema(type=Type.STRING, example=JSON_NULL, default=None)
    assert schema.to_dict() == {"type": "STRING", "example": None}  # `default` is absent: omitted
    assert Schema.from_dict(schema.to_dict()) == schema
    assert Schema.from_dict({"type": "STRING"}).example is None
    assert Schema(type=Type.STRING) != schema
    config = GenerationConfig(response_json_schema=JSON_NULL, response_json_schema_ordered={"a": None})
    assert config.to_dict() == {"_responseJsonSchema": None, "responseJsonSchema": {"a": None}}
    assert GenerationConfig.from_dict(config.to_dict()) == config
    # Nulls inside a Value are plain JSON: only the field's own null is the sentinel.
    assert GenerationConfig.from_dict({"responseJsonSchema": [None]}).response_json_schema_ordered == [None]
    declaration = FunctionDeclaration.from_dict({"name": "f", "parametersJsonSchema": None})
    assert declaration.parameters_json_schema is JSON_NULL
    assert declaration.response_json_schema is None


def test_json_null_is_one_falsy_value_that_survives_copy_and_pickle() -> None:
    assert JsonNull(None) is JSON_NULL
    assert list(JsonNull) == [JSON_NULL]
    assert not JSON_NULL
    assert repr(JSON_NULL) == "JSON_NULL"
    assert copy.copy(JSON_NULL) is JSON_NULL
    assert copy.deepcopy(JSON_NULL) is JSON_NULL
    assert pickle.loads(pickle.dumps(JSON_NULL)) is JSON_NULL
    schema = Schema(type=Type.STRING, example=JSON_NULL)
    assert pickle.loads(pickle.dumps(schema)) == schema


def test_a_null_value_field_is_not_blamed_for_another_members_problem() -> None:
    with pytest.raises(ModelError) as caught:
        Schema.from_dict({"type": "STRING", "example": None, "exmaple": 1})
    assert caught.value.pointer == "/exmaple"
    with pytest.raises(ModelError) as caught:  # strict: the google profile reads a null as absent (GC109)
        Schema.from_dict({"type": "STRING", "example": None, "pattern": None}, strict=True)
    assert caught.value.pointer == "/pattern"


@given(st.from_type(JsonNull))
def test_from_type_resolves_the_sentinel(value: JsonNull) -> None:
    assert value is JSON_NULL


@given(
    st.builds(
        Schema,
        type=st.just(Type.STRING),
        example=st.none() | st.from_type(JsonNull) | st.text(max_size=3) | st.lists(st.none(), max_size=2),
    )
)
def test_models_with_a_null_value_field_round_trip_and_validate(schema: Schema) -> None:
    body = schema.to_dict()
    assert Schema.from_dict(body) == schema
    assert ("example" in body) is (schema.example is not None)
    request = GenerateContentRequest(
        contents=[Content(parts=[Part(text="Hi")])],
        generation_config=GenerationConfig(response_mime_type="application/json", response_schema=schema),
    )
    assert clean(request.to_dict())


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
