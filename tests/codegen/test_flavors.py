"""Issue 14, item 4: flavors that agree. Same class names in every flavor, a TypedDict flavor, `check`
that regenerates what the folder holds (flavor read from its header), `--quiet`/`--stat`, and clear
refusals (`--out x.py`, a schema outside the supported subset)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest
from gemini_contract.codegen.build import build_module
from gemini_contract.codegen.emit import read_header
from gemini_contract.codegen.load import SchemaProblem, load_schema_file
from gemini_contract.codegen.pipeline import generate_sources

from codegen.support import SCHEMAS, import_file
from gemini_contract.cli.main import main

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "schema" / "generate_content_request.schema.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _class_names(source: str) -> set[str]:
    """Classes, and the named aliases a flavor writes instead (TypedDict: `Name: TypeAlias = Literal[...]`
    for an enum; msgspec: a union of Structs for a oneOf)."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


@pytest.mark.parametrize("flavor", ["pydantic", "msgspec", "typeddict"])
def test_every_flavor_has_our_class_names(flavor: str) -> None:
    module = build_module(load_schema_file(BUNDLED))  # type: ignore[arg-type]
    assert not isinstance(module, SchemaProblem)
    ours = {c.name for c in module.classes} | {e.name for e in module.enums}
    sources = generate_sources(BUNDLED, flavor, "x")  # type: ignore[arg-type]
    assert not isinstance(sources, SchemaProblem)
    theirs = _class_names(sources["models.py"])
    assert ours <= theirs, sorted(ours - theirs)
    assert "ContentRole" in theirs  # an inline enum, named as the dataclasses flavor names it
    # What they add are datamodel-code-generator's one model per oneOf branch (Part1...) only.
    assert all(name.rstrip("0123456789") in ours for name in theirs - ours)


def test_the_typeddict_flavor_imports_and_types_dicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "generate",
        "--schema",
        str(SCHEMAS / "nested.json"),
        "--out",
        str(tmp_path / "td"),
        "--flavor",
        "typeddict",
    )
    assert code == 0, err
    spec = importlib.util.spec_from_file_location("td_models", tmp_path / "td" / "models.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["td_models"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["td_models"]
    outer = module.Outer
    assert getattr(outer, "__annotations__", None)
    assert type(outer).__name__ == "_TypedDictMeta"
    body: dict[str, object] = outer(inner={"name": "a"})
    assert body == {"inner": {"name": "a"}}


def test_check_and_generate_keep_the_flavor_recorded_in_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "models"
    assert run(capsys, "generate", "--out", str(folder), "--flavor", "pydantic")[0] == 0
    recorded = read_header((folder / "models.py").read_text(encoding="utf-8"))
    assert recorded is not None
    assert recorded.flavor == "pydantic"
    code, out, err = run(capsys, "check", "--out", str(folder))
    assert (code, out) == (0, ""), err
    before = (folder / "models.py").read_text(encoding="utf-8")
    assert run(capsys, "generate", "--out", str(folder))[0] == 0  # regenerates the same flavor
    assert (folder / "models.py").read_text(encoding="utf-8") == before


def test_check_asks_for_the_schema_a_folder_was_generated_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "models"
    assert run(capsys, "generate", "--schema", str(SCHEMAS / "nested.json"), "--out", str(folder))[0] == 0
    code, _, err = run(capsys, "check", "--out", str(folder))
    assert code == 2
    assert "generated from nested.json with --schema" in err
    assert run(capsys, "check", "--schema", str(SCHEMAS / "nested.json"), "--out", str(folder))[0] == 0


def test_check_quiet_and_stat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "models"
    schema = SCHEMAS / "nested.json"
    assert run(capsys, "generate", "--schema", str(schema), "--out", str(folder))[0] == 0
    assert run(capsys, "check", "--quiet", "--schema", str(schema), "--out", str(folder)) == (0, "", "")
    models = folder / "models.py"
    models.write_text(models.read_text(encoding="utf-8").replace('"""', '"""Edited. ', 1), encoding="utf-8")
    assert run(capsys, "check", "-q", "--schema", str(schema), "--out", str(folder)) == (1, "", "")
    code, out, _ = run(capsys, "check", "--stat", "--schema", str(schema), "--out", str(folder))
    assert code == 1
    assert out.splitlines() == [f"{models} | changed +1 -1"]


def test_out_naming_a_module_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "generate", "--out", str(tmp_path / "models.py"))
    assert code == 2
    assert "names a module" in err
    assert "--out " + str(tmp_path / "models") in err
    assert not (tmp_path / "models.py").exists()


def test_a_schema_outside_the_subset_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "open.json"
    schema.write_text('{"type": "object", "properties": {"a": {"type": "string"}}}', encoding="utf-8")
    code, _, err = run(capsys, "generate", "--schema", str(schema), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "at the root (pointer '')" in err
    assert "docs/models.md" in err


def test_msgspec_models_round_trip_every_canonical_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """msgspec cannot decode an untagged union of Structs, which is how datamodel-code-generator writes
    Part's oneOf: convert() raised TypeError for every request. The flavor writes Part as one Struct (the
    validator holds the one-of), and every canonical body of the examples and the corpus round-trips."""
    import json

    import msgspec

    from gemini_contract import validate

    code, _, err = run(capsys, "generate", "--out", str(tmp_path / "ms"), "--flavor", "msgspec")  # as a user
    assert code == 0, err
    request = import_file(tmp_path / "ms" / "models.py", "ms_request_models").GenerateContentRequest
    paths = sorted((REPO / "examples").glob("*.json")) + sorted(
        (REPO / "tests" / "fixtures" / "corpus" / "valid").glob("*.json")
    )
    canonical = [doc for doc in (json.loads(p.read_bytes()) for p in paths) if not validate(doc).findings]
    assert len(canonical) >= 40
    for doc in canonical:
        assert msgspec.to_builtins(msgspec.convert(doc, request)) == doc
