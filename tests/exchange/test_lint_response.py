"""`gemini-contract lint --kind response`: recorded responses, SSE streams and JSON-array streams, each chunk's
findings at the line and column of the file; and a response saved where a request is expected, recognised."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fixture_paths import FIXTURES

from gemini_contract.cli.main import main

RESPONSES = FIXTURES / "responses"


def lint_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["lint", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def _findings(report: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    return [
        (f["rule"], f["pointer"], f["line"], f["column"])
        for file in report["files"]
        for f in file["findings"]
    ]


def test_recorded_responses_streams_and_error_bodies_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = lint_json(capsys, "--kind", "response", str(RESPONSES))
    assert code == 0
    assert len(report["files"]) == 10  # the .sse stream is found by the folder walk too
    assert _findings(report) == []


def test_sse_chunks_are_located_by_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = tmp_path / "bad.sse"
    stream.write_bytes(
        b'data: {"candidates": [{"finishReason": "DONE"}]}\r\n\r\n: a comment\r\n'
        b'data:{"candidates": [{"index": -1}]}\r\n\r\n'
    )
    code, report = lint_json(capsys, "--kind", "response", str(stream))
    assert code == 1
    assert _findings(report) == [
        ("GC204", "/candidates/0/finishReason", 1, 40),
        ("GC205", "/candidates/0/index", 4, 32),  # no space after "data:" here
    ]


def test_json_array_stream_chunks_are_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stream = tmp_path / "stream.json"
    stream.write_text('[{"candidates": []},\n  {"responseId": 5}\n]\n')
    code, report = lint_json(capsys, "--kind", "response", str(stream))
    assert code == 1
    assert _findings(report) == [("GC203", "/responseId", 2, 18)]


def test_a_response_where_a_request_is_expected_is_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(RESPONSES / "text.json", tmp_path / "request.json")
    shutil.copy(RESPONSES / "error_429.json", tmp_path / "error.json")
    code, report = lint_json(capsys, str(tmp_path))
    assert code == 1
    rules = [(f["rule"], f["pointer"], f["line"]) for file in report["files"] for f in file["findings"]]
    # The error body has no request or response key: recognition skips it as another JSON file.
    assert rules == [("GC019", "", 2)]
    assert report["summary"]["skipped"] == 1
    assert "--kind response" in report["files"][0]["findings"][0]["hint"]


def test_an_sse_stream_is_a_response_whatever_the_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = lint_json(capsys, str(RESPONSES / "stream.sse"))
    assert code == 0


def test_kind_is_a_checked_choice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--kind", "reply", str(RESPONSES)]) == 2
