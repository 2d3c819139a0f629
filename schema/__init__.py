"""The bundled contract: locate and load `generate_content_request.schema.json` (package data)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_FILENAME = "generate_content_request.schema.json"


def schema_path() -> Path:
    """Path of the bundled schema file: package data next to this module (the package is never zipped, so
    no importlib.resources, whose import costs every lint run ~15 ms of start-up)."""
    return Path(__file__).with_name(SCHEMA_FILENAME)


@functools.cache
def _schema_text() -> str:
    return schema_path().read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """A fresh copy of the bundled schema (callers may mutate it)."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


def canonical_sha256(schema: dict[str, Any]) -> str:
    """sha256 of the schema's canonical JSON (sorted keys, no whitespace): stable under reformatting."""
    import hashlib  # codegen only: not on the lint path

    text = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
