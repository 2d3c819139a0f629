"""Response models in every flavor, generated with the existing `generate --schema` machinery from the
self-contained response schema (`schema.self_contained`: the request's Content/Part copied in, since the
generators resolve local references only), and round-tripped over the recorded responses."""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from fixture_paths import FIXTURES, load_json
from gemini_contract.schema import self_contained

RESPONSES = FIXTURES / "responses"


def _documents() -> list[tuple[str, Any]]:
    out = []
    for path in sorted(RESPONSES.glob("*.json")):
        data = load_json(path)
        cls = "ErrorResponse" if path.name.startswith("error") else "GenerateContentResponse"
        out += [(cls, doc) for doc in (data if isinstance(data, list) else [data])]
    return out


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "response.schema.json"
    path.write_text(json.dumps(self_contained("response")))
    return path


def import_file(path: Path, name: str) -> types.ModuleType:
    """Import a generated file under a unique name (dataclasses look their module up in sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _generate(schema: Path, flavor: str, out: Path) -> Any:
    from gemini_contract.codegen.load import SchemaProblem
    from gemini_contract.codegen.pipeline import generate_sources

    sources = generate_sources(schema, flavor, "gemini-contract generate --schema <file> --out <dir>")
    assert not isinstance(sources, SchemaProblem), str(sources)
    out.mkdir()
    (out / "models.py").write_text(sources["models.py"])
    return import_file(out / "models.py", f"response_models_{flavor}")


def test_self_contained_schema_has_only_local_refs() -> None:
    text = json.dumps(self_contained("response"))
    assert '"$ref": "https' not in text
    schema = self_contained("response")
    assert {"Content", "Part", "GenerateContentResponse"} <= set(schema["$defs"])
    assert "GenerateContentRequest" not in schema["$defs"]  # only what the response reaches


def test_dataclasses_round_trip(schema_file: Path, tmp_path: Path) -> None:
    models = _generate(schema_file, "dataclasses", tmp_path / "dc")
    for cls, doc in _documents():
        assert getattr(models, cls).from_dict(doc).to_dict() == doc


def test_pydantic_round_trip(schema_file: Path, tmp_path: Path) -> None:
    pytest.importorskip("datamodel_code_generator")
    models = _generate(schema_file, "pydantic", tmp_path / "pd")
    for cls, doc in _documents():
        dumped = (
            getattr(models, cls).model_validate(doc).model_dump(by_alias=True, exclude_none=True, mode="json")
        )
        assert dumped == doc


def test_msgspec_round_trip(schema_file: Path, tmp_path: Path) -> None:
    import msgspec  # a dev dependency: this runs in CI, never skips

    pytest.importorskip("datamodel_code_generator")
    models = _generate(schema_file, "msgspec", tmp_path / "ms")
    for cls, doc in _documents():
        assert msgspec.to_builtins(msgspec.convert(doc, getattr(models, cls))) == doc
