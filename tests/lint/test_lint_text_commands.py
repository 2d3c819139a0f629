"""The text format never prints a line a GitHub Actions runner would obey as a workflow command, whatever the
file's name or the content a message quotes (issue 18, item 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gemini_contract.validator.findings import Finding, Severity

from gemini_contract.cli.main import main
from gemini_contract.lint.model import FileResult, Located, Status
from gemini_contract.reporters.text import render_file

NAMES = [
    "::warning file=README.md,line=1::x.json",
    "::stop-commands::token.json",
    "  ::error::indented.json",
    "\u00a0::notice::nbsp.json",
    "a##[warning]b.json",
]
BAD = '{"contents":[{"role":"assistant","parts":[{"text":"x"}]}],"##[error]k":1}'


def _is_command(line: str) -> bool:
    """The runner's two parsers: `::` after leading whitespace (v2), `##[` anywhere (v1)."""
    return line.lstrip().startswith("::") or "##[" in line


@pytest.mark.parametrize("color", [False, True])
def test_no_line_is_a_workflow_command(color: bool) -> None:
    finding = Finding("GC201", Severity.ERROR, "/##[error]k", 1, 2, "unknown field '##[error]k'", "##[x]")
    for name in NAMES:
        text = render_file(FileResult(name, Status.INVALID, (Located(finding),)), color=color)
        (line,) = text.splitlines()
        assert not _is_command(line), line
    (plain,) = render_file(FileResult(NAMES[0], Status.INVALID, (Located(finding),))).splitlines()
    assert plain.startswith("./::warning file=README.md,line=1::x.json:1:2: GC201 error:")


def test_a_real_run_over_hostile_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in NAMES:
        (tmp_path / name).write_text(BAD)
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "."]) == 1  # a walk of "." reports names without "./"
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= len(NAMES)
    assert not [line for line in lines if _is_command(line)]
    assert main(["lint", "--format", "github", "."]) == 1  # the github format's own lines are commands
    assert all(line.startswith("::error file=") for line in capsys.readouterr().out.splitlines())
