"""`for_type(name)` draws a valid instance of every `$defs` type (checked against that type's sub-schema)."""

from __future__ import annotations

from typing import Any

import pytest
from gemini_contract.schema import load_schema
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from gemini_contract.strategies import for_type

SCHEMA = load_schema()
TYPES = sorted(SCHEMA["$defs"])


def validator_for(name: str) -> Draft202012Validator:
    return Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{name}"})


@pytest.mark.parametrize("name", TYPES)
def test_every_type_draws_valid_instances(name: str) -> None:
    check = validator_for(name)

    @settings(max_examples=max(settings.default.max_examples // 5, 10))
    @given(for_type(name))
    def instances(value: Any) -> None:
        assert not list(check.iter_errors(value))

    instances()


def test_unknown_type_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="no type 'Nope'"):
        for_type("Nope")


@given(st.data())
def test_enum_types_draw_their_values(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from([n for n in TYPES if "enum" in SCHEMA["$defs"][n]]))
    value = data.draw(for_type(name))
    assert value in SCHEMA["$defs"][name]["enum"]
    assert value not in SCHEMA["$defs"][name].get("x-enum-deprecated", [])
