"""Rules on the schemas inside a request: Gemini's Schema dialect (parameters, response, responseSchema) and
full JSON Schema (*JsonSchema). User schemas are data: never compiled with network or file access, and user
patterns are only compiled (to check them), never matched."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import jsonschema_rs
from gemini_contract.validator.checks.walk import declarations, generation_config
from gemini_contract.validator.findings import Issue
from gemini_contract.validator.text import join, show

if TYPE_CHECKING:
    from gemini_contract.validator.checks import Context

MAX_SCHEMA_DEPTH = 100  # the server caps nesting (E-depth, value unpublished); deeper is surely rejected
STRING_FORMATS = frozenset(("enum", "date-time"))  # E-string-format
# A quantified group that itself contains a quantifier: (a+)+, (a*)*, (a|aa)+ ... catastrophic in backtracking engines.
NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]")


MAX_PATTERN_CHARS = 100_000  # ~25 MB to compile an alternation this long


def _gemini_roots(doc: dict[str, Any]) -> Iterator[tuple[str, Any, bool]]:
    """(pointer, schema, inside responseSchema) for every Gemini Schema root."""
    config = generation_config(doc)
    if "responseSchema" in config:
        yield "/generationConfig/responseSchema", config["responseSchema"], True
    for pointer, decl in declarations(doc):
        for key in ("parameters", "response"):
            if key in decl:
                yield f"{pointer}/{key}", decl[key], False


def gemini_schemas(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    # A tight explicit-stack walk: this runs for every request with function declarations. A stack entry is
    # (node, depth, parent entry, tokens from the parent); pointers are built only where there is a finding.
    for root, schema, in_response in _gemini_roots(doc):
        stack: list[_Entry] = [(schema, 1, None, (root,))]
        while stack:
            entry = stack.pop()
            node, depth = entry[0], entry[1]
            if type(node) is not dict:
                continue
            if depth > MAX_SCHEMA_DEPTH:
                yield Issue(
                    "GC330",
                    _pointer(entry),
                    f"Schema nested more than {MAX_SCHEMA_DEPTH} levels deep",
                    "flatten the schema (server: 'exceeds the maximum allowed nesting depth')",
                )
                continue
            if "format" in node or "pattern" in node or (in_response and node.get("properties") == {}):
                yield from _node_rules(node, _pointer(entry), in_response)
            deeper = depth + 1
            anyof = node.get("anyOf")
            if type(anyof) is list:
                stack.extend((child, deeper, entry, ("anyOf", i)) for i, child in enumerate(anyof))
            properties = node.get("properties")
            if type(properties) is dict:
                stack.extend(
                    (child, deeper, entry, ("properties", name)) for name, child in properties.items()
                )
            if "items" in node:
                stack.append((node["items"], deeper, entry, ("items",)))


_Entry = tuple[Any, int, Any, tuple[str | int, ...]]


def _pointer(entry: _Entry | None) -> str:
    chain: list[tuple[str | int, ...]] = []
    while entry is not None:
        chain.append(entry[3])
        entry = entry[2]
    (root,) = chain.pop()  # the root entry's one token is its whole pointer
    pointer = str(root)
    for tokens in reversed(chain):
        for token in tokens:
            pointer = join(pointer, token)
    return pointer


def _node_rules(node: dict[str, Any], pointer: str, in_response: bool) -> Iterator[Issue]:
    kind = node.get("type")
    properties = node.get("properties")
    if in_response and kind == "OBJECT" and properties == {}:
        yield Issue(
            "GC317",
            f"{pointer}/properties",
            "an OBJECT in responseSchema needs at least one property",
            "add properties, or use responseJsonSchema for a free-form object",
        )
    fmt = node.get("format")
    if kind == "STRING" and type(fmt) is str and fmt not in STRING_FORMATS:
        yield Issue(
            "GC318",
            f"{pointer}/format",
            f"format {show(fmt)} on a STRING is not accepted by every model",
            "use 'enum' or 'date-time', or describe the format in description",
        )
    pattern = node.get("pattern")
    if type(pattern) is str:
        yield from pattern_rules(pattern, f"{pointer}/pattern")


def pattern_rules(pattern: str, pointer: str) -> Iterator[Issue]:
    if len(pattern) > MAX_PATTERN_CHARS:
        # Compiling takes memory no size limit of the engine bounds: 500 MB for a 2 MB alternation.
        yield Issue(
            "GC337",
            pointer,
            f"a pattern of {len(pattern):,} characters is not compiled or checked (limit {MAX_PATTERN_CHARS:,})",
            "a pattern this long is unlikely to be meant; consider an enum",
        )
        return
    error = _regex_error(pattern)
    if error is not None:
        yield Issue("GC333", pointer, f"pattern {show(pattern)} is not a valid regular expression: {error}")
    elif NESTED_QUANTIFIER.search(pattern):
        yield Issue(
            "GC332",
            pointer,
            f"pattern {show(pattern)} nests quantifiers (catastrophic backtracking)",
            "rewrite it without a quantified group that contains a quantifier",
        )


@functools.lru_cache(maxsize=256)
def _regex_error(pattern: str) -> str | None:
    # Compiled, never matched, by the ECMA-262-like engine jsonschema-rs uses for `pattern` (fancy-regex:
    # look-around and back-references as in ECMA-262). Python's re differs (\p{L}) and can overflow its stack.
    try:
        jsonschema_rs.Draft202012Validator(
            {"pattern": pattern}, pattern_options=jsonschema_rs.FancyRegexOptions()
        )
    except Exception as exc:  # jsonschema_rs raises its own error types for a bad pattern
        return str(exc).splitlines()[0][:120]
    return None


def _json_schema_roots(doc: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    config = generation_config(doc)
    for key in ("responseJsonSchema", "_responseJsonSchema"):
        if key in config:
            yield f"/generationConfig/{key}", config[key]
    for pointer, decl in declarations(doc):
        for key in ("parametersJsonSchema", "responseJsonSchema"):
            if key in decl:
                yield f"{pointer}/{key}", decl[key]


def json_schemas(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for root, schema in _json_schema_roots(doc):
        stack: list[tuple[str, Any]] = [(root, schema)]
        while stack:
            pointer, node = stack.pop()
            if type(node) is list:
                stack.extend((f"{pointer}/{i}", child) for i, child in enumerate(node))
                continue
            if type(node) is not dict:
                continue
            ref = node.get("$ref")
            if type(ref) is str and not ref.startswith("#"):
                yield Issue(
                    "GC334",
                    f"{pointer}/$ref",
                    f"$ref {show(ref)} points outside the schema",
                    "inline the referenced schema under $defs and use a #/$defs/... reference",
                )
            if type(node.get("pattern")) is str:
                yield from pattern_rules(node["pattern"], f"{pointer}/pattern")
            stack.extend(
                (join(pointer, key), child) for key, child in node.items() if type(child) in (dict, list)
            )
