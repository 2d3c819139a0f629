"""A model family's quiet schema: a JSON Schema, built from the family's facts, that holds whenever none of
the model rules (checks/models.py, the rows of CHECKS marked `modeled`) can fire for that family.

A model-specific contract (`Contract.for_model`) conjoins it with the request schema and the other quiet
fragments, so that a clean request for a known model costs the same one Rust pass as one for any model.
Each fragment may be stricter than its check (then the request only takes the Python path), never looser:
tests/validator/test_quiet.py holds every family's schema to the model checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gemini_contract.schema.models import Family
from gemini_contract.validator.checks import models
from gemini_contract.validator.checks.quiet import absent, at, conjunction

Schema = dict[str, Any]
Fragment = Callable[[Any], "Schema | bool"]


def _config(*path: str, schema: Schema) -> Schema:
    return at("generationConfig", *path, schema=schema)


def _values(values: list[Any]) -> Schema | bool:
    return {"enum": list(values)} if values else False


def _budget(limits: dict[str, Any]) -> Schema:
    span: Schema = {"minimum": limits["min"], "maximum": limits["max"]}
    if not limits["zero"]:
        span["not"] = {"const": 0}
    branches: list[Schema] = [span]
    branches += [{"const": 0}] if limits["zero"] else []
    branches += [{"const": -1}] if limits["dynamic"] else []
    return _config("thinkingConfig", schema={"properties": {"thinkingBudget": {"anyOf": branches}}})


def _modalities(combos: list[list[str]]) -> Schema:
    exactly = [
        {"items": {"enum": combo}, "minItems": len(combo), "maxItems": len(combo), "uniqueItems": True}
        for combo in combos
    ]
    return _config(schema={"properties": {"responseModalities": {"anyOf": [*exactly, {"maxItems": 0}]}}})


def _builtin_with_functions(value: Any) -> Schema | bool:
    if value is True:
        return True
    both = {
        "allOf": [
            {"contains": {"required": ["functionDeclarations"]}},
            {"contains": {"anyOf": [{"required": [name]} for name in models.BUILTIN_TOOLS]}},
        ]
    }
    return {"properties": {"tools": {"not": both}}}


def _civic(value: Any) -> Schema | bool:
    if value is not False:
        return True
    off = {
        "required": ["category", "threshold"],
        "properties": {
            "category": {"const": "HARM_CATEGORY_CIVIC_INTEGRITY"},
            "threshold": {"enum": ["OFF", "HARM_BLOCK_THRESHOLD_UNSPECIFIED"]},
        },
    }
    return at("safetySettings", "[]", schema={"not": off})


def _when_false(schema: Schema) -> Fragment:
    return lambda value: schema if value is False else True


def _when_true(schema: Schema | bool) -> Fragment:
    return lambda value: schema if value is True else True


_IMAGE_WITH_INSTRUCTION = {
    "if": {"required": ["systemInstruction"]},
    "then": _config(schema={"properties": {"responseModalities": {"not": {"contains": {"const": "IMAGE"}}}}}),
}
_SPEAKERS = ("speechConfig", "multiSpeakerVoiceConfig")

# One fragment per fact the modeled checks read (the others: thoughtSignatures is GC327's, which has its own
# quiet schema; partMediaResolution is a Part check's; inputTokenLimit is read by none).
FRAGMENTS: dict[str, Fragment] = {
    "generateContent": _when_false(False),  # type: ignore[arg-type]
    "retired": _when_true(False),
    "thinking": _when_false(_config(schema=absent("thinkingConfig"))),
    "thinkingLevels": lambda levels: _config("thinkingConfig", schema={"properties": {"thinkingLevel": _values(levels)}}),
    "thinkingBudget": _budget,
    "candidateCountMax": lambda most: _config(schema={"properties": {"candidateCount": {"maximum": most}}}),
    "logprobs": _when_false(_config(schema={"properties": {"responseLogprobs": {"const": False}, "logprobs": False}})),
    "penalties": _when_false(_config(schema={"properties": {"presencePenalty": {"const": 0}, "frequencyPenalty": {"const": 0}}})),
    "outputTokenLimit": lambda most: _config(schema={"properties": {"maxOutputTokens": {"maximum": most}}}),
    "systemInstruction": _when_false(absent("systemInstruction")),
    "systemInstructionWithImageOutput": _when_false(_IMAGE_WITH_INSTRUCTION),
    "jsonMode": _when_false(_config(schema={"properties": {"responseMimeType": {"not": {"enum": list(models.JSON_MIME_TYPES)}}}})),
    "mediaResolution": _when_false(_config(schema=absent("mediaResolution"))),
    "responseModalities": _modalities,
    "responseModalitiesRequired": _when_true(
        {"required": ["generationConfig"], "properties": {"generationConfig": {"required": ["responseModalities"]}}}
    ),
    "speakers": lambda n: _config(*_SPEAKERS, schema={"properties": {"speakerVoiceConfigs": {"minItems": n, "maxItems": n}}}),
    "aspectRatios": lambda values: _config("imageConfig", schema={"properties": {"aspectRatio": _values(values)}}),
    "imageSizes": lambda values: _config("imageConfig", schema={"properties": {"imageSize": _values(values)}}),
    "builtinWithFunctions": _builtin_with_functions,
    "computerUseRequired": _when_true(
        {"required": ["tools"], "properties": {"tools": {"contains": {"required": ["computerUse"]}}}}
    ),
    "civicIntegrityOff": _civic,
}  # fmt: skip
UNQUIETED = frozenset(("thoughtSignatures", "partMediaResolution", "inputTokenLimit"))


def family_quiet(family: Family) -> Schema | bool:
    """Holds whenever no modeled check can fire for `family`."""
    fragments: list[Schema | bool] = []
    for name, fact in family.facts.items():
        if name not in UNQUIETED:
            fragments.append(FRAGMENTS[name](fact.value))
    for name, fact in family.tools.items():
        if fact.value is False:
            fragments.append(at("tools", "[]", schema=absent(name)))
    return conjunction([fragment for fragment in fragments if fragment is not True])
