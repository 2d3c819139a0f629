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
