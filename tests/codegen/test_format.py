"""Issue 14, item 5: the dataclasses flavor generates without ruff, and `check` gives one verdict whether
ruff is installed or not (and whichever compatible ruff it is)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from gemini_contract.codegen import format as fmt
from gemini_contract.codegen.load import SchemaProblem
from gemini_contract.codegen.pipeline import generate_sources
from gemini_contract.codegen.write import compare, write

from codegen.support import FEATURES, GOLDEN, SCHEMAS, generate_models

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema" / "generate_content_request.schema.json"


@pytest.fixture
def no_ruff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "installed_ruff", lambda: None)


def test_generate_needs_no_ruff_and_check_agrees(no_ruff: None, tmp_path: Path) -> None:
    sources = generate_sources(SCHEMA, "dataclasses", "gemini-contract generate")
    assert not isinstance(sources, SchemaProblem)
    assert not compare(REPO / "generated", sources)  # the committed, ruff-formatted files are up to date
    assert write(REPO / "generated", sources) == []  # and generate leaves them alone, byte for byte
    write(tmp_path, sources)
    assert (tmp_path / "models.py").read_text(encoding="utf-8") == sources["models.py"]


@pytest.mark.parametrize("feature", FEATURES)
def test_the_builtin_layout_is_the_same_code_as_ruffs(no_ruff: None, feature: str) -> None:
    builtin = generate_models(SCHEMAS / f"{feature}.json")
    golden = (GOLDEN / f"{feature}.py").read_text(encoding="utf-8")
    assert builtin != golden
    assert fmt.same_code(builtin, golden)
    assert fmt.builtin_layout(builtin) == builtin  # deterministic: a fixed point


def test_same_code_sees_every_change_but_layout() -> None:
    source = 'X = {"a": 1}  # why\n\n\ndef f() -> None:\n    """Doc."""\n'
    assert fmt.same_code(source, 'X = {\n    "a": 1,\n}  # why\n\n\ndef f() -> None:\n    """Doc."""\n')
    assert not fmt.same_code(source, source.replace('"a": 1', '"a": 2'))
    assert not fmt.same_code(source, source.replace("# why", "# what"))
    assert not fmt.same_code(source, source.replace("Doc.", "Docs."))
    assert not fmt.same_code(source, "def (")


@pytest.mark.parametrize(
    ("version", "usable"),
    [(None, False), ("0.5.9", False), ("0.6.0", True), ("0.17.6", True), ("0.99.1", True), ("1.0.0", False)],
)
def test_any_ruff_in_the_compatible_range_is_used(version: str | None, usable: bool) -> None:
    assert fmt.usable_ruff(version) is usable


def _pins() -> dict[str, str]:
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("==") for line in lines if line and not line.startswith("#"))


def test_generated_is_formatted_by_the_pinned_ruff() -> None:
    if fmt.installed_ruff() != _pins()["ruff"]:
        pytest.skip("byte-exact layout needs the ruff of constraints.txt")
    sources = generate_sources(SCHEMA, "dataclasses", "gemini-contract generate")
    assert not isinstance(sources, SchemaProblem)
    for name, text in sources.items():
        assert (REPO / "generated" / name).read_text(encoding="utf-8") == text


def test_every_dependency_is_a_range_and_the_pins_are_in_constraints() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    requirements += [r for extra in project["optional-dependencies"].values() for r in extra]
    assert [r for r in requirements if "==" in r.split(";")[0]] == []  # a marker may compare with ==
    named = {re.split(r"[<>=!~; \[]", r, maxsplit=1)[0] for r in requirements}
    assert set(_pins()) <= named
    assert "-c constraints.txt" in (REPO / "scripts" / "test.sh").read_text(encoding="utf-8")
