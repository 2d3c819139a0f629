"""Reading a schema file for codegen: parse, check against the draft 2020-12 meta-schema, hash; errors as data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gemini_contract.schema import canonical_sha256


@dataclass(frozen=True, slots=True)
class LoadedSchema:
    document: dict[str, Any]
    sha256: str  # of the canonical JSON (sorted keys, no whitespace): stable under reformatting
    file_name: str  # base name only, so that output never depends on where the file lives


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """Why a schema cannot be used; `pointer` locates the problem in the schema when known."""

    path: str
    message: str
    pointer: str | None = None

    def __str__(self) -> str:
        # "" is the document itself: an empty pointer printed as-is read as a missing location.
        where = (
            ""
            if self.pointer is None
            else f" at {self.pointer}"
            if self.pointer
            else " at the root (pointer '')"
        )
        return f"{self.path}{where}: {self.message}"


def load_schema_file(path: Path) -> LoadedSchema | SchemaProblem:
    """Read and check one schema file; never raises for a bad file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return SchemaProblem(str(path), f"cannot read the schema: {exc}")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return SchemaProblem(str(path), f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    return check_schema(document, str(path), path.name)


def check_schema(document: Any, path: str, file_name: str) -> LoadedSchema | SchemaProblem:
    """Check a parsed document against the draft 2020-12 meta-schema and hash it.

    jsonschema-rs decides (about 2 ms for the bundled schema); jsonschema's `check_schema` runs only to
    explain a schema that fails (it takes about 0.3 s with its import, most of a `check` run otherwise).
    jsonschema-rs does not check `format: regex`; the build compiles every pattern and reports those.
    """
    if not isinstance(document, dict):
        return SchemaProblem(path, "the schema must be a JSON object")
    if not _meta_valid(document):
        from jsonschema import Draft202012Validator, SchemaError

        try:
            Draft202012Validator.check_schema(document)
        except SchemaError as exc:
            pointer = "".join(f"/{_escape(part)}" for part in exc.path)
            return SchemaProblem(path, f"not a valid draft 2020-12 schema: {exc.message}", pointer)
    return LoadedSchema(document=document, sha256=canonical_sha256(document), file_name=file_name)


def _meta_valid(document: dict[str, Any]) -> bool:
    import jsonschema_rs

    try:
        return bool(jsonschema_rs.meta.is_valid(document))
    except Exception:  # an input it cannot handle: let jsonschema decide and explain
        return False


def _escape(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")
