"""Codegen test helpers: paths, generating a feature schema, importing a generated file."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"
GOLDEN = HERE / "golden"
FEATURES = sorted(p.stem for p in SCHEMAS.glob("*.json"))
# The header command of a file generated with --schema and --out (what a user's build step writes).
OTHER_REPO_COMMAND = "gemini-contract generate --schema <schema file> --out <this directory>"


def generate_models(schema: Path, command: str = OTHER_REPO_COMMAND) -> str:
    from gemini_contract.codegen.load import SchemaProblem
    from gemini_contract.codegen.pipeline import generate_sources

    sources = generate_sources(schema, "dataclasses", command)
    assert not isinstance(sources, SchemaProblem), str(sources)
    return sources["models.py"]


def import_file(path: Path, name: str) -> types.ModuleType:
    """Import a generated file under a unique module name (dataclasses look their module up in sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
