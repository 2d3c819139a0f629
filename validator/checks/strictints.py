"""The quiet validators hold integer fields to integers as written: an integral float (40.0) fails them.

To JSON Schema (draft 2020-12) 40.0 is an integer, so a request valid as written may still hold one in an
integer field, which normalize rewrites (GC105). validate() used to search every request the quiet
validators cleared for one (orjson's serialization of its integer-bearing members, then a regex): ~5 us of
bench's valid 10 KB body, a third of what validate() cost above its floor. Draft 4 reads "integer" as an
integer written without a fraction, and jsonschema-rs follows it; so in the quiet validators (verdicts only:
users' errors come from the schema as written) every `"type": "integer"` becomes a `$ref` to a draft-4
`{"type": "integer"}` held in the contracts' registry. A request they clear then holds no float where
normalize would look for one (its integer fields are the schema's `"type": "integer"` nodes:
schemaindex._scalar_kind, held by tests/validator/test_integral_walk.py), so it is not searched. A request
with one fails them: api._look rewrites its integral floats and asks them about the canonical request, and
where they still fail, the general path searches and rewrites as before (same findings; the quiet
validators only rule checks out).
"""

from __future__ import annotations

from typing import Any

from gemini_contract.validator.checks.shortcuts import Schema, mapped

# The URI of the draft-4 integer in the registry every contract compiles with (contract._registry).
INTEGER_ID = "urn:gemini-contract:quiet:integer-as-written"
RESOURCE: Schema = {"$schema": "http://json-schema.org/draft-04/schema#", "id": INTEGER_ID, "type": "integer"}


def strict_integers(schema: Schema) -> Schema:
    """`schema` with every `"type": "integer"` held to integers as written (a new schema; `schema` is
    shared and never changed)."""
    return mapped(schema, strict_node)


def strict_node(node: Schema) -> Schema:
    """One node held to integers as written where it is `"type": "integer"` (see strict_integers)."""
    if node.get("type") != "integer":
        return node
    rest = {key: value for key, value in node.items() if key != "type"}
    if "$ref" not in rest:
        return {**rest, "$ref": INTEGER_ID}
    return {**rest, "allOf": [*rest.get("allOf", []), {"$ref": INTEGER_ID}]}


def is_strict(schema: Any) -> bool:
    """Whether no node of `schema` is `"type": "integer"` without the strict $ref beside it (where a test
    holds strict_integers to its promise)."""
    loose: list[Schema] = []

    def find(node: Schema) -> Schema:
        if node.get("type") == "integer" or (
            isinstance(node.get("type"), list) and "integer" in node["type"]
        ):
            loose.append(node)
        return node

    mapped(schema, find)
    return not loose
