"""The schema as datamodel-code-generator should read it to name classes as we do: every class and enum of
our intermediate model becomes a `$defs` entry under our name (inline objects and enums hoisted, `$defs`
keys renamed, references rewritten), so that every flavor has the same class names."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from gemini_contract.codegen import model as m

_DEFS = "/$defs/"


def named_like_ours(document: dict[str, Any], module: m.Module) -> dict[str, Any]:
    """A copy of `document` whose `$defs` keys are our class and enum names; nothing else changes."""
    result = copy.deepcopy(document)
    definitions: list[m.ClassDef | m.EnumDef] = [*module.classes, *module.enums]
    declared = [d for d in definitions if d.pointer]
    counts = Counter(d.pointer for d in declared)
    renames = {key: d.name for d in declared if (key := _def_key(d.pointer)) is not None}
    inline = [d for d in declared if _def_key(d.pointer) is None and counts[d.pointer] == 1]
    hoisted: dict[str, Any] = {}
    # Deepest first: moving a node never changes the pointer of another node still to move (an inline
    # object's own inline members are replaced by references before it moves).
    for d in sorted(inline, key=lambda d: d.pointer.count("/"), reverse=True):
        parent, token = _locate(result, d.pointer)
        node = parent[token]
        hoisted[d.name] = node
        reference: dict[str, Any] = {"$ref": f"#/$defs/{_escape(d.name)}"}
        if isinstance(node, dict) and "description" in node:
            reference["description"] = node["description"]
        parent[token] = reference
    defs = result.get("$defs", {})
    result["$defs"] = {renames.get(key, key): value for key, value in defs.items()} | hoisted
    refs = {f"#/$defs/{_escape(k)}": f"#/$defs/{_escape(v)}" for k, v in renames.items()}
    rewritten: dict[str, Any] = _rewrite_refs(result, refs)
    return rewritten


def _def_key(pointer: str) -> str | None:
    rest = pointer.removeprefix(_DEFS)
    if rest == pointer or "/" in rest:
        return None
    return rest.replace("~1", "/").replace("~0", "~")


def _locate(document: Any, pointer: str) -> tuple[Any, Any]:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    node = document
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    last: Any = int(tokens[-1]) if isinstance(node, list) else tokens[-1]
    return node, last


def _rewrite_refs(node: Any, refs: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_rewrite_refs(item, refs) for item in node]
    if isinstance(node, dict):
        out = {key: _rewrite_refs(value, refs) for key, value in node.items()}
        if isinstance(out.get("$ref"), str):
            out["$ref"] = refs.get(out["$ref"], out["$ref"])
        return out
    return node


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
