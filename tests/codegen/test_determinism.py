"""Generation is a pure function of the schema: byte-identical across runs, hash seeds and processes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.support import SCHEMAS

REPO = Path(__file__).resolve().parents[2]
# Prints the sha256 of every generated file for the bundled schema and two feature schemas.
SCRIPT = """
import hashlib, sys
from pathlib import Path
from gemini_contract.codegen.pipeline import generate_sources
from gemini_contract.schema import schema_path
for schema in [schema_path(), *map(Path, sys.argv[1:])]:
    for name, text in sorted(generate_sources(schema, "dataclasses", "gemini-contract generate").items()):
        print(schema.name, name, hashlib.sha256(text.encode()).hexdigest())
"""


def _digests(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    args = [str(SCHEMAS / "keywords.json"), str(SCHEMAS / "oneof.json")]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, check=True, env=env, cwd=REPO
    )
    return result.stdout


@pytest.mark.slow
def test_byte_identical_across_processes_and_hash_seeds() -> None:
    first, second = _digests("0"), _digests("4242")
    assert first == second
    assert len(first.splitlines()) == 6


def test_byte_identical_across_runs_in_one_process() -> None:
    from gemini_contract.codegen.pipeline import generate_sources
    from gemini_contract.schema import schema_path

    runs = [generate_sources(schema_path(), "dataclasses", "gemini-contract generate") for _ in range(2)]
    assert runs[0] == runs[1]
    assert isinstance(runs[0], dict)
    assert (
        hashlib.sha256(runs[0]["models.py"].encode()).hexdigest()
        == hashlib.sha256((REPO / "generated" / "models.py").read_bytes()).hexdigest()
    )
