"""For each check that JSON Schema can bound, a schema that holds whenever the check cannot fire.

The validator compiles the bundled schema AND every fragment here into one jsonschema-rs validator (the
fragments pushed down into the schema's definitions: checks/pushdown.py): a valid request on which no such
check can fire costs one Rust pass, and only the checks without a fragment (unique function names and their count, safety settings, sizes) run in Python.
A fragment may be stricter than its check (it then only sends a request down the slower, exact path); it
must never be looser: tests/validator/test_quiet.py holds each fragment to its check on the rule cases, the
corpus and mutations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gemini_contract.validator.checks import config, conversation, schemas

Schema = dict[str, Any]


def absent(*names: str) -> Schema:
    # `false` for each member: one map lookup per member present, cheaper in jsonschema-rs than not/anyOf.
    return {"properties": dict.fromkeys(names, False)}


def not_both(first: str, second: str) -> Schema:
    return {"not": {"required": [first, second]}}


def at(*path: str, schema: Schema) -> Schema:
    """`schema` applied to the member at `path` (object members; `[]` for every array item)."""
    for name in reversed(path):
        schema = {"items": schema} if name == "[]" else {"properties": {name: schema}}
    return schema


def requires(member: str, then: Schema) -> Schema:
    return {"if": {"required": [member]}, "then": then}


def in_parts(*members: str) -> Schema:
    """No Part (of contents or systemInstruction) holds any of `members`."""
    return in_every_part(absent(*members))


def in_every_part(schema: Schema) -> Schema:
    """`schema` holds for every Part (of contents or systemInstruction)."""
    turn = at("parts", "[]", schema=schema)
    return {"properties": {"contents": {"items": turn}, "systemInstruction": turn}}


# GC326: every function call's and response's name is made of the characters the check allows, at most
# conversation.MAX_NAME of them (a name that is not a string, or empty, is the schema's: the check is silent).
_NAME = {"properties": {"name": {"pattern": f"^[A-Za-z0-9_-]{{0,{conversation.MAX_NAME}}}$"}}}
FUNCTION_NAMES = in_every_part({"properties": {"functionCall": _NAME, "functionResponse": _NAME}})


# Keywords whose meaning depends on sibling keywords (or that are better left alone): a schema holding any
# of them is never merged, only conjoined with allOf.
_ENTANGLED = frozenset(
    (
        "additionalProperties",
        "patternProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
        "prefixItems",
        "contains",
        "minContains",
        "maxContains",
        "$ref",
        "$dynamicRef",
    )
)
_CONDITIONAL = frozenset(("if", "then", "else"))


def conjunction(schemas: Sequence[Schema | bool]) -> Schema | bool:
    """One schema that holds exactly where all of `schemas` hold, merged along `properties` and `items`.

    Why: jsonschema-rs evaluates `{"allOf": [...]}` fragment by fragment, each looking up generationConfig,
    contents, tools... again; merged, each member is looked up once. On a clean batch record the quiet
    fragments then cost 0.9 µs over the bundled schema instead of 2.5 (bench: 6.2 -> 4.6 µs per pass).
    Merging is exact: {properties: {a: A}} and {properties: {a: B}} hold together iff {properties: {a: A and B}}
    holds, and likewise for items; a keyword in one schema only is kept as it is; anything else (the same
    other keyword in both, a conditional in both, a keyword tied to its siblings) becomes an allOf.
    tests/validator/test_quiet_merge.py holds the result to the plain allOf.
    """
    merged: Schema | bool = True
    for schema in schemas:
        merged = _merge(merged, schema)
    return merged


def boolean_and(first: Schema | bool, second: Schema | bool) -> Schema | bool | None:
    """`first` AND `second` where either is a boolean schema; None where both are objects."""
    if first is False or second is False:
        return False
    if first is True:
        return second
    if second is True:
        return first
    return None


def _merge(first: Schema | bool, second: Schema | bool) -> Schema | bool:
    done = boolean_and(first, second)
    if done is not None:
        return done
    assert isinstance(first, dict)
    assert isinstance(second, dict)
    keys = first.keys() | second.keys()
    if keys & _ENTANGLED or (first.keys() & _CONDITIONAL and second.keys() & _CONDITIONAL):
        return {"allOf": [first, second]}
    merged: Schema = {}
    for key in sorted(keys):
        if key not in first or key not in second:
            merged[key] = first[key] if key in first else second[key]
        elif key == "properties":
            ours, theirs = first[key], second[key]
            merged[key] = {
                name: _merge(ours[name], theirs[name])
                if name in ours and name in theirs
                else ours.get(name, theirs.get(name))
                for name in sorted(ours.keys() | theirs.keys())
            }
        elif key == "items":
            merged[key] = _merge(first[key], second[key])
        elif key == "allOf":
            merged[key] = [*first[key], *second[key]]
        else:
            return {"allOf": [first, second]}
    return merged


THINKING = at("generationConfig", "thinkingConfig", schema=not_both("thinkingBudget", "thinkingLevel"))
# The generationConfig members that hold a response format as JSON Schema.
JSON_SCHEMA_KEYS = ("responseJsonSchema", "_responseJsonSchema")
RESPONSE_FORMAT = at(
    "generationConfig",
    schema={
        "allOf": [
            *(not_both("responseSchema", key) for key in JSON_SCHEMA_KEYS),
            {
                "if": {"anyOf": [{"required": [key]} for key in ("responseSchema", *JSON_SCHEMA_KEYS)]},
                "then": {
                    "required": ["responseMimeType"],
                    "properties": {"responseMimeType": {"enum": list(config.JSON_MIME_TYPES)}},
                },
            },
        ]
    },
)
LOGPROBS = at(
    "generationConfig",
    schema=requires(
        "logprobs", {"required": ["responseLogprobs"], "properties": {"responseLogprobs": {"const": True}}}
    ),
)
SPEECH = at("generationConfig", "speechConfig", schema=not_both("voiceConfig", "multiSpeakerVoiceConfig"))
IMAGE_CONFIG = at(
    "generationConfig",
    "imageConfig",
    schema={
        "properties": {
            "aspectRatio": {"enum": sorted(config.ASPECT_RATIOS)},
            "imageSize": {"enum": sorted(config.IMAGE_SIZES)},
        }
    },
)
CANDIDATE_COUNT = at("generationConfig", "candidateCount", schema={"maximum": 1})
CACHED_CONTENT = requires("cachedContent", absent("systemInstruction", "tools", "toolConfig"))
TIME_RANGE = at(
    "tools",
    "[]",
    "googleSearch",
    "timeRangeFilter",
    schema={"dependentRequired": {"startTime": ["endTime"], "endTime": ["startTime"]}},
)
FUNCTION_CALLING_CONFIG = at(
    "toolConfig",
    "functionCallingConfig",
    schema=requires(
        "allowedFunctionNames", {"required": ["mode"], "properties": {"mode": {"enum": ["ANY", "VALIDATED"]}}}
    ),
)


def _children(ref: Schema) -> Schema:
    """`ref` applied to every child Schema of a Gemini Schema node (as checks/schemas.py walks them)."""
    return {
        "properties": {"anyOf": {"items": ref}, "properties": {"additionalProperties": ref}, "items": ref}
    }


def _depth_chain(first: int) -> dict[str, Schema]:
    """$defs `QuietDepth{first}` .. `QuietDepth{MAX+1}`: a node at depth k is checked against `QuietDepth{k}`,
    and the last one fails any object, so a Schema nested deeper than the limit (GC330) fails. Each level is
    tiny: a chain of full node rules compiled ~5x slower, and compile time is start-up time for a one-file
    lint."""
    limit = schemas.MAX_SCHEMA_DEPTH
    chain: dict[str, Schema] = {f"QuietDepth{limit + 1}": {"not": {"type": "object"}}}
    for depth in range(limit, first - 1, -1):
        chain[f"QuietDepth{depth}"] = _children({"$ref": f"#/$defs/QuietDepth{depth + 1}"})
    return chain


def _node_rules(in_response: bool, children_ref: Schema) -> Schema:
    """A $def: the node free of the format and pattern (and, in responseSchema, the empty properties) rules'
    triggers, its children held to `children_ref`. Each rule is a `dependentSchemas` entry on the member it
    is about: a node without that member costs one lookup (an if/then on the type cost a subschema
    evaluation per node)."""
    dependent: Schema = {
        "format": {
            "if": {"required": ["type"], "properties": {"type": {"const": "STRING"}}},
            "then": {"properties": {"format": {"enum": sorted(schemas.STRING_FORMATS)}}},
        }
    }
    if in_response:
        empty_object = {"properties": {"type": {"const": "OBJECT"}, "properties": {"maxProperties": 0}}}
        dependent["properties"] = {"not": {"required": ["type"], **empty_object}}
    children = _children(children_ref)
    # "pattern" false: a pattern is compiled to check it, which is Python's job.
    return {"dependentSchemas": dependent, "properties": {"pattern": False, **children["properties"]}}


# The node rules recur the way the Schema definition does: the quiet validators push them down into a copy of
# it (checks/pushdown.py) instead of walking each Schema tree a second time. The depth chain is pushed down
# only for a Schema tree's first LEVELS_COPIED levels, one copy of the definition per level (the nodes there
# are within the limit, so they need no depth rule); below them the chain is walked beside the copy. Most
# trees are no deeper (an OBJECT, its properties, an ARRAY's items): the second walk was ~0.7 of the 4.6 us
# that bench's valid 10 KB body's three function declarations cost. Each level copied costs ~0.5 ms of
# compiling a quiet validator (once per process, after Contract.quiet_due's first documents); a copy for all
# hundred levels would compile a hundred copies of Schema.
LEVELS_COPIED = 3
_ROOTS = ("QuietToolSchema", "QuietResponseSchema")
ALONG_SCHEMA = frozenset(
    (*_ROOTS, *(f"{root}{level}" for root in _ROOTS for level in range(1, LEVELS_COPIED + 1)))
)


def gemini_schemas() -> tuple[Schema, dict[str, Schema]]:
    """The fragment and the $defs it refers to (the depth chain, and the node rules for tools and for
    responseSchema: one definition per level for the first LEVELS_COPIED, then one that recurs)."""
    tools_root = {"$ref": "#/$defs/QuietToolSchema1"}
    declaration = {"properties": {"parameters": tools_root, "response": tools_root}}
    fragment = {
        "properties": {
            "tools": at("[]", "functionDeclarations", "[]", schema=declaration),
            "generationConfig": {"properties": {"responseSchema": {"$ref": "#/$defs/QuietResponseSchema1"}}},
        }
    }
    defs = _depth_chain(LEVELS_COPIED + 1)
    assert LEVELS_COPIED < schemas.MAX_SCHEMA_DEPTH, (
        "a copied level needs no depth rule only within the limit"
    )
    for root, in_response in zip(_ROOTS, (False, True), strict=True):
        defs[root] = _node_rules(in_response, {"$ref": f"#/$defs/{root}"})
        for level in range(1, LEVELS_COPIED + 1):
            # A node at `level`: its children are at level + 1, past the copies at LEVELS_COPIED + 1, where
            # the chain takes over (QuietDepth{k} checks a node at depth k).
            below = (
                {"$ref": f"#/$defs/{root}{level + 1}"}
                if level < LEVELS_COPIED
                else {"allOf": [{"$ref": f"#/$defs/QuietDepth{level + 1}"}, {"$ref": f"#/$defs/{root}"}]}
            )
            defs[f"{root}{level}"] = _node_rules(in_response, below)
    return fragment, defs


def json_schemas() -> tuple[Schema, dict[str, Schema]]:
    """No pattern (GC332/GC333) and no external $ref (GC334) anywhere in a *JsonSchema tree."""
    tree = {"$ref": "#/$defs/QuietJsonSchema"}
    node = {
        "if": {"type": "object"},
        "then": {
            "allOf": [
                {
                    "properties": {
                        "pattern": {
                            "not": {"type": "string"}
                        },  # in a JSON Schema, "pattern" may name a property
                        "$ref": {"if": {"type": "string"}, "then": {"pattern": "^#"}},
                    }
                },
                {"additionalProperties": tree},  # alone in its subschema: it applies to every member
            ]
        },
        "else": {"items": tree},
    }
    declaration = {"properties": {"parametersJsonSchema": tree, "responseJsonSchema": tree}}
    fragment = {
        "properties": {
            "tools": at("[]", "functionDeclarations", "[]", schema=declaration),
            "generationConfig": {"properties": {"responseJsonSchema": tree, "_responseJsonSchema": tree}},
        }
    }
    return fragment, {"QuietJsonSchema": node}
