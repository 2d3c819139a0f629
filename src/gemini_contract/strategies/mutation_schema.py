"""Mutators that break the JSON Schema (GC2xx) of a valid request; the oracle re-check is python-jsonschema.

Each edit is one the schema rejects and the ProtoJSON leniencies do not excuse: a missing required field, a
value of the wrong JSON type, a number out of range, an unknown key, an enum value that does not exist, a
Part with two or no data members, a malformed string, a list of the wrong length.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from gemini_contract.schema.models import model_table
from gemini_contract.strategies import _index as ix
from gemini_contract.strategies.combinators import BOOLEANS
from gemini_contract.strategies.mutation_base import (
    CACHE_EXCLUSIVE,
    Check,
    Expectation,
    MutatorTable,
    Obj,
    expect,
    nodes,
    pick,
)
from gemini_contract.strategies.walk import Node, Path, get, walk

TABLE = MutatorTable()
mutator = TABLE.mutator


@mutator("delete-required", "GC202")
def _delete_required(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    sites = [
        (n.path, key)
        for n in walk(body)
        if n.type_name and ix.is_message(n.type_name) and isinstance(n.value, dict)
        for key in sorted(ix.required(n.type_name) & n.value.keys())
    ]
    path, key = pick(draw, sites)
    del get(body, path)[key]
    return expect("GC202", (*path, key), "delete-required")


def _wrong_value(node: Node) -> Any:
    """A value of the wrong JSON type for the node's schema (never a ProtoJSON leniency)."""
    if node.type_name is not None:
        return "not an object" if ix.is_message(node.type_name) else True
    kind = node.schema.get("type")
    if kind in ("array", "object"):
        return "not a container"
    return [node.value]  # a list where one value belongs: "Proto field is not repeating"


_TURN_LINKS = frozenset({"functionCall", "functionResponse"})


def _links_turns(value: Any) -> bool:
    """Whether a value holds a call or an answer: GC319/GC320 pair them across turns."""
    if isinstance(value, dict):
        return bool(_TURN_LINKS & value.keys()) or any(_links_turns(v) for v in value.values())
    if isinstance(value, list):
        return any(_links_turns(v) for v in value)
    return False


@mutator("wrong-type", "GC203")
def _wrong_type(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    # A turn (or a Part) that holds a call or its answer is left alone: replacing it unpairs the other
    # half, and GC319/GC320 come too (seed 88 of `sample --invalid` had a call turn turned into a string).
    sites = nodes(
        body,
        lambda n: n.path != () and not n.opaque and n.value is not None and not _links_turns(n.value),
    )
    node = pick(draw, sites)
    get(body, node.path[:-1])[node.path[-1]] = _wrong_value(node)
    return expect("GC203", node.path, "wrong-type")


_INT32_MAX = 2**31 - 1


def _out_of_range(schema: dict[str, Any], value: Any, upward: bool) -> Any:
    if "exclusiveMinimum" in schema and not upward:
        return schema["exclusiveMinimum"]
    step = 1 if type(value) is int else 0.5
    if upward and "maximum" in schema:
        return schema["maximum"] + step
    if "minimum" in schema:
        return schema["minimum"] - step
    return None


def _table_ranged(path: Path) -> bool:
    return len(path) == 2 and path[0] == "generationConfig" and path[1] in model_table().ranges


@mutator("out-of-range", "GC205")
def _range(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    def bounded(n: Node) -> bool:
        # int64 fields are left out: past their range a number is an overflow (GC008), not GC205.
        return (
            type(n.value) in (int, float)
            and n.schema.get("x-format") != "int64"
            and ("minimum" in n.schema or "exclusiveMinimum" in n.schema)
        )

    sites = nodes(body, bounded)
    if not sites:
        config = body.setdefault("generationConfig", {})
        config["temperature"] = 2.5
        return expect("GC205", ("generationConfig", "temperature"), "out-of-range")
    node = pick(draw, sites)
    # Below the int32 minimum of a generationConfig number the model table gives a range for (topK,
    # maxOutputTokens) is below that range too (GC338 as well): those go above their maximum instead.
    upward = draw(BOOLEANS) or _table_ranged(node.path)
    replacement = _out_of_range(node.schema, node.value, upward)
    assume(replacement is not None)
    get(body, node.path[:-1])[node.path[-1]] = replacement
    return expect("GC205", node.path, "out-of-range")


_UNKNOWN_KEYS = ("content", "max_tokens", "modality", "type_", "outputMimeType", "thoughtSignature", "extra")


@mutator("unknown-field", "GC201")
def _unknown_field(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    sites = nodes(body, lambda n: bool(n.type_name) and ix.is_message(n.type_name or ""))
    node = pick(draw, sites)
    assert node.type_name is not None
    taken = {k for f in ix.fields(node.type_name).values() for k in (f.name, f.proto_name)}
    candidates = [k for k in _UNKNOWN_KEYS if k not in taken and k not in node.value]
    key = pick(draw, candidates)
    node.value[key] = "x"
    return expect("GC201", (*node.path, key), "unknown-field")


@mutator("bad-enum", "GC204")
def _bad_enum(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    def is_enum(n: Node) -> bool:
        return (
            isinstance(n.value, str)
            and ((n.type_name is not None and ix.is_enum(n.type_name)) or "enum" in n.schema)
            and not _typed_by(body, n.path)
        )

    node = pick(draw, nodes(body, is_enum))
    replacement = pick(draw, ("assistant", "system")) if node.path[-1] == "role" else "NOT_A_VALUE"
    get(body, node.path[:-1])[node.path[-1]] = replacement
    return expect("GC204", node.path, "bad-enum")


# The Schema dialect ties these siblings to `type` (properties -> OBJECT, enum -> STRING): an unknown
# type beside them breaks GC316/GC313 as well (seed 98 of `sample --invalid`).
_TYPED_SIBLINGS = frozenset({"properties", "enum"})


def _typed_by(body: Obj, path: Path) -> bool:
    """Whether the value at path is a Schema's `type` that a sibling's rule depends on."""
    return path[-1] == "type" and bool(_TYPED_SIBLINGS & get(body, path[:-1]).keys())


def _parts(body: Obj, with_data: bool = True) -> list[Node]:
    data = set(ix.oneof_data("Part"))
    return nodes(body, lambda n: n.type_name == "Part" and (not with_data or bool(data & n.value.keys())))


@mutator("two-data-members", "GC208")
def _two_data(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    node = pick(draw, _parts(body))
    if "text" in node.value:
        node.value["inlineData"] = {"mimeType": "image/png", "data": "iVBORw0KGgo="}
    else:
        node.value["text"] = "Describe this."
    return expect("GC208", node.path, "two-data-members")


_MEDIA = ("inlineData", "fileData")


@mutator("no-data-member", "GC209")
def _no_data(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    def alone(n: Node) -> bool:
        # A Part whose data other rules count on is left alone: a call or an answer (GC319/GC320 would
        # come too), the media a videoMetadata sibling describes (GC324).
        siblings = get(body, n.path[:-1])
        return not (
            "videoMetadata" in n.value
            or "functionCall" in n.value
            or "functionResponse" in n.value
            or (any(m in n.value for m in _MEDIA) and any("videoMetadata" in p for p in siblings))
        )

    node = pick(draw, [n for n in _parts(body) if alone(n)])
    for member in ix.oneof_data("Part"):
        node.value.pop(member, None)
    return expect("GC209", node.path, "no-data-member")


def _bad_format_value(node: Node) -> str:
    fmt = node.schema.get("x-format")
    if fmt == "bytes":
        return "not-base64!"
    if fmt == "duration":
        return "PT10S"
    if fmt == "timestamp":
        return "2024-01-01 00:00:00"
    if node.path[-1] == "cachedContent":
        return "my-cache"
    return "1" + str(node.value)  # FunctionDeclaration.name: a leading digit


@mutator("bad-format", "GC206")
def _bad_format(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    sites = nodes(body, lambda n: isinstance(n.value, str) and "pattern" in n.schema)
    if not sites:
        body["cachedContent"] = "my-cache"
        for key in CACHE_EXCLUSIVE:  # else GC323 comes too
            body.pop(key, None)
        return expect("GC206", ("cachedContent",), "bad-format")
    node = pick(draw, sites)
    get(body, node.path[:-1])[node.path[-1]] = _bad_format_value(node)
    return expect("GC206", node.path, "bad-format")


@mutator("bad-length", "GC207")
def _bad_length(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    choice = pick(draw, ("contents", "parts", "stopSequences"))
    if choice == "contents":
        body["contents"] = []
        return expect("GC207", ("contents",), "bad-length")
    if choice == "parts":
        i = pick(draw, range(len(body["contents"])))
        body["contents"][i]["parts"] = []
        return expect("GC207", ("contents", i, "parts"), "bad-length")
    body.setdefault("generationConfig", {})["stopSequences"] = ["END", "STOP", "###", "\n\n", "Q:", "A:"]
    return expect("GC207", ("generationConfig", "stopSequences"), "bad-length")
