"""A parsed document given to the Python API, held to what JSON text could have said before it is validated.

A dict from the caller may hold what no JSON text can (sets, bytes, datetimes, Decimals, non-string keys,
NaN, integers past any double, lone surrogates, mappings and tuples of its own types), and may be as large
or as deep as memory allows. Each such value is a finding at its pointer, under the same rules and limits
as the text path (GC006, GC007, GC008, GC009, GC010), or GC018 for a value JSON has no form for; nothing
reaches the later stages that they could crash on or misreport.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import orjson
from gemini_contract.validator.findings import Issue
from gemini_contract.validator.text import join, show

_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_DOUBLE = 2**1024  # integers from here on have no double
_MAX_ISSUES = 100  # past this many, the caller has already learnt what is wrong


# What orjson serializes that as_json reports instead, or reads otherwise: these it leaves to the caller's
# `default`, of which there is none, so they raise and the walk decides.
_PASSTHROUGH = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
)
# orjson's own nesting limit is 254 levels; below this max_depth, the walk enforces the caller's limit.
_PLAIN_MIN_DEPTH = 256


def plain(value: Any, *, max_depth: int, max_containers: int) -> tuple[Any, bytes] | None:
    """What as_json returns for a value that holds nothing but plain JSON (exact dicts with str keys, lists,
    str, int, finite float, bool, None), and orjson's serialization of it; None for any other value (then
    as_json decides, with its findings). At C speed: as_json walks in Python, ~5x validate(bytes)'s time.

    orjson serializes the value (subclasses, dates, dataclasses, surrogates, integers past 64 bits, keys that
    are not exact str, nesting past 254 levels: TypeError), and what it reads back must equal the value: an
    Enum member or a UUID reads back as a str, NaN and Infinity as null, a tuple as a list, an
    orjson.Fragment as its content, and none of those equals the original (a StrEnum or IntEnum member
    does, as its value: as_json reads it so too). Only orjson's own types reach the comparison, so no
    caller's __eq__ runs. tests/validator/test_pyvalue.py holds this to as_json."""
    if max_depth < _PLAIN_MIN_DEPTH:
        return None
    try:
        text = orjson.dumps(value, option=_PASSTHROUGH)
    except TypeError:
        return None
    if len(text) >= 2 * max_containers:  # each container takes two bytes at least: fewer than the limit
        return None
    document = orjson.loads(text)
    try:
        same = document == value
    except Exception:  # not expected (orjson's own types only), but a caller's value must never raise
        return None
    return (document, text) if same else None


def as_json(value: Any, *, max_depth: int, max_containers: int) -> tuple[Any, list[Issue]]:
    """The document as plain JSON values (mappings as dicts, tuples as lists, enum members as their values),
    or the issues that keep it from being one."""
    issues: list[Issue] = []
    containers = 0
    root: list[Any] = [None]
    # (container to fill, key or index, value, pointer, depth): iterative, so depth is a finding, not a crash.
    stack: list[tuple[Any, Any, Any, str, int]] = [(root, 0, value, "", 0)]
    while stack and len(issues) < _MAX_ISSUES:
        parent, slot, item, pointer, depth = stack.pop()
        kind = type(item)
        if kind is dict or kind is list or kind is tuple or isinstance(item, (Mapping, list, tuple)):
            containers += 1
            if containers > max_containers:
                issues.append(Issue("GC010", "", f"more than {max_containers:,} objects and arrays"))
                break
            if depth >= max_depth:
                issues.append(Issue("GC009", pointer, f"nesting deeper than {max_depth} levels"))
                continue
            parent[slot] = _container(item, pointer, depth, stack, issues)
        else:
            converted = _scalar(item, pointer, issues)
            parent[slot] = converted
    return root[0], issues


def _container(
    item: Any, pointer: str, depth: int, stack: list[tuple[Any, Any, Any, str, int]], issues: list[Issue]
) -> Any:
    if isinstance(item, (list, tuple)):
        out_list: list[Any] = [None] * len(item)
        stack.extend((out_list, i, child, f"{pointer}/{i}", depth + 1) for i, child in enumerate(item))
        return out_list
    try:
        members = list(item.items())
    except Exception as exc:  # a Mapping of the caller's own that fails to list itself
        issues.append(Issue("GC018", pointer, f"a {type(item).__name__} that cannot be read: {exc}"))
        return None
    out: dict[str, Any] = {}
    for key, child in members:
        if isinstance(key, str):
            key = str.__str__(key)  # noqa: PLW2901 (a StrEnum key: its plain value, compared safely)
        else:
            issues.append(
                Issue(
                    "GC018",
                    pointer,
                    f"a key of type {type(key).__name__} ({_safe_repr(key)}); JSON keys are strings",
                    "convert the key with str()",
                )
            )
            continue
        if key in out:  # two keys of the caller's own type with one plain value: a duplicate in JSON
            issues.append(Issue("GC005", join(pointer, key), f"duplicate key {show(key)}"))
            continue
        out[key] = None
        stack.append((out, key, child, join(pointer, key), depth + 1))
    return out


def _scalar(item: Any, pointer: str, issues: list[Issue]) -> Any:
    # Subclasses (StrEnum and IntEnum members) are read as json.dumps reads them: their plain value.
    if isinstance(item, str):
        plain = item if type(item) is str else str.__str__(item)
        if not plain.isascii() and _SURROGATE.search(plain) is not None:
            issues.append(Issue("GC007", pointer, "a lone UTF-16 surrogate in a string"))
        return plain
    if item is None or type(item) is bool:
        return item
    if isinstance(item, int):
        number = int.__int__(item)
        if -_MAX_DOUBLE < number < _MAX_DOUBLE:
            return number  # past 64 bits the schema's bounds still judge it (as a parser's double would be)
        issues.append(Issue("GC008", pointer, "an integer that overflows a double"))
        return None
    if isinstance(item, float):
        real = float.__float__(item)
        if math.isfinite(real):
            return real
        literal = "NaN" if math.isnan(real) else ("Infinity" if real > 0 else "-Infinity")
        issues.append(Issue("GC006", pointer, f"{literal} is not JSON"))
        return None
    issues.append(
        Issue(
            "GC018",
            pointer,
            f"a {type(item).__name__} ({_safe_repr(item)}) has no JSON form",
            "convert it to a string, number, boolean, null, list or dict first",
        )
    )
    return None


def _safe_repr(value: Any) -> str:
    try:
        return show(repr(value), 60)
    except Exception:  # a repr of the caller's own that raises
        return "?"
