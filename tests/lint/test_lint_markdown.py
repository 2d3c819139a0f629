"""The Markdown reader: curl commands to a Gemini URL and JSON blocks right after such a URL, each checked at
its place in the file with the URL's model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gemini_contract.cli.main import main
from gemini_contract.lint.markdown import bodies

FILE = Path(__file__).parent / "requests.md"


def test_bodies_and_their_models() -> None:
    found = [
        (b.line.name, b.body is not None, b.body_at[0]) for b in bodies(FILE.read_text(encoding="utf-8"))
    ]
    assert found == [
        ("models/gemini-3-flash-preview", True, 8),
        ("models/$MODEL_ID", True, 17),
        ("models/", True, 18),
        ("models/gemma-3-27b-it", True, 24),
    ]


def test_lint_a_markdown_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", "--format", "json", str(FILE)])
    report = json.loads(capsys.readouterr().out)
    found = [(f["rule"], f["severity"], f["line"], f["column"]) for f in report["files"][0]["findings"]]
    assert code == 1
    assert found == [
        ("GC329", "error", 10, 44),  # gemini-3-flash-preview: one candidate
        ("GC329", "info", 17, 176),  # $MODEL_ID: any model, the generic info
        ("GC419", "error", 18, 6),  # models/: no model
        ("GC408", "error", 24, 2),  # the JSON block after a v1 gemma URL
    ]


def test_this_repository_s_markdown_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    repo = Path(__file__).resolve().parents[2]
    assert main(["lint", "--quiet", str(repo / "README.md"), str(repo / "docs")]) == 0
    capsys.readouterr()
