"""A schema-guided walk over a canonical request body: every value with its pointer and its place in the schema.

The coverage measure, the ProtoJSON re-speller and the mutation catalogue all need to know, for each
value of a body, which `$defs` type or property it is; this module is the one place that knows how.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gemini_contract.strategies import _index as ix

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Node:
    """One value of a body. `type_name` is its `$defs` type when it is an instance of one; `field` is the
    property that holds it (for array items and map values too); `schema` the sub-schema it must match;
    `opaque` marks Struct/Value content (free JSON, nothing below is a schema type)."""

    path: Path
    value: Any
    type_name: str | None
    field: ix.Field | None
    schema: dict[str, Any]
    opaque: bool = False

    @property
    def pointer(self) -> str:
        return pointer(self.path)


def pointer(path: Path) -> str:
    """RFC 6901 JSON pointer of a path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def walk(body: Any, type_name: str | None = None) -> Iterator[Node]:
    """Every node of `body` (an instance of `type_name`, the request by default), parents first."""
    name = type_name or ix.root_type()
    yield from _visit(body, {"$ref": ix.REF_PREFIX + name}, (), None)


def _visit(value: Any, schema: dict[str, Any], path: Path, field: ix.Field | None) -> Iterator[Node]:
    ref = ix.ref_name(schema)
    if ref is not None:
        yield Node(path, value, ref, field, ix.defs()[ref])
        if ix.is_message(ref) and isinstance(value, dict):
            fields = ix.fields(ref)
            for key, item in value.items():
                sub = fields.get(key)
                if sub is not None:
                    yield from _visit(item, sub.schema, (*path, key), sub)
        return
    if schema.get("x-format") in ("struct", "value"):
        yield Node(path, value, None, field, schema, opaque=True)
        return
    yield Node(path, value, None, field, schema)
    if schema.get("type") == "array" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _visit(item, schema["items"], (*path, i), field)
    elif isinstance(schema.get("additionalProperties"), dict) and isinstance(value, dict):
        for key, item in value.items():
            yield from _visit(item, schema["additionalProperties"], (*path, key), field)


def get(body: Any, path: Path) -> Any:
    for step in path:
        body = body[step]
    return body


def types_and_enums(body: Any) -> tuple[set[str], set[tuple[str, str]]]:
    """The `$defs` types a body instantiates, and the (enum, value) pairs it uses; inline enums are keyed
    `Owner.property` (e.g. `Content.role`)."""
    types: set[str] = set()
    values: set[tuple[str, str]] = set()
    for node in walk(body):
        if node.type_name is not None:
            types.add(node.type_name)
            if ix.is_enum(node.type_name) and isinstance(node.value, str):
                values.add((node.type_name, node.value))
        elif "enum" in node.schema and node.field is not None and isinstance(node.value, str):
            values.add((f"{node.field.owner}.{node.field.name}", node.value))
    return types, values
