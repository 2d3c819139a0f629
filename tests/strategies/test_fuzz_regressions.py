"""Replay every input the fuzzer saved (fuzz/regressions/) through the fuzz target's invariant, and the seeds'
sources too: the corpus and the non-strict raw bodies. A crash once found stays a test."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
REGRESSIONS = REPO / "fuzz" / "regressions"
# Crashes found by fuzz/run.sh that the validator does not handle yet: file name -> what fails. (Empty: the
# four saved so far, jsonschema-rs' recursion limit and non-ASCII base64, were fixed in 358af90.)
KNOWN: dict[str, str] = {}


def load_target() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_validate", REPO / "fuzz" / "fuzz_validate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TARGET = load_target()
FILES = sorted(p for p in REGRESSIONS.iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN[p.name])) if p.name in KNOWN else p
        for p in FILES
    ],
    ids=[p.name for p in FILES],
)
def test_saved_fuzz_inputs_do_not_crash(path: Path) -> None:
    TARGET.check(path.read_bytes())


def test_corpus_bodies_satisfy_the_fuzz_invariant() -> None:
    corpus = REPO / "tests" / "fixtures" / "corpus"
    for path in sorted(corpus.glob("*/*.json")):
        TARGET.check(path.read_bytes())
    for sample in json.loads((corpus / "index.json").read_text(encoding="utf-8"))["samples"]:
        if "raw_body_text" in sample:
            TARGET.check(sample["raw_body_text"].encode("utf-8"))


def test_known_crashes_are_files() -> None:
    assert set(KNOWN) <= {p.name for p in FILES}
