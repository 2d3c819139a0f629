"""Rules JSON Schema cannot express: one small module per area, each check a pure function of the canonical
document returning Issues with canonical pointers. `CHECKS` is the table the validator runs.

Each entry says when it can fire, in terms of cheap `Signals` of the document (which members the parts use,
substrings of the serialized tools), so that a plain request pays for a few lookups, not for every walk.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import jsonschema_rs
import orjson
from gemini_contract.validator.checks import config, conversation, schemas, tools
from gemini_contract.validator.checks.walk import generation_config, items, obj
from gemini_contract.validator.findings import Issue


class Signals:
    """Facts about one canonical document, each computed at most once and only if a check asks."""

    def __init__(self, doc: dict[str, Any], size: int | None) -> None:
        self.doc = doc
        self.size = size  # bytes of the document's text; None when it came as a dict

    @functools.cached_property
    def part_members(self) -> frozenset[str]:
        """Every member name used by some Part that a check walks for (`_PART_TRIGGERS`)."""
        if _PARTS_PROBE.is_valid(self.doc):  # one pass in Rust: the common case, no walk in Python
            return frozenset()
        found: set[str] = set()
        contents = items(self.doc.get("contents"))
        system = self.doc.get("systemInstruction")
        for content in [system, *contents] if type(system) is dict else contents:
            for part in items(obj(content).get("parts")):
                if type(part) is dict and not (len(part) == 1 and "text" in part):
                    found.update(part)
        return frozenset(found)

    @functools.cached_property
    def schema_text(self) -> bytes | None:
        """The serialized tools and response schemas (where Gemini and JSON schemas live); None when they
        nest deeper than orjson serializes, which every schema check must then look at."""
        config = generation_config(self.doc)
        parts = [self.doc.get("tools"), config.get("responseSchema"), config.get("responseJsonSchema")]
        try:
            return orjson.dumps([*parts, config.get("_responseJsonSchema")])
        except TypeError:
            return None

    def in_schemas(self, *needles: bytes) -> bool:
        text = self.schema_text
        return text is None or any(needle in text for needle in needles)

    def uses_in_parts(self, *members: str) -> bool:
        assert set(members) <= set(_PART_TRIGGERS), "extend _PART_TRIGGERS (the probe) first"
        return not self.part_members.isdisjoint(members)


_PART_TRIGGERS = ("functionCall", "functionResponse", "videoMetadata")
_NO_TRIGGER = {"not": {"anyOf": [{"required": [name]} for name in _PART_TRIGGERS]}}
_TURN = {"properties": {"parts": {"items": _NO_TRIGGER}}}
# Valid exactly when no Part (in contents or systemInstruction) holds a member some check walks for.
_PARTS_PROBE = jsonschema_rs.validator_for(
    {"properties": {"contents": {"items": _TURN}, "systemInstruction": _TURN}}, validate_formats=False
)


def _absent(*names: str) -> dict[str, Any]:
    return {"not": {"anyOf": [{"required": [name]} for name in names]}}


# Valid exactly when no check in CHECKS can fire, whatever the size: the members every check reads are
# absent, or (for the pairs) not both present. One pass in Rust lets a plain request skip every check.
# tests/validator/test_rule_cases.py holds this to every rule case.
QUIET = jsonschema_rs.validator_for(
    {
        **_absent("model", "cachedContent", "safetySettings", "tools", "toolConfig"),
        "properties": {
            "contents": {"items": _TURN},
            "systemInstruction": _TURN,
            "generationConfig": {
                **_absent(
                    "responseSchema", "responseJsonSchema", "_responseJsonSchema", "logprobs", "imageConfig"
                ),
                "properties": {
                    "thinkingConfig": {"not": {"required": ["thinkingBudget", "thinkingLevel"]}},
                    "speechConfig": {"not": {"required": ["voiceConfig", "multiSpeakerVoiceConfig"]}},
                    "candidateCount": {"maximum": 1},
                },
            },
        },
    },
    validate_formats=False,
)


@dataclass(frozen=True, slots=True)
class Check:
    run: Callable[[dict[str, Any]], Iterable[Issue]]
    when: Callable[[Signals], bool] | None = None  # None: always (O(1) lookups at fixed places)


def _may_nest_deeply(text: bytes) -> bool:
    # Every level of a Gemini Schema has a type or an anyOf: fewer of those than the limit, no deep nesting.
    return text.count(b'"type"') + text.count(b'"anyOf"') >= schemas.MAX_SCHEMA_DEPTH


def _gemini_schema_rules_may_fire(s: Signals) -> bool:
    if "responseSchema" in generation_config(s.doc):
        return True
    return s.in_schemas(b'"format"', b'"pattern"') or s.schema_text is None or _may_nest_deeply(s.schema_text)


def _json_schema_rules_may_fire(s: Signals) -> bool:
    config = generation_config(s.doc)
    return "responseJsonSchema" in config or "_responseJsonSchema" in config or s.in_schemas(b'JsonSchema"')


CHECKS: tuple[Check, ...] = (
    Check(config.model_in_body),
    Check(config.thinking),
    Check(config.response_format),
    Check(config.logprobs),
    Check(config.speech),
    Check(config.safety),
    Check(config.image_config),
    Check(config.candidate_count),
    Check(tools.cached_content),
    Check(tools.time_range),
    Check(tools.function_calling_config),
    Check(tools.function_declarations, lambda s: s.in_schemas(b'"functionDeclarations"')),
    Check(conversation.video_metadata, lambda s: s.uses_in_parts("videoMetadata")),
    Check(conversation.function_names, lambda s: s.uses_in_parts("functionCall", "functionResponse")),
    Check(conversation.function_turns, lambda s: s.uses_in_parts("functionResponse")),
    Check(
        conversation.sizes,
        lambda s: s.size is None or s.size >= min(conversation.MAX_INLINE_BYTES, conversation.MAX_TEXT_CHARS),
    ),
    Check(schemas.gemini_schemas, _gemini_schema_rules_may_fire),
    Check(schemas.json_schemas, _json_schema_rules_may_fire),
)
SIZE_CHECKS: tuple[Check, ...] = tuple(c for c in CHECKS if c.run is conversation.sizes)
