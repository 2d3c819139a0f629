"""`lint --model`: the model rules of the model the requests are for; a model a reader found in the host file
(its URL) wins over it, and a body's own `model` member applies where neither names one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gemini_contract.cli.main import main
from gemini_contract.lint.settings import LintSettings, Source, command_line_label

PENALTY = {
    "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
    "generationConfig": {"presencePenalty": 0.5},
}


def _rules(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple[str, str]]]:
    code = main(["lint", "--format", "json", *args])
    report = json.loads(capsys.readouterr().out)
    return code, [(f["rule"], f["severity"]) for file in report["files"] for f in file["findings"]]


def test_model_rules_apply_with_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "req.json"
    path.write_text(json.dumps(PENALTY))
    assert _rules(capsys, str(path)) == (0, [])
    assert _rules(capsys, "--model", "gemini-2.5-flash", str(path)) == (1, [("GC407", "error")])
    assert _rules(capsys, "--model", "models/gemini-2.0-flash", str(path)) == (0, [("GC402", "warning")])
    assert _rules(capsys, "--model", "tunedModels/mine", str(path)) == (0, [("GC400", "info")])


def test_a_batch_file_with_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"key": "a", "request": PENALTY}) + "\n" + json.dumps(PENALTY) + "\n")
    code, found = _rules(capsys, "--model", "gemini-2.5-pro", str(path))
    assert (code, found) == (1, [("GC407", "error"), ("GC407", "error")])


def test_a_body_that_names_its_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The body's `model` member applies where no model is given (the URL's, or --model, wins: the server
    # binds the model from the path).
    path = tmp_path / "req.json"
    path.write_text(json.dumps({**PENALTY, "model": "models/gemini-2.0-flash"}))
    assert sorted(_rules(capsys, str(path))[1]) == [("GC301", "warning"), ("GC402", "warning")]
    found = sorted(_rules(capsys, "--model", "gemini-2.5-flash", str(path))[1])
    assert found == [("GC301", "warning"), ("GC407", "error")]


def test_model_is_a_setting() -> None:
    typed = Source("command line", {"model": "gemini-2.5-flash"}, command_line_label)
    assert LintSettings.from_sources(typed).model == "gemini-2.5-flash"
