"""The contract held to the reference inventory, field by field, and to the agreed JSON Schema subset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

IN_SCOPE = {"core", "discovery_only", "discovery_20260207_only", "sdk_only"}

# Where the schema departs from the reference on purpose. One entry per (type, field, aspect),
# each with the reason; the tests below consult nothing else.
ALLOWED_DIFFERENCES: dict[tuple[str, str, str], str] = {
    # Bound from the URL path (body "*" minus path fields); the server tolerates it in the body,
    # so the schema allows it and rule GC301 warns. Requiring it would reject every real body.
    ("GenerateContentRequest", "model", "required"): "URL path field, not a body field",
    # REQUIRED in proto/discovery, optional in google-genai 3.3.0 and not known to be enforced
    # (reference notes); requiring it could reject bodies the server accepts.
    ("FunctionDeclaration", "description", "required"): "unverified server enforcement",
    # The server requires type only when anyOf is absent ("must be specified when not using
    # one_of, any_of or all_of fields", E-type-required): expressed as anyOf[required type, required anyOf].
    ("Schema", "type", "required"): "conditional: type or anyOf",
}

# JSON type(s) each reference field type must have in the schema.
JSON_TYPE = {
    "string": "string",
    "bool": "boolean",
    "int32": "integer",
    "int64": "integer",
    "float": "number",
    "double": "number",
    "bytes": "string",
    "Duration": "string",
    "Timestamp": "string",
    "Struct": "object",
    "map": "object",
}

# Draft-07 keywords (plus $defs, the 2020-12 spelling of definitions, and contentEncoding).
ALLOWED_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "type", "enum", "const",
    "properties", "additionalProperties", "required", "items", "minItems", "maxItems", "uniqueItems",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
    "minProperties", "maxProperties", "anyOf", "allOf", "oneOf", "not", "if", "then", "else",
    "contentEncoding", "contentMediaType", "default", "examples", "format",
}  # fmt: skip


def def_name(reference_name: str) -> str:
    return reference_name.replace(".", "")


def in_scope_fields(reference: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for type_name in reference["type_order"]:
        for field in reference["types"][type_name]["fields"]:
            if field["status"] in IN_SCOPE:
                yield type_name, field


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    resolved: dict[str, Any] = schema["$defs"][ref.removeprefix("#/$defs/")]
    return resolved


def check_field_type(schema: dict[str, Any], field: dict[str, Any], node: dict[str, Any]) -> None:
    if field.get("repeated"):
        assert node.get("type") == "array", "repeated field must be an array"
        node = node["items"]
    kind = field["type"]
    if kind in ("message", "enum"):
        assert node.get("$ref") == f"#/$defs/{def_name(field['ref'])}"
    elif kind == "Value":
        assert "type" not in node, "a google.protobuf.Value accepts any JSON value"
    else:
        assert node.get("type") == JSON_TYPE[kind]
    if kind == "map":
        value = node["additionalProperties"]
        if field["map_value"] == "string":
            assert value == {"type": "string"}
        else:
            assert value == {"$ref": f"#/$defs/{def_name(field['map_value_ref'])}"}


def test_every_in_scope_field_is_present_with_a_compatible_type(
    schema: dict[str, Any], reference: dict[str, Any]
) -> None:
    problems = []
    for type_name, field in in_scope_fields(reference):
        definition = schema["$defs"].get(def_name(type_name))
        where = f"{type_name}.{field['json_name']}"
        if definition is None:
            problems.append(f"{where}: type missing from $defs")
            continue
        node = definition["properties"].get(field["json_name"])
        if node is None:
            problems.append(f"{where}: field missing")
            continue
        try:
            check_field_type(schema, field, node)
        except (AssertionError, KeyError) as exc:
            problems.append(f"{where}: wrong type ({exc})")
    assert not problems, "\n".join(problems)


def test_no_field_outside_the_reference(schema: dict[str, Any], reference: dict[str, Any]) -> None:
    expected = {(def_name(t), f["json_name"]) for t, f in in_scope_fields(reference)}
    actual = {
        (name, prop)
        for name, definition in schema["$defs"].items()
        for prop in definition.get("properties", {})
    }
    assert actual - expected == set()


def test_legacy_file_search_shape_is_not_accepted(schema: dict[str, Any]) -> None:
    file_search = schema["$defs"]["FileSearch"]
    assert file_search["additionalProperties"] is False
    assert "retrievalResources" not in file_search["properties"]
    assert "FileSearchRetrievalResource" not in schema["$defs"]
    validator = jsonschema.Draft202012Validator(schema)
    legacy = {"fileSearch": {"retrievalResources": [{"ragStoreName": "ragStores/x"}]}}
    body = {"contents": [{"parts": [{"text": "hi"}]}], "tools": [legacy]}
    assert not validator.is_valid(body)


def test_every_enum_has_exactly_the_reference_names_and_numbers(
    schema: dict[str, Any], reference: dict[str, Any]
) -> None:
    for enum_name, enum in reference["enums"].items():
        definition = schema["$defs"][def_name(enum_name)]
        assert definition["enum"] == [v["name"] for v in enum["values"]], enum_name
        numbers = {v["name"]: v["number"] for v in enum["values"] if v["number"] is not None}
        assert definition.get("x-enum-numbers", {}) == numbers, enum_name


def test_every_required_field_is_required(schema: dict[str, Any], reference: dict[str, Any]) -> None:
    missing = []
    for type_name, field in in_scope_fields(reference):
        if "REQUIRED" not in field.get("field_behavior", []):
            continue
        key = (type_name, field["json_name"], "required")
        required = schema["$defs"][def_name(type_name)].get("required", [])
        if field["json_name"] not in required and key not in ALLOWED_DIFFERENCES:
            missing.append(".".join(key[:2]))
    assert not missing, f"required in the reference but not in the schema: {missing}"


def test_allowed_differences_are_still_differences(schema: dict[str, Any]) -> None:
    # An allow-list entry that no longer differs is stale and would hide a future regression.
    for type_name, field_name, aspect in ALLOWED_DIFFERENCES:
        assert aspect == "required"
        assert field_name not in schema["$defs"][type_name].get("required", [])


def test_schema_type_is_required_unless_any_of(schema: dict[str, Any]) -> None:
    assert schema["$defs"]["Schema"]["anyOf"] == [{"required": ["type"]}, {"required": ["anyOf"]}]


def test_schema_is_valid_against_the_2020_12_meta_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def subschemas(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for child in value.values():
                yield from subschemas(child)
        elif key in ("items", "additionalProperties", "not", "if", "then", "else") and isinstance(
            value, dict
        ):
            yield from subschemas(value)
        elif key in ("anyOf", "allOf", "oneOf"):
            for child in value:
                yield from subschemas(child)


def test_only_the_agreed_keyword_subset_is_used(schema: dict[str, Any]) -> None:
    used = {key for node in subschemas(schema) for key in node if not key.startswith("x-")}
    assert used - ALLOWED_KEYWORDS == set()


def test_every_message_is_closed_and_every_type_and_property_described(schema: dict[str, Any]) -> None:
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), name
        if definition.get("type") == "object":
            assert definition["additionalProperties"] is False, name
        for prop, node in definition.get("properties", {}).items():
            assert node.get("description"), f"{name}.{prop}"


def test_proto_names_that_are_not_derived_are_annotated(
    schema: dict[str, Any], reference: dict[str, Any]
) -> None:
    for type_name, field in in_scope_fields(reference):
        node = schema["$defs"][def_name(type_name)]["properties"][field["json_name"]]
        derived = re.sub(r"([A-Z])", r"_\1", field["json_name"]).lower()
        expected = None if derived == field["proto_name"] else field["proto_name"]
        assert node.get("x-proto-name") == expected, f"{type_name}.{field['json_name']}"


@pytest.mark.parametrize(
    ("json_name", "proto_name"),
    [("_responseJsonSchema", "response_json_schema"), ("responseJsonSchema", "response_json_schema_ordered")],
)
def test_response_json_schema_proto_names(schema: dict[str, Any], json_name: str, proto_name: str) -> None:
    assert schema["$defs"]["GenerationConfig"]["properties"][json_name]["x-proto-name"] == proto_name


def test_struct_and_value_positions_are_open(schema: dict[str, Any], reference: dict[str, Any]) -> None:
    for type_name, field in in_scope_fields(reference):
        if field["type"] in ("Struct", "Value"):
            node = schema["$defs"][def_name(type_name)]["properties"][field["json_name"]]
            assert "additionalProperties" not in node, f"{type_name}.{field['json_name']}"


def test_safety_settings_are_objects_not_strings(schema: dict[str, Any]) -> None:
    # The gateway document shows a list of strings; the real API takes {category, threshold} objects.
    node = schema["$defs"]["GenerateContentRequest"]["properties"]["safetySettings"]
    assert node["items"] == {"$ref": "#/$defs/SafetySetting"}
    assert schema["$defs"]["SafetySetting"]["required"] == ["category", "threshold"]
