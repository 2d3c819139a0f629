"""The schema walker that turns any `$defs` type into a strategy: `for_type(name)`.

Objects become `objects()` (required properties always, a few optional ones), `$ref`s are resolved
at first use (the one cycle, `Schema`, is cut by a depth-bounded override), enums `sampled_from`, patterned strings come from
constructive generators keyed by `x-format`. Types with rules JSON Schema cannot say register an
override (`@override("Name")`, in messages.py and conversation.py); realistic values for a few
properties come from `FIELD_HINTS`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from gemini_contract.schema import facts
from gemini_contract.strategies import _index as ix
from gemini_contract.strategies import scalars
from gemini_contract.strategies.combinators import objects, some_of

Obj = dict[str, Any]
Maker = Callable[[], st.SearchStrategy[Any]]

OVERRIDES: dict[str, Maker] = {}

# Realistic bounds for integers whose schema range is the whole int32 (or larger).
INT_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("GenerationConfig", "candidateCount"): (1, 2),
    ("GenerationConfig", "maxOutputTokens"): (1, 65536),
    ("GenerationConfig", "topK"): (1, 100),
    ("GenerationConfig", "seed"): (-(2**31), 2**31 - 1),
    ("ThinkingConfig", "thinkingBudget"): (-1, 32768),
    ("FileSearch", "topK"): (1, 20),
    ("MediaResolution", "numTokens"): (1, 4096),
}
DEFAULT_INT_RANGE = (0, 100_000)
# At most this many optional properties per generic object: real messages set a few fields each.
MAX_OPTIONAL = 3

FLOAT_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("GenerationConfig", "topP"): (0.0, 1.0),
    ("GenerationConfig", "presencePenalty"): (-2.0, 2.0),
    ("GenerationConfig", "frequencyPenalty"): (-2.0, 2.0),
    ("DynamicRetrievalConfig", "dynamicThreshold"): (0.0, 1.0),
}
DEFAULT_FLOAT_RANGE = (-1000.0, 1000.0)

_PREDEFINED = ("open_web_browser", "click_at", "type_text_at", "drag_and_drop", "navigate", "search")
_HEADERS = ("Authorization", "X-Api-Key", "X-Request-Id", "Accept-Language")

FIELD_HINTS: dict[tuple[str, str] | str, Maker] = {
    "text": scalars.free_texts,
    "mimeType": scalars.mime_types,
    "fileUri": scalars.file_uris,
    "url": scalars.urls,
    "languageCode": scalars.language_codes,
    "languageCodes": lambda: st.lists(scalars.language_codes(), min_size=1, max_size=3, unique=True),
    "voiceName": scalars.voice_names,
    "voice": scalars.voice_names,
    "code": scalars.python_code,
    "id": scalars.ids,
    "description": scalars.texts,
    "displayName": scalars.texts,
    ("FunctionDeclaration", "name"): scalars.declaration_names,
    ("FunctionCall", "name"): scalars.call_names,
    ("FunctionResponse", "name"): scalars.call_names,
    ("McpServer", "name"): scalars.identifiers,
    # Unique names (GC311), so that for_type("Tool") is valid on its own; requests() renames across tools.
    ("Tool", "functionDeclarations"): lambda: st.lists(
        for_type("FunctionDeclaration"), min_size=1, max_size=2, unique_by=lambda d: d["name"]
    ),
    ("FileSearch", "fileSearchStoreNames"): lambda: st.lists(
        scalars.resource_names("fileSearchStores"), min_size=1, max_size=2
    ),
    ("GenerateContentRequest", "cachedContent"): lambda: scalars.resource_names("cachedContents"),
    ("GenerateContentRequest", "labels"): lambda: st.dictionaries(
        scalars.identifiers().map(str.lower), scalars.identifiers().map(str.lower), max_size=3
    ),
    ("ImageConfig", "aspectRatio"): lambda: st.sampled_from(facts.ASPECT_RATIOS),
    ("ImageConfig", "imageSize"): lambda: st.sampled_from(facts.IMAGE_SIZES),
    ("ComputerUse", "excludedPredefinedFunctions"): lambda: st.lists(
        st.sampled_from(_PREDEFINED), max_size=2, unique=True
    ),
    # Each value half of the time (one bitmask choice): computerUse is one tool of many, so each draw of
    # it must cover much of the enum.
    ("ComputerUse", "disabledSafetyPolicies"): lambda: some_of(ix.enum_values("SafetyPolicy"), min_size=1),
    ("GenerationConfig", "responseModalities"): lambda: st.lists(
        scalars.enums("GenerationConfigModality"), min_size=1, max_size=2, unique=True
    ),
    ("StreamableHttpTransport", "headers"): lambda: st.dictionaries(
        st.sampled_from(_HEADERS), scalars.identifiers(), max_size=2
    ),
    ("GenerationConfig", "stopSequences"): lambda: st.lists(scalars.free_texts(1, 10), max_size=5),
}


def override(name: str) -> Callable[[Maker], Maker]:
    """Register the strategy maker for a `$defs` type whose rules the schema alone cannot express."""

    def register(make: Maker) -> Maker:
        OVERRIDES[name] = make
        return make

    return register


_BUILDING: set[str] = set()


def for_type(name: str) -> st.SearchStrategy[Any]:
    """A strategy for the `$defs` type `name`, valid on its own (e.g. `for_type("Content")`)."""
    if name not in ix.defs():
        raise InvalidArgument(f"no type {name!r} in the schema's $defs")
    if name in _BUILDING:
        # A cycle the overrides do not cut: defer it (costs one level of draw per use).
        return st.deferred(lambda: for_type(name))
    return _built(name)


@functools.cache
def _built(name: str) -> st.SearchStrategy[Any]:
    # References are resolved eagerly (a deferred strategy costs a nested draw each time); all strategy
    # building happens at first use, after the package has imported every module that registers overrides.
    _BUILDING.add(name)
    try:
        make = OVERRIDES.get(name)
        return make() if make is not None else generic(name)
    finally:
        _BUILDING.discard(name)


def generic(
    name: str,
    *,
    exclude: frozenset[str] = frozenset(),
    force: frozenset[str] = frozenset(),
    max_optional: int | None = None,
) -> st.SearchStrategy[Any]:
    """The schema-only strategy for `name`: `exclude` leaves properties out, `force` always includes them."""
    if ix.is_enum(name):
        return scalars.enums(name, exclude=ix.undrawn_values(name))
    needed = ix.required(name) | force
    fields = ix.fields(name)
    return objects(
        {k: field_strategy(f) for k, f in fields.items() if k in needed},
        {k: field_strategy(f) for k, f in fields.items() if k not in needed and k not in exclude},
        max_optional=max_optional or MAX_OPTIONAL,
    )


def field_strategy(field: ix.Field) -> st.SearchStrategy[Any]:
    hint = FIELD_HINTS.get((field.owner, field.name)) or FIELD_HINTS.get(field.name)
    if hint is not None:
        return hint()
    return subschema(field.schema, (field.owner, field.name))


def subschema(node: Obj, where: tuple[str, str]) -> st.SearchStrategy[Any]:
    """A strategy for an inline sub-schema of the property `where` = (owner, property)."""
    ref = ix.ref_name(node)
    if ref is not None:
        return for_type(ref)
    by_format = _by_x_format(node.get("x-format"))
    if by_format is not None:
        return by_format
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "string":
        return st.from_regex(node["pattern"], fullmatch=True) if "pattern" in node else scalars.texts()
    if kind == "integer":
        return _integers(node, where)
    if kind == "number":
        return _numbers(node, where)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        items = subschema(node["items"], where)
        return st.lists(items, min_size=node.get("minItems", 0), max_size=min(node.get("maxItems", 3), 3))
    if kind == "object":
        values = node.get("additionalProperties")
        if isinstance(values, dict):
            return st.dictionaries(scalars.identifiers(), subschema(values, where), max_size=3)
        return scalars.json_objects()
    return scalars.json_values()


def _by_x_format(fmt: object) -> st.SearchStrategy[Any] | None:
    makers: dict[object, Maker] = {
        "bytes": scalars.base64s,
        "duration": scalars.durations,
        "timestamp": scalars.timestamps,
        "struct": scalars.json_objects,
        "value": scalars.json_values,
    }
    make = makers.get(fmt)
    return make() if make is not None else None


def _integers(node: Obj, where: tuple[str, str]) -> st.SearchStrategy[int]:
    low, high = INT_RANGES.get(where, DEFAULT_INT_RANGE)
    return st.integers(max(low, node.get("minimum", low)), min(high, node.get("maximum", high)))


def _numbers(node: Obj, where: tuple[str, str]) -> st.SearchStrategy[float]:
    default_low, default_high = FLOAT_RANGES.get(where, DEFAULT_FLOAT_RANGE)
    low = float(node["exclusiveMinimum"] if "exclusiveMinimum" in node else node.get("minimum", default_low))
    high = float(node.get("maximum", default_high))
    single = node.get("x-format") == "float"
    return scalars.floats_in(low, high, exclude_min="exclusiveMinimum" in node, single=single)
