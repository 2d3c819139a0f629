"""The README's quick start shows what the shipped invalid example really gives (lines and exit code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gemini_contract.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def test_quick_start_output_is_current(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```text\n\$ \.venv/bin/gemini-contract lint (\S+)\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    path, shown = block.group(1), block.group(2)
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["lint", path]) == 1
    captured = capsys.readouterr()
    assert captured.out + captured.err == shown
