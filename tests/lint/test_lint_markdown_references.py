"""Markdown curls whose body is in another file (`-d @body.json`, issue 15): the file is checked once, with the
model of the curl's URL, and reported under its own path; what cannot be followed is said at the `@`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from gemini_contract.cli.main import main
from gemini_contract.lint.markdown import MARKDOWN
from gemini_contract.lint.units import Reference

URL = "https://generativelanguage.googleapis.com/v1beta/models"
# gemma takes no systemInstruction (GC408): a finding only the curl's model gives.
SYSTEM = '{"systemInstruction": {"parts": [{"text": "x"}]}, "contents": [{"role": "user", "parts": [{"text": "hi"}]}]}'


def _markdown(*commands: str) -> str:
    return "# Calls\n\n```sh\n" + "\n".join(commands) + "\n```\n"


def _lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["lint", "--isolated", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)["files"]


def _at(command: str) -> int:
    """The column of a command's `@` (the URLs have none)."""
    return command.index("@") + 1


def _found(file: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["rule"], f["line"], f["column"]) for f in file["findings"]]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "requests").mkdir()
    (tmp_path / "requests" / "system.json").write_text(SYSTEM, encoding="utf-8")
    return tmp_path


def test_every_data_file_form_is_a_reference_with_the_url_s_model() -> None:
    commands = [
        f"curl {URL}/gemma-3-27b-it:generateContent -H 'Content-Type: application/json' -d @a.json",
        f"curl {URL}/gemini-2.5-pro:streamGenerateContent --data @b.json",
        f'curl {URL}/$MODEL_ID:generateContent --data-binary "@../c.json"',
        f"curl {URL}/gemini-2.5-flash:generateContent --json=@d.json",
        f"curl {URL}/gemini-2.5-flash:generateContent -d@e.json",
        f"curl {URL}/gemini-2.5-flash:countTokens -d @f.json",  # not a generateContent call
        f"curl {URL}/gemini-2.5-flash:generateContent --data-raw '@g.json'",  # sends the text `@g.json`
    ]
    found = list(MARKDOWN.references(_markdown(*commands).encode()))
    assert found == [
        Reference("a.json", "models/gemma-3-27b-it", 4, _at(commands[0])),
        Reference("b.json", "models/gemini-2.5-pro", 5, _at(commands[1])),
        Reference("../c.json", None, 6, _at(commands[2])),
        Reference("d.json", "models/gemini-2.5-flash", 7, _at(commands[3])),
        Reference("e.json", "models/gemini-2.5-flash", 8, _at(commands[4])),
    ]


def test_the_referenced_file_is_checked_with_the_curl_s_model(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = f"curl {URL}/gemma-3-27b-it:generateContent -d @../requests/system.json"
    (repo / "docs" / "calls.md").write_text(_markdown(command), encoding="utf-8")
    code, files = _lint(capsys, "--model", "gemini-2.5-pro", "docs/calls.md")
    assert code == 1
    assert [f["path"] for f in files] == ["docs/calls.md", "requests/system.json"]
    assert _found(files[0]) == []
    assert _found(files[1]) == [("GC408", 1, 2)]  # gemma's rule, not --model's
    assert files[1]["findings"][0]["referenced_by"] == {
        "path": "docs/calls.md",
        "line": 4,
        "column": _at(command),
    }


def test_a_file_also_linted_directly_is_checked_once_in_its_place_with_the_curl_s_model(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = f"curl {URL}/gemma-3-27b-it:generateContent -d @../requests/system.json"
    (repo / "docs" / "calls.md").write_text(_markdown(command, command), encoding="utf-8")
    for order in (["requests", "docs"], ["docs", "requests/system.json"]):
        code, files = _lint(capsys, "--model", "gemini-2.5-pro", *order)
        assert code == 1
        paths = [f["path"] for f in files]
        assert sorted(paths) == ["docs/calls.md", "requests/system.json"], order  # once, though named twice
        assert _found(files[paths.index("requests/system.json")]) == [("GC408", 1, 2)]


def test_the_first_curl_s_model_wins(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = f"curl {URL}/gemini-2.5-pro:generateContent -d @../requests/system.json"
    second = f"curl {URL}/gemma-3-27b-it:generateContent -d @../requests/system.json"
    (repo / "docs" / "calls.md").write_text(_markdown(first, second), encoding="utf-8")
    code, files = _lint(capsys, "docs")
    assert code == 0
    assert [(f["path"], _found(f)) for f in files] == [("docs/calls.md", []), ("requests/system.json", [])]


def test_a_missing_file_is_an_io_error_at_the_curl(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = f"curl {URL}/gemma-3-27b-it:generateContent -d @missing.json"
    (repo / "docs" / "calls.md").write_text(_markdown(command), encoding="utf-8")
    code, files = _lint(capsys, "docs/calls.md")
    assert code == 2  # a body it sends could not be checked
    assert [(f["path"], f["status"], _found(f)) for f in files] == [
        ("docs/calls.md", "error", [("GC900", 4, _at(command))])
    ]
    assert "docs/missing.json" in files[0]["findings"][0]["message"]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("/etc/hosts", "absolute path"),
        ("~/body.json", "absolute path"),
        ("../../outside.json", "leaves the folder lint runs in"),
        ("$BODY", "shell variable"),
        ("-", "standard input"),
    ],
)
def test_what_is_not_followed_is_an_info_at_the_curl(
    repo: Path, capsys: pytest.CaptureFixture[str], written: str, reason: str
) -> None:
    (repo.parent / "outside.json").write_text(SYSTEM, encoding="utf-8")
    command = f"curl {URL}/gemma-3-27b-it:generateContent -d @{written}"
    (repo / "docs" / "calls.md").write_text(_markdown(command), encoding="utf-8")
    code, files = _lint(capsys, "docs/calls.md")
    assert code == 0
    assert [(f["path"], _found(f)) for f in files] == [("docs/calls.md", [("GC903", 4, _at(command))])]
    assert reason in files[0]["findings"][0]["message"]


def test_markdown_on_standard_input_follows_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    command = f"curl {URL}/gemma-3-27b-it:generateContent -d @../requests/system.json"
    text = _markdown(command)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, files = _lint(capsys, "--stdin-filename", "docs/calls.md", "-")
    assert code == 0
    assert [(f["path"], _found(f)) for f in files] == [("docs/calls.md", [("GC903", 4, _at(command))])]
    assert "standard input" in files[0]["findings"][0]["message"]


SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "sarif-schema-2.1.0.json"


def test_every_format_says_which_markdown_curl_sends_the_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The file's own position is where to fix it; the curl's is why it was checked (and with which model).
    command = f"curl {URL}/gemma-3-27b-it:generateContent -d @../requests/system.json"
    (repo / "docs" / "calls.md").write_text(_markdown(command), encoding="utf-8")
    at = f"docs/calls.md:4:{_at(command)}"
    assert main(["lint", "--isolated", "--no-color", "docs/calls.md"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith("requests/system.json:1:2: GC408 error: ")
    assert out[0].endswith(f" [sent by {at}]")
    assert main(["lint", "--isolated", "--format", "github", "docs/calls.md"]) == 1
    (annotation,) = capsys.readouterr().out.splitlines()
    assert annotation.startswith("::error file=requests/system.json,line=1,col=2,title=GC408::")
    assert annotation.endswith(f" [sent by {at}]")
    assert main(["lint", "--isolated", "--format", "sarif", "docs/calls.md"]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "requests/system.json"
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"] == {
        "artifactLocation": {"uri": "docs/calls.md"},
        "region": {"startLine": 4, "startColumn": _at(command)},
    }


def test_a_file_named_on_the_command_line_only_has_no_sent_by(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["lint", "--isolated", "--no-color", "--model", "gemma-3-27b-it", "requests/system.json"]) == 1
    )
    assert "sent by" not in capsys.readouterr().out
