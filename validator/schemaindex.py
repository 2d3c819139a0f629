"""What the normalizer and the rules need to know about each message type, read once from a schema (each
`Contract` holds the index of its schema)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, NamedTuple

from gemini_contract.schema.facts import snake_case


class Kind(enum.Enum):
    """The closed set of wire kinds a property can have."""

    MESSAGE = "message"
    ENUM = "enum"
    STRING = "string"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    BYTES = "bytes"
    STRUCT = "struct"
    VALUE = "value"
    MAP = "map"


class Prop(NamedTuple):
    json_name: str
    kind: Kind
    ref: str | None  # message or enum $defs name (for MAP: the value's, if a message)
    repeated: bool


class EnumInfo(NamedTuple):
    names: frozenset[str]
    by_upper: dict[str, str]  # case-folded spelling -> canonical name
    by_number: dict[int, str]


class Message(NamedTuple):
    name: str
    props: dict[str, Prop]  # json name -> Prop
    proto_names: dict[str, str]  # proto (snake_case) name -> json name, where it differs


class SchemaIndex(NamedTuple):
    root: str
    messages: dict[str, Message]
    enums: dict[str, EnumInfo]
    part_data_members: tuple[str, ...]  # Part's `data` oneof (x-oneof), in schema order
    deprecated_enum_values: dict[str, frozenset[str]]  # enum name -> x-enum-deprecated
    sdk_only_enum_values: dict[str, frozenset[str]]  # enum -> x-enum-sdk-only
    # message -> its members that are an integer field or may hold one below: where an integral float (40.0)
    # can stand that the normaliser rewrites (normalize's integral_only walk)
    int_bearing: dict[str, frozenset[str]]

    def working_first(self, enum: str, options: list[str]) -> list[str]:
        """`options` of `enum` with the values the Gemini API takes first: then the SDK-only, deprecated
        and *_UNSPECIFIED ones (a hint cut after a dozen names must still show the ones that work)."""
        odd = self.deprecated_enum_values.get(enum, frozenset()) | self.sdk_only_enum_values.get(
            enum, frozenset()
        )
        return sorted(options, key=lambda o: o in odd or o.endswith("_UNSPECIFIED"))


def _ref_name(node: dict[str, Any]) -> str | None:
    """The $defs name a `$ref` points to: `#/$defs/Name`, or `<$id of a shared schema>#/$defs/Name` (the
    response schema refers to the request's Content; `build_index` merges the shared defs, and the names
    of all bundled schemas are disjoint, so the name alone identifies the type)."""
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return None
    return ref.removeprefix("#/$defs/") if ref.startswith("#") else ref.partition("#/$defs/")[2]


def _scalar_kind(node: dict[str, Any], defs: dict[str, Any]) -> tuple[Kind, str | None]:
    ref = _ref_name(node)
    if ref is not None:
        return (Kind.ENUM if "enum" in defs[ref] else Kind.MESSAGE), ref
    fmt = node.get("x-format")
    if fmt in ("int32", "int64"):
        return Kind.INT, None
    if fmt in ("float", "double"):
        return Kind.FLOAT, None
    if fmt == "bytes":
        return Kind.BYTES, None
    if fmt == "struct":
        return Kind.STRUCT, None
    if fmt == "value" or "type" not in node:
        return Kind.VALUE, None
    if node["type"] == "object":
        value = node.get("additionalProperties")
        return Kind.MAP, _ref_name(value) if isinstance(value, dict) else None
    if node["type"] == "boolean":
        return Kind.BOOL, None
    if node["type"] == "integer":
        return Kind.INT, None
    if node["type"] == "number":
        return Kind.FLOAT, None
    return Kind.STRING, None


def _prop(json_name: str, node: dict[str, Any], defs: dict[str, Any]) -> Prop:
    repeated = node.get("type") == "array"
    kind, ref = _scalar_kind(node["items"] if repeated else node, defs)
    return Prop(json_name, kind, ref, repeated)


def build_index(schema: dict[str, Any], shared: Iterable[dict[str, Any]] = ()) -> SchemaIndex:
    """The index of `schema`, whose `$ref`s may reach the `$defs` of the `shared` schemas by their `$id`."""
    defs: dict[str, Any] = schema["$defs"]
    others = [other["$defs"] for other in shared if other is not schema]
    if others:
        defs = {name: node for other in others for name, node in other.items()} | defs
    messages: dict[str, Message] = {}
    enums: dict[str, EnumInfo] = {}
    for name, definition in defs.items():
        if "enum" in definition:
            names = list(definition["enum"])
            numbers = definition.get("x-enum-numbers", {})
            enums[name] = EnumInfo(
                frozenset(names), {n.upper(): n for n in names}, {num: n for n, num in numbers.items()}
            )
            continue
        props = {key: _prop(key, node, defs) for key, node in definition.get("properties", {}).items()}
        proto = {
            node.get("x-proto-name", snake_case(key)): key
            for key, node in definition.get("properties", {}).items()
        }
        messages[name] = Message(name, props, {p: j for p, j in proto.items() if p != j})
    root = _ref_name(schema) or "GenerateContentRequest"
    data = tuple(defs.get("Part", {}).get("x-oneof", {}).get("data", ()))
    deprecated = {
        name: frozenset(definition["x-enum-deprecated"])
        for name, definition in defs.items()
        if "x-enum-deprecated" in definition
    }
    sdk_only = {
        name: frozenset(definition["x-enum-sdk-only"])
        for name, definition in defs.items()
        if "x-enum-sdk-only" in definition
    }
    return SchemaIndex(root, messages, enums, data, deprecated, sdk_only, _int_bearing(messages))


def _int_bearing(messages: dict[str, Message]) -> dict[str, frozenset[str]]:
    """For each message, its members that are integer fields or lead to a message that has one (a fixpoint:
    Schema holds Schema)."""
    bearing: dict[str, set[str]] = {name: set() for name in messages}
    changed = True
    while changed:
        changed = False
        for name, message in messages.items():
            for member, prop in message.props.items():
                if member in bearing[name]:
                    continue
                leads = (
                    prop.kind in (Kind.MESSAGE, Kind.MAP)
                    and prop.ref is not None
                    and bool(bearing.get(prop.ref))
                )
                if prop.kind is Kind.INT or leads:
                    bearing[name].add(member)
                    changed = True
    return {name: frozenset(members) for name, members in bearing.items()}


def int_bearing_without(index: SchemaIndex, message: str, absent: Iterable[str]) -> dict[str, frozenset[str]]:
    """SchemaIndex.int_bearing for a document in which no `message` holds any of the `absent` members (the
    Part checks' triggers rule out mediaResolution, the one Part member that leads to an integer: without
    it, contents and systemInstruction lead to none)."""
    gone = frozenset(absent)
    messages = dict(index.messages)
    found = messages.get(message)
    if found is not None:
        messages[message] = found._replace(
            props={name: prop for name, prop in found.props.items() if name not in gone}
        )
    return _int_bearing(messages)
