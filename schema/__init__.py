"""The bundled contracts: locate and load their schemas (package data), by name."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_FILENAME = "generate_content_request.schema.json"
# Bundled schema name -> file next to this module. Each is a contract (see validator.contract).
BUNDLED = {"request": SCHEMA_FILENAME, "response": "generate_content_response.schema.json"}


def schema_path() -> Path:
    """Path of the bundled schema file: package data next to this module (the package is never zipped, so
    no importlib.resources, whose import costs every lint run ~15 ms of start-up)."""
    return Path(__file__).with_name(SCHEMA_FILENAME)


def bundled_path(name: str) -> Path:
    """Path of a bundled schema by name (`request`, ...)."""
    filename = BUNDLED.get(name)
    if filename is None:
        raise KeyError(f"no bundled schema {name!r}; bundled: {', '.join(BUNDLED)}")
    return Path(__file__).with_name(filename)


@functools.cache
def _schema_text(name: str = "request") -> str:
    return bundled_path(name).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """A fresh copy of the bundled request schema (callers may mutate it)."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


@functools.cache
def load_bundled(name: str) -> dict[str, Any]:
    """The bundled schema `name`, loaded once and shared: read-only (`load_schema` gives a private copy)."""
    loaded: dict[str, Any] = json.loads(_schema_text(name))
    return loaded


def canonical_sha256(schema: dict[str, Any]) -> str:
    """sha256 of the schema's canonical JSON (sorted keys, no whitespace): stable under reformatting."""
    import hashlib  # codegen only: not on the lint path

    text = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def self_contained(name: str) -> dict[str, Any]:
    """A copy of bundled schema `name` with the definitions it reaches in other bundled schemas copied into its
    own `$defs` and every `$ref` made local (`#/$defs/Name`): for tools that resolve only local references,
    such as the code generators. Names are disjoint across the bundled schemas, so nothing is renamed."""
    schema: dict[str, Any] = json.loads(_schema_text(name))
    others = {s["$id"]: s["$defs"] for s in map(load_bundled, BUNDLED) if isinstance(s.get("$id"), str)}
    defs: dict[str, Any] = schema["$defs"]
    todo: list[Any] = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            base, _, def_name = ref.partition("#/$defs/")
            if base not in others or def_name not in others[base]:
                raise ValueError(f"$ref {ref!r} is not a bundled definition")
            node["$ref"] = f"#/$defs/{def_name}"
            if def_name not in defs:
                defs[def_name] = json.loads(json.dumps(others[base][def_name]))
                todo.append(defs[def_name])
        elif isinstance(ref, str) and ref.startswith("#/$defs/"):
            def_name = ref.removeprefix("#/$defs/")
            if def_name not in defs:  # a local ref inside a copied definition: copy its target too
                source = next(d for d in others.values() if def_name in d)
                defs[def_name] = json.loads(json.dumps(source[def_name]))
                todo.append(defs[def_name])
        todo.extend(v for k, v in node.items() if k != "$ref")
    return schema
