"""strictints.strict_integers holds a schema's integer fields to integers as written (draft 4's reading,
through a $ref into the contracts' registry); everything else keeps its verdict."""

from __future__ import annotations

from typing import Any

import pytest
from gemini_contract.validator.checks.strictints import INTEGER_ID, is_strict, strict_integers
from gemini_contract.validator.contract import compile_schema

_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "count": {"type": "integer", "minimum": 1},
        "counts": {"type": "array", "items": {"type": "integer"}},
        "ref": {"$ref": "#/$defs/Int", "maximum": 9},
        "ratio": {"type": "number"},
    },
    "$defs": {"Int": {"type": "integer"}},
}


def test_integer_nodes_get_the_strict_ref_and_the_rest_stays() -> None:
    strict = strict_integers(_SCHEMA)
    assert strict["properties"]["count"] == {"minimum": 1, "$ref": INTEGER_ID}
    assert strict["properties"]["ref"] == _SCHEMA["properties"]["ref"]  # its target is rewritten instead
    assert strict["$defs"]["Int"] == {"$ref": INTEGER_ID}
    assert strict["properties"]["ratio"] == {"type": "number"}
    assert _SCHEMA["properties"]["count"] == {"type": "integer", "minimum": 1}  # the input is left alone
    assert is_strict(strict)
    assert not is_strict(_SCHEMA)
    assert strict_integers({"$ref": "#/x", "type": "integer"}) == {
        "$ref": "#/x",
        "allOf": [{"$ref": INTEGER_ID}],
    }


@pytest.mark.parametrize(
    ("instance", "loose", "strict"),
    [
        ({"count": 40}, True, True),
        ({"count": 40.0}, True, False),
        ({"count": 0}, False, False),
        ({"count": 2**63}, True, True),
        ({"count": True}, False, False),
        ({"count": "40"}, False, False),
        ({"counts": [1, 2.0]}, True, False),
        ({"ref": 3.0}, True, False),
        ({"ref": 10}, False, False),
        ({"ratio": 1.0}, True, True),
    ],
)
def test_only_integral_floats_in_integer_fields_change_their_verdict(
    instance: dict[str, Any], loose: bool, strict: bool
) -> None:
    assert compile_schema(_SCHEMA).is_valid(instance) is loose
    assert compile_schema(strict_integers(_SCHEMA)).is_valid(instance) is strict
