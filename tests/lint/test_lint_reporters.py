"""Reporters: text lines, escaping and caps, the exact JSON shape, GitHub annotations, SARIF 2.1.0 validity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gemini_contract.validator.findings import Finding, Severity
from gemini_contract.validator.spans import Record

from gemini_contract.lint.model import IO_ERROR, FileResult, Located, Status, all_rules, error_result
from gemini_contract.reporters.github import render_file as render_github
from gemini_contract.reporters.json_report import render_json
from gemini_contract.reporters.sarif import render_sarif
from gemini_contract.reporters.text import format_finding, render_file, summary_line

SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "sarif-schema-2.1.0.json"

UNKNOWN = Finding(
    "GC201", Severity.ERROR, "/generationConfig/topk", 3, 5, "unknown field `topk`", "did you mean `topK`?"
)
SNAKE = Finding("GC101", Severity.INFO, "/generation_config", 2, 3, "snake_case name", None)
HOSTILE = Finding(
    "GC204",
    Severity.ERROR,
    "/contents/0/role",
    1,
    30,
    "bad role \x1b[2J\x1b]8;;http://x/\x07click" + "z" * 5000,
    None,
)


def results() -> list[FileResult]:
    return [
        FileResult("ok.json", Status.VALID, (Located(SNAKE),)),
        FileResult("bad.json", Status.INVALID, (Located(UNKNOWN),)),
        FileResult("batch.jsonl", Status.INVALID, (Located(UNKNOWN, Record(7)),), batch=True, records=9),
        error_result(
            "fifo.json", IO_ERROR, "cannot read: a FIFO (named pipe), not a regular file; not opened"
        ),
    ]


def test_text_line_format() -> None:
    assert format_finding("bad.json", Located(UNKNOWN)) == (
        "bad.json:3:5: GC201 error: unknown field `topk` (did you mean `topK`?)"
    )
    no_position = format_finding("fifo.json", results()[3].findings[0])
    assert no_position.startswith("fifo.json: GC900 error: cannot read: a FIFO")


def test_text_escapes_control_characters_and_caps_length() -> None:
    line = format_finding("a\nb.json", Located(HOSTILE))
    assert "\x1b" not in line
    assert "\x07" not in line
    assert "\\x1b[2J" in line
    assert line.startswith("a\\nb.json:1:30: GC204 error:")
    assert len(line) < 700


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[" not in render_file(results()[1])
    assert "\x1b[31merror" in render_file(results()[1], color=True)


def test_text_threshold_and_summary() -> None:
    assert render_file(results()[0], at_least=Severity.ERROR) == ""
    summary = summary_line(results())
    assert "checked 4 files (9 records)" in summary
    assert "1 valid, 2 invalid, 1 could not be checked" in summary


def test_json_shape_is_exact() -> None:
    report = json.loads(render_json(results()))
    assert set(report) == {"version", "files", "skipped", "summary"}
    assert report["version"] == 1
    # Issue #13: unreadable files under their own name, findings counted by severity.
    summary = report["summary"]
    assert {key: summary[key] for key in ("files", "valid", "invalid", "unreadable", "skipped")} == {
        "files": 4,
        "valid": 1,
        "invalid": 2,
        "unreadable": 1,
        "skipped": 0,
    }
    assert set(summary["findings"]) == {"error", "warning", "info"}
    assert [f["status"] for f in report["files"]] == ["valid", "invalid", "invalid", "error"]
    for entry in report["files"]:
        assert set(entry) == {"path", "status", "findings"}
    plain = report["files"][1]["findings"][0]
    assert plain == {
        "rule": "GC201",
        "severity": "error",
        "pointer": "/generationConfig/topk",
        "line": 3,
        "column": 5,
        "message": "unknown field `topk`",
        "hint": "did you mean `topK`?",
    }
    assert report["files"][2]["findings"][0]["record"] == 7
    assert report["files"][3]["findings"][0]["rule"] == IO_ERROR


def test_json_survives_lone_surrogates() -> None:
    odd = Finding("GC007", Severity.ERROR, "/a", 1, 1, "lone \ud800 surrogate", None)
    text = render_json([FileResult("x\udcff.json", Status.INVALID, (Located(odd),))])
    text.encode("utf-8")  # must not raise
    assert "\\ud800" in json.loads(text)["files"][0]["findings"][0]["message"]


def test_github_annotations() -> None:
    out = render_github(results()[1]) + render_github(results()[3]) + render_github(results()[0])
    lines = out.splitlines()
    assert (
        lines[0]
        == "::error file=bad.json,line=3,col=5,title=GC201::unknown field `topk` (did you mean `topK`?)"
    )
    assert lines[1].startswith("::error file=fifo.json,title=GC900::cannot read")
    assert lines[2].startswith("::notice file=ok.json,line=2,col=3,title=GC101::")


def test_github_escapes_properties_and_data() -> None:
    weird = FileResult(
        "a,b:c%.json",
        Status.INVALID,
        (Located(Finding("GC201", Severity.ERROR, "", 1, 1, "50% off\r\n", None)),),
    )
    line = render_github(weird).rstrip("\n")
    assert line == "::error file=a%2Cb%3Ac%25.json,line=1,col=1,title=GC201::50%25 off\\r\\n"


def test_sarif_validates_against_the_official_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render_sarif(results(), "0.1.0"))
    jsonschema.Draft7Validator(schema).validate(log)
    run = log["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == [rule.id for rule in all_rules()]
    assert IO_ERROR in rule_ids
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris == ["ok.json", "bad.json", "batch.jsonl", "fifo.json"]
    assert run["results"][2]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 5,
    }
    assert run["results"][2]["properties"] == {"record": 7}
    assert run["invocations"] == [{"executionSuccessful": False}]
