"""Content recognition: which JSON files are requests (checked) and which are not (skipped, counted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gemini_contract.schema import load_schema

from gemini_contract.cli.main import main
from gemini_contract.lint.recognize import (
    REQUEST_MEMBERS,
    is_request_lines,
    is_request_text,
    scan_top_level_keys,
)

REQUESTS = [
    '{"contents": [{"parts": [{"text": "hi"}]}]}',
    '{"generation_config": {"top_k": 3}}',  # snake_case only
    '{"contens": []}',  # a near miss
    '{"key": "a", "request": {"contents": []}}',  # a Batch API record in a .json file
    '{"model": "gemini-2.5-flash", "messages": [], "max_tokens": 5}',  # OpenAI-shaped
    '{"model": "gemini-2.5-flash", "config": {"temperature": 1}}',  # the SDK's generate_content(config=...)
    '{\n  // a comment\n  "contents": [],\n}',  # non-standard text
    "{contents: []}",  # unquoted key
    '{"contents": [',  # cut short
    "not json at all",  # unreadable: checked, so that the problem is reported
    "",  # empty: checked (GC016)
    "\ufeff" + '{"systemInstruction": {}}',
    '[{"contents": []}]',  # a request wrapped in a list (reported as GC017)
    '{"candidates": [], "usageMetadata": {}}',  # a saved response: checked, so that GC019 says what it is
]
NOT_REQUESTS = [
    '{"name": "app", "version": "1.0.0", "dependencies": {}}',
    '{\n  // compiler\n  "compilerOptions": {"target": "es2022",},\n  /* x */ "include": ["src"],\n}',
    '{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"contents": {}}}',
    '{"type": "FeatureCollection", "features": []}',
    '{"greeting": "Hello", "menu": {"contents": "Contents"}}',
    '{"model": "gemini-2.5-flash"}',  # `model` alone
    "{}",
    "[1, 2, 3]",
    '{"messages": {"hello": "Hello"}}',  # i18n `messages` with no model or setting next to it
]


def test_members_match_the_schema() -> None:
    schema = load_schema()
    members = set(schema["$defs"]["GenerateContentRequest"]["properties"]) - {"model"}
    assert members == REQUEST_MEMBERS


@pytest.mark.parametrize("text", REQUESTS)
def test_requests_are_recognised(text: str) -> None:
    assert is_request_text(text.encode())


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_other_json_is_not(text: str) -> None:
    assert not is_request_text(text.encode())


def test_json_lines_are_judged_by_their_first_records() -> None:
    assert is_request_lines(b'{"key": "a", "request": {"contents": []}}\n')
    assert is_request_lines(b'{"broken\n{"contents": []}\n')
    assert not is_request_lines(b'{"ts": 1, "event": "login"}\n{"ts": 2, "event": "logout"}\n')
    assert is_request_lines(b"\n\n")  # no record: checked, and reported as empty


def test_the_scanner_reads_top_level_keys_only() -> None:
    keys, complete = scan_top_level_keys('{"a": {"b": [1, "}"]}, \'c\': /* } */ 2, d: "x",}')
    assert (keys, complete) == (["a", "c", "d"], True)
    assert scan_top_level_keys("[1]") == (None, False)
    assert scan_top_level_keys('{"a": [1, 2') == (["a"], False)


def test_lint_skips_what_is_not_a_request_and_counts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "package.json").write_text(NOT_REQUESTS[0])
    (tmp_path / "events.jsonl").write_text('{"ts": 1, "event": "a"}\n')
    (tmp_path / "typo.json").write_text(REQUESTS[2])
    paths = [str(tmp_path / name) for name in ("package.json", "events.jsonl", "typo.json")]
    assert main(["lint", *paths]) == 1
    captured = capsys.readouterr()
    assert "typo.json:1:2: GC201" in captured.out
    assert "package.json" not in captured.out
    assert captured.err.strip().endswith("; skipped 2 not a request (--no-recognize checks them)")
    assert main(["lint", "--format", "json", *paths]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["skipped"] == paths[:2]
    assert report["summary"]["skipped"] == 2
    assert main(["lint", "--no-recognize", "--format", "json", *paths]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [entry["status"] for entry in report["files"]] == ["invalid"] * 3


def test_include_checks_a_file_whatever_it_holds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gemini-contract.toml").write_text('include = ["*.req.json"]\n')
    (tmp_path / "a.req.json").write_text("{}")
    assert (
        main(["lint", "--config", str(tmp_path / "gemini-contract.toml"), str(tmp_path / "a.req.json")]) == 1
    )
    assert "GC202" in capsys.readouterr().out
