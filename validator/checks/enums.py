"""GC339: enum values the schema marks `x-enum-sdk-only` (the google-genai SDK has them, and its own
docstrings say the Gemini API does not support them). A warning, never an error: the SDK sends them, and no
evidence says the API rejects them. Their positions are read from the schema once, not listed here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gemini_contract.schema import load_bundled
from gemini_contract.validator.checks import quiet
from gemini_contract.validator.findings import Issue
from gemini_contract.validator.text import show

if TYPE_CHECKING:
    from gemini_contract.validator.checks import Context

Path = tuple[str, ...]  # member names; "[]" for every item of a repeated field


def _ref(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.removeprefix("#/$defs/") if isinstance(ref, str) else None


def sdk_only_positions(schema: dict[str, Any]) -> tuple[tuple[Path, str, frozenset[str]], ...]:
    """Every path from the root to a field whose enum has SDK-only values (cycles cut), with the enum's
    name and those values."""
    defs: dict[str, Any] = schema["$defs"]
    found: list[tuple[Path, str, frozenset[str]]] = []

    def walk(name: str, path: Path, stack: frozenset[str]) -> None:
        for member, prop in defs[name].get("properties", {}).items():
            here, node = (*path, member), prop
            if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
                node, here = prop["items"], (*here, "[]")
            ref = _ref(node)
            if ref is None:
                continue
            target = defs[ref]
            if "x-enum-sdk-only" in target:
                found.append((here, ref, frozenset(target["x-enum-sdk-only"])))
            elif "properties" in target and ref not in stack:
                walk(ref, here, stack | {ref})

    root = _ref(schema) or "GenerateContentRequest"
    walk(root, (), frozenset((root,)))
    return tuple(found)


POSITIONS = sdk_only_positions(load_bundled("request"))
TOP = frozenset(path[0] for path, _, _ in POSITIONS)


def quiet_schema() -> dict[str, Any]:
    """Holds where no SDK-only value sits at any of the positions."""
    return quiet.conjunction(  # type: ignore[return-value]
        [quiet.at(*path, schema={"not": {"enum": sorted(values)}}) for path, _, values in POSITIONS]
    )


# POSITIONS as a trie, so that one walk serves every path (the Part paths share contents[].parts[]):
# (indices of the positions that end here, token -> child, the keys an item must have to be worth a visit).
_Trie = tuple[list[int], dict[str, Any], frozenset[str] | None]


def _trie(positions: tuple[tuple[Path, str, frozenset[str]], ...]) -> _Trie:
    root: _Trie = ([], {}, None)
    for i, (path, _, _) in enumerate(positions):
        node = root
        for token in path:
            node = node[1].setdefault(token, ([], {}, None))
        node[0].append(i)
    return _needed(root)


def _needed(node: _Trie) -> _Trie:
    """The trie with, at each node, the members a dict must have for a walk below it to find anything (None
    where that is not a set of member names)."""
    leaves, children = node[0], {token: _needed(child) for token, child in node[1].items()}
    needed = None if leaves or "[]" in children else frozenset(children)
    return leaves, children, needed


_TRIE = _trie(POSITIONS)


def _walk(node: Any, trie: _Trie, pointer: str, found: list[list[tuple[str, Any]]]) -> None:
    """Append (pointer, value) to found[i] for every value at position i, each list in document order."""
    for i in trie[0]:
        found[i].append((pointer, node))
    for head, child in trie[1].items():
        if head == "[]":
            if type(node) is list:
                needed = child[2]
                for i, item in enumerate(node):
                    if needed is None or (type(item) is dict and not needed.isdisjoint(item)):
                        _walk(item, child, f"{pointer}/{i}", found)
        elif type(node) is dict and head in node:
            _walk(node[head], child, f"{pointer}/{head}", found)


_QUIET_VALIDATOR: dict[str, Any] = {}  # compiled on first use


def _quiet(doc: dict[str, Any]) -> bool:
    """Whether the check's own quiet schema holds: one Rust pass, where the walk costs a Python call per
    Content (on an invalid request, which the conjoined quiet validators cannot clear, this runs every time)."""
    validator = _QUIET_VALIDATOR.get("request")
    if validator is None:
        from gemini_contract.validator.contract import compile_schema

        validator = _QUIET_VALIDATOR["request"] = compile_schema(quiet_schema())
    try:
        return bool(validator.is_valid(doc))
    except ValueError:  # jsonschema-rs' recursion limit: walk
        return False


def sdk_only(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if _quiet(doc):
        return
    found: list[list[tuple[str, Any]]] = [[] for _ in POSITIONS]
    _walk(doc, _TRIE, "", found)
    for (_, enum, values), at in zip(POSITIONS, found, strict=True):
        for pointer, value in at:
            if value in values:
                yield Issue(
                    "GC339",
                    pointer,
                    f"{show(value)} is a {enum} value of the google-genai SDK that the Gemini API does not support",
                    "the SDK's docstring says so (google-genai types.py); use a value the API documents",
                )
