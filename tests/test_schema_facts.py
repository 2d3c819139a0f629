"""The API facts in schema/facts.py agree with the reference, and the stages that need them read them from there."""

from __future__ import annotations

import re
from typing import Any

from gemini_contract.schema import facts
from gemini_contract.validator import schemaindex
from gemini_contract.validator.checks import config

from gemini_contract.strategies import _index as ix


def _reference_fields(reference: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    types = reference["types"]
    return {(name, f["json_name"]): f for name, t in types.items() for f in t.get("fields", ())}


def test_snake_case_gives_the_proto_name_of_every_reference_field(
    reference: dict[str, Any], schema: dict[str, Any]
) -> None:
    # Where the derived name is not the proto's, the schema must spell it out in x-proto-name.
    for (owner, json_name), field in _reference_fields(reference).items():
        given = schema["$defs"].get(owner, {}).get("properties", {}).get(json_name, {}).get("x-proto-name")
        assert (given or facts.snake_case(json_name)) == field["proto_name"], (owner, json_name)


def test_snake_case_spellings() -> None:
    assert schemaindex.snake_case is facts.snake_case  # the validator's index reads the one definition
    assert facts.snake_case("responseMimeType") == "response_mime_type"
    assert facts.snake_case("_responseJsonSchema") == "_response_json_schema"
    assert facts.snake_case("Capitalised") == "capitalised"  # no leading underscore


def _one_of(constraint: str) -> tuple[str, ...]:
    """`One of 1:1 1:4 ... (discovery ...)` / `One of 512, 1K, ... (...)` -> the listed values, in order."""
    match = re.match(r"One of ([^(]*)\(", constraint)
    assert match, constraint
    return tuple(match.group(1).replace(",", " ").split())


def test_image_facts_are_the_reference_lists(reference: dict[str, Any]) -> None:
    fields = _reference_fields(reference)
    assert _one_of(fields[("ImageConfig", "aspectRatio")]["constraints"]) == facts.ASPECT_RATIOS
    assert _one_of(fields[("ImageConfig", "imageSize")]["constraints"]) == facts.IMAGE_SIZES


def test_validator_and_strategies_read_the_facts() -> None:
    assert frozenset(facts.ASPECT_RATIOS) == config.ASPECT_RATIOS
    assert frozenset(facts.IMAGE_SIZES) == config.IMAGE_SIZES
    assert ix.fields("GenerationConfig")["responseMimeType"].proto_name == "response_mime_type"
