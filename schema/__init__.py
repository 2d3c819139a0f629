"""The bundled contract: locate and load `generate_content_request.schema.json` (package data)."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_FILENAME = "generate_content_request.schema.json"


def schema_path() -> Path:
    """Path of the bundled schema file (a real file: the package is never zipped)."""
    return Path(str(resources.files(__name__).joinpath(SCHEMA_FILENAME)))


@functools.cache
def _schema_text() -> str:
    return schema_path().read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """A fresh copy of the bundled schema (callers may mutate it)."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


def canonical_sha256(schema: dict[str, Any]) -> str:
    """sha256 of the schema's canonical JSON (sorted keys, no whitespace): stable under reformatting."""
    text = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
