"""Strategies for the two schema languages a request carries: Gemini's `Schema` dialect and full JSON Schema.

Gemini `Schema` (parameters, response, responseSchema) is drawn in the dialect the server accepts (rules
GC312-GC318): `type` unless `anyOf`, `enum` only on STRING, ARRAY always with `items`, `properties` only
on OBJECT and never empty below the top of a function's parameters, STRING `format` only enum/date-time.
Recursion is bounded by an explicit depth budget, so every draw is finite and small.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import scalars
from gemini_contract.strategies.combinators import (
    BOOLEANS,
    EMPTY,
    merged,
    mostly,
    objects,
    permutation,
    sparse,
    subset,
)

Obj = dict[str, Any]
LEAF_TYPES = ("STRING", "NUMBER", "INTEGER", "BOOLEAN", "NULL")
DEFAULT_DEPTH = 2
MAX_PROPERTIES = 3


@functools.cache  # drawn inside object_schemas' composite: built once per type, not once per draw
def _common(type_name: str) -> st.SearchStrategy[Obj]:
    return sparse(
        {"type": st.just(type_name)},
        {
            "description": scalars.texts(),
            "title": scalars.identifiers(),
            "nullable": st.booleans(),
            "example": scalars.json_values(2),
            "default": scalars.json_values(2),
        },
    )


def _ordered_pair(low: int, high: int) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(low, high), st.integers(low, high)).map(lambda t: (min(t), max(t)))


def _pair(low_name: str, high_name: str, pairs: st.SearchStrategy[tuple[Any, Any]]) -> st.SearchStrategy[Obj]:
    """Two bounds drawn together so that low <= high always holds."""
    return pairs.map(lambda p: {low_name: p[0], high_name: p[1]})


def _string_extras() -> st.SearchStrategy[Obj]:
    enum = objects(
        {"enum": st.lists(scalars.identifiers(), min_size=1, max_size=4, unique=True)},
        {"format": st.just("enum")},
    )
    lengths = merged(
        _pair("minLength", "maxLength", _ordered_pair(0, 64)),
        objects({}, {"pattern": st.sampled_from(("^[a-z]+$", "^[0-9]{5}$", "^\\S+@\\S+$"))}),
    )
    return mostly(EMPTY, st.one_of(enum, lengths, st.builds(lambda: {"format": "date-time"})))


def _number_extras(type_name: str) -> st.SearchStrategy[Obj]:
    formats = ("float", "double") if type_name == "NUMBER" else ("int32", "int64")
    bounds = st.tuples(scalars.decimals(-1000, 1000), scalars.decimals(-1000, 1000)).map(
        lambda t: (min(t), max(t))
    )
    extras = merged(objects({}, {"format": st.sampled_from(formats)}), _pair("minimum", "maximum", bounds))
    return mostly(EMPTY, extras)


def leaf_schemas() -> st.SearchStrategy[Obj]:
    return st.one_of(
        merged(_common("STRING"), _string_extras()),
        merged(_common("NUMBER"), _number_extras("NUMBER")),
        merged(_common("INTEGER"), _number_extras("INTEGER")),
        _common("BOOLEAN"),
        _common("NULL"),
    )


def _array_schemas(child: st.SearchStrategy[Obj]) -> st.SearchStrategy[Obj]:
    counts = mostly(EMPTY, _pair("minItems", "maxItems", _ordered_pair(0, 10)))
    return merged(_common("ARRAY"), st.fixed_dictionaries({"items": child}), counts)


def object_schemas(child: st.SearchStrategy[Obj], *, min_properties: int = 1) -> st.SearchStrategy[Obj]:
    """An OBJECT with 1..3 properties, sometimes `required`, `propertyOrdering` and property counts."""
    properties = st.dictionaries(
        scalars.identifiers(), child, min_size=min_properties, max_size=MAX_PROPERTIES
    )
    extras = st.sampled_from(("", "required", "propertyOrdering", "counts"))
    counts = _ordered_pair(0, MAX_PROPERTIES)

    @st.composite
    def draw_object(draw: st.DrawFn) -> Obj:
        out = draw(_common("OBJECT"))
        props = draw(properties)
        out["properties"] = props
        names = list(props)
        extra = draw(extras)
        if extra == "required" and names:
            out["required"] = subset(draw, names, min_size=1)
        elif extra == "propertyOrdering" and names:
            out["propertyOrdering"] = permutation(draw, names)
        elif extra == "counts":
            out["minProperties"], out["maxProperties"] = draw(counts)
        return out

    return draw_object()


def _any_of_schemas(child: st.SearchStrategy[Obj]) -> st.SearchStrategy[Obj]:
    # TYPE_UNSPECIFIED only where anyOf makes `type` optional: it is the enum's "no type" value (and this
    # its one place, so two times in three).
    unspecified = st.sampled_from(({"type": "TYPE_UNSPECIFIED"}, {"type": "TYPE_UNSPECIFIED"}, {})).map(dict)
    extras = objects({}, {"description": scalars.texts(), "nullable": st.booleans()}, max_optional=1)
    return merged(
        st.fixed_dictionaries({"anyOf": st.lists(child, min_size=1, max_size=3)}), unspecified, extras
    )


@functools.cache
def gemini_schemas(depth: int = DEFAULT_DEPTH) -> st.SearchStrategy[Obj]:
    """A Gemini `Schema` nested at most `depth` levels below this one; leaves are the most common."""
    if depth <= 0:
        return leaf_schemas()
    return st.one_of(leaf_schemas(), leaf_schemas(), _nested(depth))


@functools.cache
def _nested(depth: int) -> st.SearchStrategy[Obj]:
    child = gemini_schemas(depth - 1)
    return st.one_of(_array_schemas(child), object_schemas(child), _any_of_schemas(child))


@functools.cache
def root_schemas(depth: int = DEFAULT_DEPTH) -> st.SearchStrategy[Obj]:
    """The root of a responseSchema or a function's response: mostly an OBJECT or ARRAY, as in practice."""
    return st.one_of(_nested(depth), leaf_schemas())


def parameters_schemas(depth: int = DEFAULT_DEPTH) -> st.SearchStrategy[Obj]:
    """FunctionDeclaration.parameters: an OBJECT; only here may `properties` be empty or absent."""
    no_args = st.sampled_from(({"type": "OBJECT"}, {"type": "OBJECT", "properties": {}})).map(copy.deepcopy)
    return mostly(object_schemas(gemini_schemas(depth - 1)), no_args)


def enum_response_schemas() -> st.SearchStrategy[Obj]:
    """responseSchema for responseMimeType text/x.enum: a STRING with an enum."""
    return objects(
        {
            "type": st.just("STRING"),
            "enum": st.lists(scalars.identifiers(), min_size=1, max_size=5, unique=True),
        },
        {"format": st.just("enum")},
    )


# --- full JSON Schema (parametersJsonSchema, responseJsonSchema: google.protobuf.Value) ------------------

_JSON_SCHEMA_LEAVES: tuple[Obj, ...] = (
    {"type": "string"},
    {"type": "string", "description": "A city name"},
    {"type": "string", "enum": ["celsius", "fahrenheit"]},
    {"type": "integer", "minimum": 0},
    {"type": "number", "exclusiveMinimum": 0},
    {"type": "boolean"},
    {"type": ["string", "null"]},
    {"const": "fixed"},
    {"type": "string", "format": "date-time"},
)


@functools.cache
def _json_schema_nodes(depth: int) -> st.SearchStrategy[Obj]:
    leaves = st.sampled_from(_JSON_SCHEMA_LEAVES).map(copy.deepcopy)
    if depth <= 0:
        return leaves
    child = _json_schema_nodes(depth - 1)
    array = st.builds(lambda items: {"type": "array", "items": items}, child)
    return mostly(leaves, st.one_of(array, json_schema_objects(depth - 1)))


@functools.cache
def json_schema_objects(depth: int = DEFAULT_DEPTH) -> st.SearchStrategy[Obj]:
    """A JSON Schema describing an object (what parametersJsonSchema must be)."""
    properties = st.dictionaries(scalars.identifiers(), _json_schema_nodes(max(depth - 1, 0)), max_size=3)

    @st.composite
    def draw_object(draw: st.DrawFn) -> Obj:
        props = draw(properties)
        out: Obj = {"type": "object", "properties": props}
        with_required: bool = draw(BOOLEANS)
        if props and with_required:
            out["required"] = subset(draw, list(props), min_size=1)
        if draw(BOOLEANS):
            out["additionalProperties"] = False
        return out

    return draw_object()


def json_schemas(depth: int = DEFAULT_DEPTH) -> st.SearchStrategy[Obj]:
    """Any JSON Schema document a response may be described by."""
    return st.one_of(json_schema_objects(depth), _json_schema_nodes(depth))
