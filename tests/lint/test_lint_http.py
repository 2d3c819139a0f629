"""The .http / .rest reader: each request to a Gemini URL is checked at its place in the file, with the URL's
model; other requests are skipped, a wrong Gemini URL is reported at the URL, `{{variables}}` left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gemini_contract.cli.main import main
from gemini_contract.lint.http import requests

HERE = Path(__file__).parent
FILE = HERE / "requests.http"


def test_requests_are_split_and_placed() -> None:
    found = list(requests(FILE.read_text(encoding="utf-8")))
    assert [(r.line.name if r.line else None, r.url_line, r.body_line) for r in found] == [
        ("models/gemini-2.5-flash", 4, 7),
        (None, 14, 17),
        ("models/", 20, 23),
        ("models/{{model}}", 26, 29),
    ]
    assert found[3].body.endswith(b"}}")  # the response handler after it is not body


def test_lint_an_http_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", "--format", "json", str(FILE)])
    report = json.loads(capsys.readouterr().out)
    found = [(f["rule"], f["line"], f["column"]) for f in report["files"][0]["findings"]]
    assert code == 1
    assert found == [
        ("GC407", 9, 43),  # the URL's model: gemini-2.5-flash takes no penalties
        ("GC201", 9, 48),
        ("GC419", 20, 6),  # models/:streamGenerateContent, at the URL
        ("GC205", 29, 81),  # {{model}}: no model rules, the contract's still
    ]


def test_a_wrong_method_is_reported_and_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "embed.rest"
    path.write_text(
        "POST https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent\n\n"
        '{"content": {"parts": [{"text": "hi"}]}}\n'
    )
    code = main(["lint", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in report["files"][0]["findings"]] == [("GC420", 1)]


def test_an_http_file_without_gemini_calls_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.http"
    path.write_text("GET https://example.com/\n")
    assert main(["lint", "--format", "json", str(path)]) == 0
    capsys.readouterr()
