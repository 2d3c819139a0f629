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


def _values_at(node: Any, path: Path, pointer: str) -> Iterator[tuple[str, Any]]:
    if not path:
        yield pointer, node
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        if type(node) is list:
            for i, item in enumerate(node):
                yield from _values_at(item, rest, f"{pointer}/{i}")
    elif type(node) is dict and head in node:
        yield from _values_at(node[head], rest, f"{pointer}/{head}")


def sdk_only(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for path, enum, values in POSITIONS:
        for pointer, value in _values_at(doc, path, ""):
            if value in values:
                yield Issue(
                    "GC339",
                    pointer,
                    f"{show(value)} is a {enum} value of the google-genai SDK that the Gemini API does not support",
                    "the SDK's docstring says so (google-genai types.py); use a value the API documents",
                )
