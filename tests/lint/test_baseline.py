"""Incremental adoption: --write-baseline / --baseline keyed by file, rule and pointer (not line), and negative
fixtures (a body with a .expect.json sidecar) that pass only when their expected finding appears."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gemini_contract.cli.main import main

BAD = '{"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {"topk": 1}}\n'


def test_baseline_reports_only_new_findings_and_survives_line_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.json").write_text(BAD)
    assert main(["lint", "--write-baseline", "baseline.json", "a.json"]) == 0
    entries = json.loads(Path("baseline.json").read_text())["findings"]
    assert entries == [{"file": "a.json", "rule": "GC201", "pointer": "/generationConfig/topk"}]
    assert main(["lint", "--baseline", "baseline.json", "a.json"]) == 0
    Path("a.json").write_text("\n\n" + BAD.replace('"x"', '"x", "oops": 1'))  # moved down, one new finding
    capsys.readouterr()
    assert main(["lint", "--format", "json", "--baseline", "baseline.json", "a.json"]) == 1
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [(f["rule"], f["pointer"]) for f in findings] == [("GC201", "/contents/0/parts/0/oops")]


def test_baseline_from_the_config_and_from_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "req").mkdir()
    (tmp_path / "req" / "a.json").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--write-baseline", "known.json", "req"]) == 0
    (tmp_path / "gemini-contract.toml").write_text('baseline = "known.json"\n')
    monkeypatch.chdir(tmp_path / "req")
    assert main(["lint", "a.json"]) == 0


def test_unreadable_baseline_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text(BAD)
    assert main(["lint", "--baseline", str(tmp_path / "nope.json"), str(tmp_path / "a.json")]) == 2
    assert "--baseline" in capsys.readouterr().err


def test_negative_fixture_passes_with_its_finding_and_fails_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "invalid-0001.json"
    (tmp_path / "invalid-0001.expect.json").write_text(
        '{"rule": "GC201", "pointer": "/generationConfig/topk"}'
    )
    body.write_text(BAD)
    assert main(["lint", str(tmp_path)]) == 0
    body.write_text('{"contents": [{"parts": [{"text": "x"}]}]}\n')  # the mistake was "fixed"
    capsys.readouterr()
    assert main(["lint", str(tmp_path)]) == 1
    assert "GC902 error: expected GC201 at /generationConfig/topk" in capsys.readouterr().out
