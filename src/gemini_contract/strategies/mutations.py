"""Labelled negative examples: a valid request with exactly one invalid edit, and where it must be reported.

`mutations()` draws `(body, Expectation)`: the rule id (validator/ruleset.py) and the RFC 6901 pointer at
which a validator must report the edit. Each mutator edits a deep copy of a drawn valid body; the result
is re-checked on every draw (shrinking replays included) by an oracle that does not share code with the
validator: python-jsonschema for the schema rules (GC2xx), a direct predicate for the cross-field rules
(GC3xx). A drawn negative example therefore can never be valid.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies.combinators import BOOLEANS
from gemini_contract.strategies.walk import Node, Path, get, pointer, walk

Obj = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a validator must report for a mutated body: `rule` at `pointer` (other findings may come too)."""

    rule: str
    pointer: str
    mutation: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "pointer": self.pointer, "mutation": self.mutation}


Check = Callable[[Obj], bool]
Mutator = Callable[[st.DrawFn, Obj], tuple[Expectation, Check] | None]
MUTATORS: dict[str, Mutator] = {}
_INDEX = st.integers(0, 255)


def mutator(name: str) -> Callable[[Mutator], Mutator]:
    def register(fn: Mutator) -> Mutator:
        MUTATORS[name] = fn
        return fn

    return register


def pick(draw: st.DrawFn, items: Sequence[Any]) -> Any:
    """One of `items` (non-empty), drawn as one shared integer choice that shrinks to the first."""
    return items[draw(_INDEX) % len(items)]


@functools.cache
def _schema_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(ix.schema())


def schema_rejects(body: Obj) -> bool:
    """The independent oracle for schema rules: python-jsonschema against the bundled schema."""
    return not _schema_validator().is_valid(body)


def expect(rule: str, path: Path, name: str, check: Check | None = None) -> tuple[Expectation, Check]:
    return Expectation(rule, pointer(path), name), check or schema_rejects


def nodes(body: Obj, keep: Callable[[Node], bool]) -> list[Node]:
    return [n for n in walk(body) if keep(n)]


# --- schema rules (GC2xx) --------------------------------------------------------------------------------


@mutator("delete-required")
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


@mutator("wrong-type")
def _wrong_type(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    sites = nodes(body, lambda n: n.path != () and not n.opaque and n.value is not None)
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


@mutator("out-of-range")
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
    replacement = _out_of_range(node.schema, node.value, draw(BOOLEANS))
    assume(replacement is not None)
    get(body, node.path[:-1])[node.path[-1]] = replacement
    return expect("GC205", node.path, "out-of-range")


_UNKNOWN_KEYS = ("content", "max_tokens", "modality", "type_", "outputMimeType", "thoughtSignature", "extra")


@mutator("unknown-field")
def _unknown_field(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    sites = nodes(body, lambda n: bool(n.type_name) and ix.is_message(n.type_name or ""))
    node = pick(draw, sites)
    assert node.type_name is not None
    taken = {k for f in ix.fields(node.type_name).values() for k in (f.name, f.proto_name)}
    candidates = [k for k in _UNKNOWN_KEYS if k not in taken and k not in node.value]
    key = pick(draw, candidates)
    node.value[key] = "x"
    return expect("GC201", (*node.path, key), "unknown-field")


@mutator("bad-enum")
def _bad_enum(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    def is_enum(n: Node) -> bool:
        return isinstance(n.value, str) and (
            (n.type_name is not None and ix.is_enum(n.type_name)) or "enum" in n.schema
        )

    node = pick(draw, nodes(body, is_enum))
    replacement = pick(draw, ("assistant", "system")) if node.path[-1] == "role" else "NOT_A_VALUE"
    get(body, node.path[:-1])[node.path[-1]] = replacement
    return expect("GC204", node.path, "bad-enum")


def _parts(body: Obj, with_data: bool = True) -> list[Node]:
    data = set(ix.oneof_data("Part"))
    return nodes(body, lambda n: n.type_name == "Part" and (not with_data or bool(data & n.value.keys())))


@mutator("two-data-members")
def _two_data(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    node = pick(draw, _parts(body))
    if "text" in node.value:
        node.value["inlineData"] = {"mimeType": "image/png", "data": "iVBORw0KGgo="}
    else:
        node.value["text"] = "Describe this."
    return expect("GC208", node.path, "two-data-members")


@mutator("no-data-member")
def _no_data(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    sites = [n for n in _parts(body) if "videoMetadata" not in n.value]
    node = pick(draw, sites)
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


@mutator("bad-format")
def _bad_format(draw: st.DrawFn, body: Obj) -> tuple[Expectation, Check] | None:
    sites = nodes(body, lambda n: isinstance(n.value, str) and "pattern" in n.schema)
    if not sites:
        body["cachedContent"] = "my-cache"
        for key in ("systemInstruction", "tools", "toolConfig"):  # else GC323 comes too
            body.pop(key, None)
        return expect("GC206", ("cachedContent",), "bad-format")
    node = pick(draw, sites)
    get(body, node.path[:-1])[node.path[-1]] = _bad_format_value(node)
    return expect("GC206", node.path, "bad-format")


@mutator("bad-length")
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


# --- the strategy ----------------------------------------------------------------------------------------


@st.composite
def _mutations(
    draw: st.DrawFn, valid: st.SearchStrategy[Obj], names: tuple[str, ...]
) -> tuple[Obj, Expectation]:
    name = draw(st.sampled_from(names))
    body = copy.deepcopy(draw(valid))
    try:
        result = MUTATORS[name](draw, body)
    except (IndexError, ZeroDivisionError):  # no site for this mutation in this body
        result = None
    assume(result is not None)
    assert result is not None
    expectation, check = result
    # The re-check: runs on every draw, shrinking included, so a negative example is never valid.
    assume(check(body))
    return body, expectation


def mutations(
    valid: st.SearchStrategy[Obj] | None = None, *, only: Sequence[str] | None = None
) -> st.SearchStrategy[tuple[Obj, Expectation]]:
    """`(body, Expectation)` pairs: one invalid edit of a valid request each. `only` limits the mutators
    (names as in `MUTATORS`); `valid` replaces the strategy of the bodies to edit."""
    from gemini_contract.strategies import bodies, mutation_dialect, mutation_rules  # noqa: F401 (registers GC3xx)

    names = tuple(only) if only is not None else tuple(MUTATORS)
    unknown = sorted(set(names) - MUTATORS.keys())
    if unknown:
        raise ValueError(f"unknown mutators {unknown}; known: {sorted(MUTATORS)}")
    return _mutations(valid if valid is not None else bodies.canonical_requests(), names)
