"""Reports (#13): rules RULE, SARIF help/end positions/fixes, --quiet in every format, --color, a file named
twice checked once, findings never on the progress line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gemini_contract.cli.main import main

SNAKE = '{"contents": [{"parts": [{"text": "x"}]}], "generation_config": {"top_k": 3}, "max_tokens": 5}\n'


@pytest.mark.parametrize("name", ["GC204", "gc204", "bad-enum-value"])
def test_rules_explains_one_rule(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", name]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GC204 bad-enum-value\n")
    for words in ("Why", "Bad", "https://"):
        assert words in out


def test_rules_refuses_an_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "GC999"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_sarif_has_help_end_positions_hint_and_fixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.json"
    path.write_text(SNAKE)
    assert main(["lint", "--format", "sarif", str(path)]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["GC201"]["fullDescription"]["text"]
    assert "## Why" in rules["GC201"]["help"]["markdown"]
    assert rules["GC201"]["helpUri"].startswith("https://")
    snake = next(r for r in run["results"] if r["ruleId"] == "GC101")
    region = snake["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 44, 63)
    replacement = snake["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == '"generationConfig"'
    unknown = next(r for r in run["results"] if r["ruleId"] == "GC201")
    assert unknown["message"]["text"].endswith("(move it into generationConfig as maxOutputTokens)")


@pytest.mark.parametrize("output_format", ["json", "sarif", "github", "text"])
def test_quiet_means_the_same_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    path = tmp_path / "a.json"
    path.write_text(SNAKE)
    main(["lint", "--quiet", "--format", output_format, str(path)])
    out = capsys.readouterr().out
    if output_format == "sarif":  # every rule is described; the results are what --quiet filters
        out = json.dumps(json.loads(out)["runs"][0]["results"])
    assert "GC201" in out
    assert "GC101" not in out  # info, below --fail-on error


def test_json_summary_counts_findings_by_severity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    path.write_text(SNAKE)
    main(["lint", "--format", "json", str(path)])
    assert json.loads(capsys.readouterr().out)["summary"]["findings"] == {"error": 1, "warning": 0, "info": 2}


def test_a_file_named_twice_is_checked_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.json").write_text(SNAKE)
    Path("b.json").write_text(SNAKE)  # same text, another file: checked
    Path("link.json").symlink_to("a.json")
    args = ["a.json", "./a.json", str(tmp_path / "a.json"), "link.json", "b.json", "gone.json", "./gone.json"]
    main(["lint", "--format", "json", *args])
    paths = [entry["path"] for entry in json.loads(capsys.readouterr().out)["files"]]
    assert paths == ["a.json", "b.json", "gone.json"]


def test_color_can_be_forced_and_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    path.write_text(SNAKE)
    main(["lint", "--color", str(path)])
    assert "\x1b[" in capsys.readouterr().out
    main(["lint", "--no-color", str(path)])
    assert "\x1b[" not in capsys.readouterr().out


def test_progress_is_cleared_before_findings_are_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stdout and stderr on one terminal: the progress line is wiped before each file's findings."""
    from gemini_contract.lint import progress as progress_module

    terminal = io.StringIO()
    monkeypatch.setattr(progress_module, "_is_tty", lambda stream: True)
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(progress_module.time, "monotonic", iter(range(1000, 100000)).__next__)
    for index in range(40):
        (tmp_path / f"r{index:02}.json").write_text(SNAKE if index % 10 == 0 else '{"contents": []}')
    main(["lint", "-j", "1", str(tmp_path)])
    lines = [line for line in terminal.getvalue().split("\n") if ": GC" in line]
    assert lines
    for line in lines:  # what a terminal shows: the text after the last carriage return
        shown, _, erased = line.rpartition("\r")[::-1]
        assert shown.startswith(str(tmp_path)), line
        assert not erased or erased.rpartition("\r")[2].strip() == "", line
