"""`generate` and `check` end to end (in-process through the CLI's main), for this repo and for another one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from codegen.support import SCHEMAS
from gemini_contract.cli.main import main

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "schema" / "generate_content_request.schema.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_of_this_repo_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check")
    assert (code, out) == (0, ""), err
    assert "up to date" in err


def test_touching_a_description_makes_check_fail_with_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = tmp_path / "contract.schema.json"
    shutil.copy(BUNDLED, schema)
    out_dir = tmp_path / "models"
    assert run(capsys, "generate", "--schema", str(schema), "--out", str(out_dir))[0] == 0
    assert run(capsys, "check", "--schema", str(schema), "--out", str(out_dir))[0] == 0

    document = json.loads(schema.read_text(encoding="utf-8"))
    document["$defs"]["Blob"]["description"] = "A touched description."
    schema.write_text(json.dumps(document, indent=2), encoding="utf-8")
    code, out, err = run(capsys, "check", "--schema", str(schema), "--out", str(out_dir))
    assert code == 1
    assert '+    """A touched description."""' in out
    assert out.startswith("--- ")
    assert f"gemini-contract generate --schema {schema} --out {out_dir}" in err

    assert run(capsys, "generate", "--schema", str(schema), "--out", str(out_dir))[0] == 0
    assert run(capsys, "check", "--schema", str(schema), "--out", str(out_dir))[0] == 0


def test_missing_and_extra_files_are_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = SCHEMAS / "nested.json"
    args = ("--schema", str(schema), "--out", str(tmp_path))
    assert run(capsys, "generate", *args)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["__init__.py", "models.py"]

    (tmp_path / "models.py").unlink()
    code, out, err = run(capsys, "check", *args)
    assert code == 1
    assert "models.py missing" in err

    run(capsys, "generate", *args)
    stale = tmp_path / "old_models.py"
    stale.write_text((tmp_path / "models.py").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "user_code.py").write_text("# not generated\n", encoding="utf-8")
    code, out, err = run(capsys, "check", *args)
    assert code == 1
    assert "old_models.py extra" in err
    assert "user_code.py" not in err  # files without the generated marker are the user's

    code, out, _ = run(capsys, "generate", *args)
    assert code == 0
    assert f"removed {stale}" in out
    assert not stale.exists()
    assert (tmp_path / "user_code.py").exists()


def test_generate_leaves_unchanged_files_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--schema", str(SCHEMAS / "maps.json"), "--out", str(tmp_path))
    run(capsys, "generate", *args)
    before = (tmp_path / "models.py").stat().st_mtime_ns
    code, out, err = run(capsys, "generate", *args)
    assert (code, out) == (0, "")
    assert "up to date" in err
    assert (tmp_path / "models.py").stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("generate", "--schema", "nope.json", "--out", "x"), "cannot read the schema"),
        (("check", "--schema", str(SCHEMAS / "maps.json")), "need --out"),
        (("generate", "--flavor", "pydantic"), "need --out"),
        (("generate", "--flavor", "attrs", "--out", "x"), "Invalid value"),
    ],
)
def test_usage_and_input_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert not (Path.cwd() / "x").exists()


@pytest.mark.parametrize(
    ("document", "pointer", "message"),
    [
        ("{", None, "not JSON"),
        ("[]", None, "must be a JSON object"),
        ('{"type": 12}', "/type", "not a valid draft 2020-12 schema"),
        ('{"$ref": "#/$defs/A", "$defs": {"A": {"type": "object", "properties": {"x": {"type": ["string", "null"]}}, '
         '"additionalProperties": false}}}', "/$defs/A/properties/x/type", "list of types"),
        ('{"$ref": "other.json#/A"}', "/$ref", "only local"),
        ('{"$ref": "#/$defs/A", "$defs": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}',
         "/$defs/A", "additionalProperties: false"),
        ('{"$ref": "#/$defs/A", "$defs": {"A": {"type": "object", "additionalProperties": false, '
         '"properties": {"x": {"type": "string", "pattern": "\\\\p{L}"}}}}}', "/$defs/A/properties/x/pattern",
         "not a Python regular expression"),
    ],
)  # fmt: skip
def test_bad_schemas_are_reported_with_their_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str, pointer: str | None, message: str
) -> None:
    schema = tmp_path / "bad.json"
    schema.write_text(document, encoding="utf-8")
    code, _, err = run(capsys, "generate", "--schema", str(schema), "--out", str(tmp_path / "out"))
    assert code == 2
    assert message in err
    if pointer is not None:
        assert f" at {pointer}:" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.parametrize("flavor", ["pydantic", "msgspec"])
def test_other_flavors_come_from_datamodel_code_generator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flavor: str
) -> None:
    args = ("--schema", str(SCHEMAS / "nested.json"), "--out", str(tmp_path), "--flavor", flavor)
    assert run(capsys, "generate", *args)[0] == 0
    source = (tmp_path / "models.py").read_text(encoding="utf-8")
    assert source.startswith("# Generated by gemini-contract from nested.json")
    assert f"--flavor {flavor}" in source.splitlines()[2]
    assert ("BaseModel" if flavor == "pydantic" else "msgspec.Struct") in source or "Struct" in source
    assert "generated by datamodel-codegen" not in source
    assert run(capsys, "check", *args)[0] == 0


def test_command_modules_import_no_generator_dependencies() -> None:
    """Listing or running `lint` loads cli.codegen's module only lazily, and even then no jinja2/dcg/ruff."""
    import subprocess
    import sys

    script = (
        "import sys; import gemini_contract.cli.codegen, gemini_contract.cli.main; "
        "print(sorted(m for m in ('jinja2', 'datamodel_code_generator', 'ruff', 'jsonschema', 'pydantic') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
