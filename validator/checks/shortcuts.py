"""Rewrites that leave a schema's verdict unchanged and let jsonschema-rs reach it sooner.

Only for validators asked for a verdict (`is_valid`): the quiet validators. The errors a user sees come from
the schema as written (engine.schema_errors), whose `oneOf` and the like name the failing keyword; a rewrite
would change them.

One rewrite so far, measured on bench's valid 10 KB body (48 Parts):

- **A `oneOf` that picks one member of a union** (`Part`: exactly one of text, inlineData, functionCall...,
  each branch `{"required": [name], ...}` with a name of its own). jsonschema-rs evaluates every branch of a
  `oneOf` for every Part: 10 branches, ~135 ns a Part, 6.5 of the schema's 17 µs. Most Parts hold one member
  (`{"text": ...}`), and for an object with at most one member, at most one such branch can hold: the
  `oneOf` holds exactly where the first branch that holds exists, which `anyOf` finds and stops at. So
  `oneOf: B` becomes `anyOf: [{type: object, maxProperties: 1, anyOf: B}, {oneOf: B}]`: the first branch is
  tried only on objects of at most one member and, where it holds, implies the `oneOf` (so the `anyOf`
  holds exactly where the `oneOf` does); anything else (two members, or not an object: every `required`
  holds there, vacuously) falls through to the `oneOf` itself. 17.2 -> 12.4 µs on the body.

tests/validator/test_shortcuts.py holds each rewrite to the schema as written (hypothesis), and test_quiet.py
holds the quiet validators, built with them, to the plain conjunction on real requests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Schema = dict[str, Any]

# Keywords whose value is a schema, a list of schemas, or a map of names to schemas (draft 2020-12): the
# places a rewrite looks into. Anything else (enum, const, required, examples...) is data, left alone.
_ONE = frozenset(
    (
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    )
)
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_NAMED = ("$defs", "properties", "patternProperties", "dependentSchemas")


def for_verdicts(schema: Schema, before: Callable[[Schema], Schema] | None = None) -> Schema:
    """`schema` with every rewrite applied wherever it fits: a new schema that holds exactly where `schema`
    holds (the input is shared with other validators, so it is never changed). `before`: another rewrite
    of each node, applied first in the same walk (each walk copies the schema: ~1 ms of compiling a quiet
    validator)."""
    if before is None:
        return mapped(schema, _union_shortcut)
    return mapped(schema, lambda node: _union_shortcut(before(node)))


def mapped(schema: Schema, rewrite: Callable[[Schema], Schema]) -> Schema:
    """`schema` with `rewrite` applied to each of its (sub)schema objects, innermost first: a new schema,
    `schema` itself unchanged (`rewrite` gets copies and returns a node, the same or a new one)."""
    rewritten = _mapped(schema, rewrite)
    assert isinstance(rewritten, dict)
    return rewritten


def _mapped(schema: Schema | bool, rewrite: Callable[[Schema], Schema]) -> Schema | bool:
    if not isinstance(schema, dict):
        return schema
    node: Schema = {}
    for key, value in schema.items():
        if key in _ONE:
            node[key] = _mapped(value, rewrite)
        elif key in _MANY and isinstance(value, list):
            node[key] = [_mapped(item, rewrite) for item in value]
        elif key in _NAMED and isinstance(value, dict):
            node[key] = {name: _mapped(sub, rewrite) for name, sub in value.items()}
        else:
            node[key] = value
    return rewrite(node)


def _union_shortcut(node: Schema) -> Schema:
    branches = node.get("oneOf")
    if not isinstance(branches, list) or not _one_name_each(branches):
        return node
    shortcut = {"type": "object", "maxProperties": 1, "anyOf": branches}
    picked = {"anyOf": [shortcut, {"oneOf": branches}]}
    rest = {key: value for key, value in node.items() if key != "oneOf"}
    if "anyOf" not in rest:
        return {**rest, **picked}
    # The node has an anyOf of its own: the two are conjoined.
    return {**rest, "allOf": [*rest.get("allOf", []), picked]}


def _one_name_each(branches: list[Any]) -> bool:
    """Whether every branch requires exactly one member, each a different one: then an object of at most one
    member satisfies at most one branch."""
    names = []
    for branch in branches:
        if not isinstance(branch, dict):
            return False
        required = branch.get("required")
        if not isinstance(required, list) or len(required) != 1 or not isinstance(required[0], str):
            return False
        names.append(required[0])
    return len(branches) >= 2 and len(set(names)) == len(names)
