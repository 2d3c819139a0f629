"""A read-only index of the request contract's `$defs` that the strategies, the walker and the mutations share.

The schema is the request `Contract`'s (validator.contract): the one copy every stage reads, so strategies
draw from exactly what the validator checks. It is shared: nothing here or in a strategy may modify it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from gemini_contract.schema.facts import snake_case

REF_PREFIX = "#/$defs/"


@dataclass(frozen=True, slots=True)
class Field:
    """One property of a message: its wire name, proto (snake) name and sub-schema."""

    owner: str
    name: str
    proto_name: str
    schema: dict[str, Any]

    @property
    def ref(self) -> str | None:
        return ref_name(self.schema)

    @property
    def items_ref(self) -> str | None:
        items = self.schema.get("items")
        return ref_name(items) if isinstance(items, dict) else None

    @property
    def x_format(self) -> str | None:
        fmt = self.schema.get("x-format")
        return fmt if isinstance(fmt, str) else None


def ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(REF_PREFIX):
        return ref[len(REF_PREFIX) :]
    return None


def schema() -> dict[str, Any]:
    """The request contract's schema (shared, read-only)."""
    # Imported at first use: the validator package takes ~0.1 s to import; importing the strategies stays cheap.
    from gemini_contract.validator.contract import request_contract

    return request_contract().schema


@functools.cache
def defs() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = schema()["$defs"]
    return loaded


def root_type() -> str:
    name = ref_name(schema())
    assert name is not None
    return name


def is_message(name: str) -> bool:
    return defs()[name].get("type") == "object"


def is_enum(name: str) -> bool:
    return "enum" in defs()[name]


@functools.cache
def fields(owner: str) -> dict[str, Field]:
    """Properties of a message $def by wire name (insertion order as in the schema)."""
    node = defs()[owner]
    out: dict[str, Field] = {}
    for name, sub in node.get("properties", {}).items():
        proto = sub.get("x-proto-name")
        out[name] = Field(owner, name, proto if isinstance(proto, str) else snake_case(name), sub)
    return out


def required(owner: str) -> frozenset[str]:
    return frozenset(defs()[owner].get("required", ()))


def enum_values(name: str) -> tuple[str, ...]:
    return tuple(defs()[name]["enum"])


def enum_numbers(name: str) -> dict[str, int]:
    numbers: dict[str, int] = defs()[name].get("x-enum-numbers", {})
    return numbers


def deprecated_values(name: str) -> frozenset[str]:
    return frozenset(defs()[name].get("x-enum-deprecated", ()))


def undrawn_values(name: str) -> frozenset[str]:
    """Enum values valid bodies never hold: deprecated (GC321) and SDK-only ones (GC339)."""
    return deprecated_values(name) | frozenset(defs()[name].get("x-enum-sdk-only", ()))


def oneof_data(owner: str) -> tuple[str, ...]:
    """The members of a message's `x-oneof.data` group (Part, FunctionResponsePart); empty elsewhere."""
    return tuple(defs()[owner].get("x-oneof", {}).get("data", ()))


def message_names() -> tuple[str, ...]:
    return tuple(name for name in defs() if is_message(name))


def enum_names() -> tuple[str, ...]:
    return tuple(name for name in defs() if is_enum(name))


@functools.cache
def inline_enums() -> dict[tuple[str, str], tuple[str, ...]]:
    """Enums written inline on a property (Content.role), keyed by (owner, property)."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for owner in message_names():
        for name, field in fields(owner).items():
            if "enum" in field.schema:
                out[(owner, name)] = tuple(field.schema["enum"])
    return out
