"""Normalization: rewrite the ProtoJSON leniencies the server accepts into the canonical form, schema-driven.

Input is the parsed document as written; output is the canonical document, one Issue per rewrite (pointers
as written) and a map from canonical pointer prefixes to written ones, so that later stages, which see
only the canonical document, can report where the user wrote the value.
"""

from __future__ import annotations

import binascii
import math
import re
from typing import Any, NamedTuple

from gemini_contract.validator.findings import Issue
from gemini_contract.validator.schemaindex import EnumInfo, Kind, Message, Prop, SchemaIndex
from gemini_contract.validator.spans import quoted
from gemini_contract.validator.text import join, show

_INT_TEXT = re.compile(r"-?[0-9]{1,19}")
_URLSAFE = str.maketrans("-_", "+/")
# Three Python frames per JSON level: stop rewriting below this depth to stay far from the recursion limit.
# Deeper parts are still validated as written (and a Gemini Schema this deep is GC330 anyway).
_MAX_DEPTH = 150


class Normalized(NamedTuple):
    value: Any
    issues: tuple[Issue, ...]
    pointer_map: dict[str, str]

    def written(self, canonical_pointer: str) -> str:
        """The pointer as the user wrote it, for a pointer into the canonical document."""
        prefix = canonical_pointer
        while True:
            mapped = self.pointer_map.get(prefix)
            if mapped is not None:
                return mapped + canonical_pointer[len(prefix) :]
            if not prefix:
                return canonical_pointer
            prefix = prefix[: prefix.rfind("/")]


class Plan:
    """Where a rewrite can be: the paths (as written) that the schema found wrong in the document as
    written. Every leniency the normaliser rewrites fails the schema where it stands (an unknown snake_case
    key, an enum spelling, a string for a number, a null, an object for a list, base64 against its
    pattern), except an integral float such as 40.0, which the caller rules out first. So a walk that
    descends only along these paths rewrites what a full walk rewrites, at the cost of the paths.

    `children` maps a token (key or index, as a string) to the plan below it; None there means the whole
    subtree (a value that failed, or the value of an unknown key, which the schema never looked into).
    """

    __slots__ = ("children",)

    def __init__(self) -> None:
        self.children: dict[str, Plan | None] = {}

    @classmethod
    def from_errors(cls, errors: list[Any], index: SchemaIndex | None = None) -> Plan | None:
        """The plan for jsonschema-rs errors of the document as written; None: walk everything. With the
        schema's `index`, errors that no rewrite can stand behind are left out (see _may_be_rewritten)."""
        root = cls()
        for error in errors:
            kind = error.kind.name
            if kind == "required" or kind in _BOUNDS:  # see _BOUNDS
                continue
            if index is not None and not _may_be_rewritten(error, kind, index):
                continue
            path = [str(token) for token in error.instance_path]
            if kind == "additionalProperties":
                for key in error.kind.as_dict()["unexpected"]:
                    root._whole([*path, key])
            else:
                root._whole(path)
        return None if root.children.get("") is None and "" in root.children else root

    def _whole(self, path: list[str]) -> None:
        if not path:
            self.children[""] = None  # the whole document
            return
        node = self
        for token in path[:-1]:
            if token in node.children and node.children[token] is None:
                return  # already the whole subtree
            child = node.children.get(token)
            if child is None:
                child = node.children[token] = Plan()
            node = child
        node.children[path[-1]] = None


# Keywords that bound a value the schema has already found of the right type (a number's range, a string's
# or a list's length): no leniency fails one of these where it stands (each fails `type`, `enum`,
# `pattern` or `additionalProperties` there), and none is a combinator that could hide the errors below
# it, whose own errors name their own paths. So they lead the walk nowhere it has to go. (A missing
# member, `required`, has nothing under it either.)
_BOUNDS = frozenset(
    [
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
    ]
)


def _may_be_rewritten(error: Any, kind: str, index: SchemaIndex) -> bool:
    """False where the error is a user's mistake that the walk would leave as it is, so the plan need not
    lead there: a value outside an enum that no other spelling or number of it names (the walk respells
    only those), a value outside a string member's inline enum (the walk rewrites no plain string), and
    unknown members none of which is a proto name of its message (the walk renames only those and never
    looks into an unknown member's value). Anything else may be a rewrite: True."""
    path = error.schema_path
    if kind == "enum" and len(path) == 3 and path[0] == "$defs" and path[2] == "enum":
        info = index.enums.get(path[1])
        if info is None:
            return True
        value = error.instance
        if type(value) is str:
            return value.upper() in info.by_upper
        return type(value) is int and value in info.by_number
    if kind == "enum" and len(path) == 5 and path[0] == "$defs" and path[2] == "properties":
        message = index.messages.get(path[1])
        prop = message.props.get(path[3]) if message is not None else None
        return prop is None or prop.kind not in (Kind.STRING, Kind.BOOL) or prop.repeated
    if kind == "additionalProperties" and len(path) == 3 and path[0] == "$defs":
        message = index.messages.get(path[1])
        if message is None:
            return True
        proto_names = message.proto_names
        return any(key in proto_names for key in error.kind.as_dict()["unexpected"])
    return True


def normalize(
    document: Any,
    index: SchemaIndex,
    plan: Plan | None = None,
    *,
    integral_only: bool = False,
    bearing: dict[str, frozenset[str]] | None = None,
) -> Normalized:
    """The canonical document, one issue per rewrite and the pointer map; with a `plan`, only its paths
    are walked (see Plan). `integral_only`, for a document the schema accepts as written: the only rewrite
    such a document can need is an integral float in an integer field (see Plan), so only the members that
    lead to an integer field are walked (`bearing`, SchemaIndex.int_bearing unless given: api._look passes
    Contract.cleared_int_bearing; tests/validator/test_integral_walk.py)."""
    walk = _Walk(index, (index.int_bearing if bearing is None else bearing) if integral_only else None)
    value = (
        walk.message(document, index.messages[index.root], None, None, 0, plan=plan)
        if type(document) is dict
        else document
    )
    return Normalized(value, tuple(walk.issues), walk.pointer_map)


# A pointer under construction: (parent, token), None at the root. Most values are never reported, so the
# walk extends these cells (one tuple each) and renders a string only for an issue or a renamed subtree.
_Path = tuple[Any, str | int] | None


def _render(path: _Path) -> str:
    tokens: list[str | int] = []
    while path is not None:
        path, token = path
        tokens.append(token)
    pointer = ""
    for token in reversed(tokens):
        pointer = join(pointer, token)
    return pointer


def _planned_indices(plan: Plan, length: int) -> list[int]:
    """The indices below `length` the plan names (as str(i) names them), in order."""
    indices = []
    for token in plan.children:
        if token.isdigit() and token.isascii():
            index = int(token)
            if index < length and str(index) == token:
                indices.append(index)
    indices.sort()
    return indices


def canonical_base64(text: str) -> str | None:
    """The standard, padded spelling of a URL-safe and/or unpadded base64 string; None if it is not base64."""
    candidate = text.translate(_URLSAFE)
    candidate += "=" * (-len(candidate) % 4)
    try:
        binascii.a2b_base64(candidate, strict_mode=True)
    except ValueError:  # binascii.Error, and ValueError for non-ASCII text
        return None
    return candidate


def is_canonical_base64(text: str) -> bool:
    if len(text) % 4:
        return False
    try:
        binascii.a2b_base64(text, strict_mode=True)
    except ValueError:  # binascii.Error, and ValueError for non-ASCII text
        return False
    return True


class _Walk:
    """One normalisation's state: the issues found and the canonical -> written pointer map so far."""

    __slots__ = ("index", "issues", "only", "pointer_map")

    def __init__(self, index: SchemaIndex, only: dict[str, frozenset[str]] | None = None) -> None:
        self.index = index
        self.only = only  # per message, the only members to walk (None: all)
        self.issues: list[Issue] = []
        self.pointer_map: dict[str, str] = {}

    def message(
        self, node: dict[str, Any], msg: Message, cptr: _Path, wptr: _Path, depth: int, *, plan: Plan | None
    ) -> dict[str, Any]:
        if depth > _MAX_DEPTH:
            return node
        if plan is not None and self.only is None:
            planned = self._planned(node, msg, cptr, wptr, depth, plan)
            if planned is not None:
                return planned
        out: dict[str, Any] = {}
        written_as: dict[str, str] = {}
        only = None if self.only is None else self.only[msg.name]
        for key, value in node.items():
            if only is not None and key not in only:
                out[key] = (
                    value  # schema-valid: the key is the member's name, and nothing below needs a rewrite
                )
                continue
            name = key if key in msg.props else msg.proto_names.get(key)
            key_ptr: _Path = (wptr, key)
            if name is None:  # unknown: left for the schema stage, which explains it
                out[key] = value
                continue
            if name in written_as:
                self.issues.append(
                    Issue(
                        "GC108",
                        _render(key_ptr),
                        f"{msg.name}.{name} is given twice, as {show(written_as[name])} and {show(key)}",
                        f"keep only {show(name)}",
                        at_key=True,
                    )
                )
                continue
            written_as[name] = key
            if name != key:
                self.issues.append(
                    Issue(
                        "GC101",
                        _render(key_ptr),
                        f"{show(key)} is the proto name of {msg.name}.{name}",
                        f"write {show(name)}",
                        at_key=True,
                        fix=quoted(name),
                    )
                )
            prop = msg.props[name]
            if value is None and prop.kind is not Kind.VALUE:
                self.issues.append(
                    Issue(
                        "GC109",
                        _render(key_ptr),
                        f"null for {msg.name}.{name} is treated as absent",
                        f"omit {show(name)}",
                        at_key=True,
                    )
                )
                continue
            if plan is not None and key not in plan.children:
                out[name] = value  # nothing the schema found wrong below: as written (name is key here)
                continue
            if name == key and cptr is wptr:
                child = key_ptr  # written as canonical so far: one path serves both
            else:
                child = (cptr, name)
                if name != key:  # below, the nearest renamed level maps the rest (Normalized.written)
                    self.pointer_map[_render(child)] = _render(key_ptr)
            sub = plan.children[key] if plan is not None else None
            out[name] = self.field(value, prop, child, key_ptr, depth + 1, plan=sub)
        return out

    def _planned(  # noqa: PLR0917 (message()'s own arguments, passed on)
        self, node: dict[str, Any], msg: Message, cptr: _Path, wptr: _Path, depth: int, plan: Plan
    ) -> dict[str, Any] | None:
        """message() along a plan, for an object whose members are all spelled by their JSON names (or
        unknown) and none null; None for any other object (message() then takes its full loop). Then only
        planned members can change, each in place, so the object is copied only where one did (most planned
        members of an invalid request are user errors, which nothing rewrites) and the others are not looked
        at again. The same value and issues, in the same order, as the full loop: that loop renames nothing
        and drops nothing here, and leaves every member it skips as written."""
        children = plan.children
        props = msg.props
        proto_names = msg.proto_names
        wanted: list[tuple[str, Any, Prop]] = []
        for key, value in node.items():  # one pass: decide first, walk after (the walk adds issues)
            if value is None:
                return None
            prop = props.get(key)
            if prop is None:
                if key in proto_names:
                    return None
                continue  # unknown: left for the schema stage, which explains it
            if key in children:
                wanted.append((key, value, prop))
        out: dict[str, Any] | None = None
        for key, value, prop in wanted:
            key_ptr: _Path = (wptr, key)
            child = key_ptr if cptr is wptr else (cptr, key)
            new = self.field(value, prop, child, key_ptr, depth + 1, plan=children[key])
            if new is not value:
                if out is None:
                    out = dict(node)
                out[key] = new
        return node if out is None else out

    def field(
        self, value: Any, prop: Prop, cptr: _Path, wptr: _Path, depth: int, *, plan: Plan | None
    ) -> Any:
        if not prop.repeated:
            return self.item(value, prop, cptr, wptr, depth, plan=plan)
        if type(value) is list:
            if plan is not None:  # only the planned items: the others stay as written, at no cost each
                changed: list[Any] | None = None  # the list is copied only where an item changed
                for i in _planned_indices(plan, len(value)):
                    path: _Path = (cptr, i)
                    sub = plan.children[str(i)]
                    item = value[i]
                    new = self.item(item, prop, path, path if cptr is wptr else (wptr, i), depth, plan=sub)
                    if new is not item:
                        if changed is None:
                            changed = list(value)
                        changed[i] = new
                return value if changed is None else changed
            items = []
            for i, v in enumerate(value):
                path = (cptr, i)
                items.append(self.item(v, prop, path, path if cptr is wptr else (wptr, i), depth, plan=None))
            return items
        if type(value) is dict and prop.kind is Kind.MESSAGE:
            # The server reads a single object where the field is repeated (corpus: contents, parts, tools).
            self.issues.append(
                Issue(
                    "GC107",
                    _render(wptr),
                    f"{show(prop.json_name)} is a list; one object was given",
                    "wrap the object in [ ]",
                )
            )
            self.pointer_map[_render((cptr, 0))] = _render(wptr)
            return [self.item(value, prop, (cptr, 0), wptr, depth, plan=plan)]
        return value

    def item(self, value: Any, prop: Prop, cptr: _Path, wptr: _Path, depth: int, *, plan: Plan | None) -> Any:
        kind = prop.kind
        if kind is Kind.MESSAGE:
            assert prop.ref is not None
            return (
                self.message(value, self.index.messages[prop.ref], cptr, wptr, depth, plan=plan)
                if type(value) is dict
                else value
            )
        if kind is Kind.ENUM:
            assert prop.ref is not None
            return self.enum(value, prop.ref, self.index.enums[prop.ref], wptr)
        if kind is Kind.INT:
            return self.integer(value, wptr)
        if kind is Kind.FLOAT and type(value) is str:
            return self.float_text(value, wptr)
        if kind is Kind.BYTES and type(value) is str and not is_canonical_base64(value):
            fixed = canonical_base64(value)
            if fixed is not None:
                self.issues.append(
                    Issue(
                        "GC106",
                        _render(wptr),
                        "URL-safe or unpadded base64",
                        "use standard base64 with = padding",
                        fix=quoted(fixed),
                    )
                )
                return fixed
            return value
        if kind is Kind.MAP and type(value) is dict and prop.ref is not None:
            msg = self.index.messages[prop.ref]
            out = {}
            for k, v in value.items():
                if plan is not None and k not in plan.children:
                    out[k] = v
                    continue
                path = (cptr, k)
                sub = plan.children[k] if plan is not None else None
                out[k] = (
                    self.message(v, msg, path, path if cptr is wptr else (wptr, k), depth + 1, plan=sub)
                    if type(v) is dict
                    else v
                )
            return out
        return value

    def enum(self, value: Any, name: str, info: EnumInfo, wptr: _Path) -> Any:
        if type(value) is str:
            if value in info.names:
                return value
            canonical = info.by_upper.get(value.upper())
            if canonical is not None:
                # Gemini Schema's Type is documented case-insensitive (E-case): a spelling, not a mistake.
                rule = "GC111" if name == "Type" else "GC102"
                message = f"{show(value)} is not the canonical spelling of {name}"
                self.issues.append(
                    Issue(rule, _render(wptr), message, f"write {show(canonical)}", fix=quoted(canonical))
                )
                return canonical
        elif type(value) is int and value in info.by_number:
            canonical = info.by_number[value]
            self.issues.append(
                Issue(
                    "GC103",
                    _render(wptr),
                    f"{name} given as the number {value}",
                    f"write {show(canonical)}",
                    fix=quoted(canonical),
                )
            )
            return canonical
        return value

    def integer(self, value: Any, wptr: _Path) -> Any:
        if type(value) is float and value.is_integer() and abs(value) < 2**63:
            self.issues.append(
                Issue(
                    "GC105",
                    _render(wptr),
                    f"integer field given as {value!r}",
                    f"write {int(value)}",
                    fix=str(int(value)),
                )
            )
            return int(value)
        if type(value) is str and _INT_TEXT.fullmatch(value):
            self.issues.append(
                Issue(
                    "GC104",
                    _render(wptr),
                    f"integer given as the string {show(value)}",
                    f"write {int(value)}",
                    fix=str(int(value)),
                )
            )
            return int(value)
        return value

    def float_text(self, value: str, wptr: _Path) -> Any:
        try:
            number = float(value)
        except ValueError:
            return value
        if not math.isfinite(number):
            # NaN/Infinity strings: no canonical JSON number exists; the schema stage rejects them.
            return value
        self.issues.append(
            Issue(
                "GC110",
                _render(wptr),
                f"number given as the string {show(value)}",
                f"write {value}",
                fix=quoted(number),
            )
        )
        return number
