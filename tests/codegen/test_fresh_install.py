"""Issue 14, item 5: in a fresh virtualenv, `pip install gemini-contract` (no extras: no ruff, no
datamodel-code-generator) is enough to generate dataclasses and use them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("schema", "codegen", "generated", "validator", "src")

USE = """
import sys
sys.path.insert(0, sys.argv[1])
import importlib.util
for name in ("ruff", "datamodel_code_generator"):
    assert importlib.util.find_spec(name) is None, name + " is installed"
from pkg.models import Content, GenerateContentRequest, Part
body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generation_config": {"top_k": 3}}
request = GenerateContentRequest.from_dict(body)
assert request.to_dict()["generationConfig"] == {"topK": 3}, request
assert Content(role="user", parts=[Part(text="hi")]).to_dict() == {"role": "user", "parts": [{"text": "hi"}]}
from other.models import Outer
assert Outer.from_dict({"inner": {"name": "a"}}).to_dict() == {"inner": {"name": "a"}}
print("ok")
"""


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHON"))}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900)


@pytest.mark.slow
def test_a_fresh_install_without_extras_generates_and_imports(tmp_path: Path) -> None:
    # Install from a copy: building in the repository would write build/ and *.egg-info beside the
    # editable install.
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in SOURCES:
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    python, cli = venv / "bin" / "python", venv / "bin" / "gemini-contract"
    installed = _run([str(python), "-m", "pip", "install", "--quiet", str(source)], tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    work = tmp_path / "work"
    work.mkdir()
    made = _run([str(cli), "generate", "--out", "pkg"], work)
    assert made.returncode == 0, made.stderr
    schema = REPO / "tests" / "codegen" / "schemas" / "nested.json"
    other = _run([str(cli), "generate", "--schema", str(schema), "--out", "other"], work)
    assert other.returncode == 0, other.stderr
    checked = _run([str(cli), "check", "--out", "pkg"], work)
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr
    used = _run([str(python), "-c", USE, str(work)], work)
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip() == "ok"
