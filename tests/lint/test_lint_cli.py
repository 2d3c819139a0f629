"""`gemini-contract lint` end to end in-process: exit codes, formats, batch records, options, parallel = serial."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from gemini_contract.cli.lint import reorder_paths
from gemini_contract.cli.linting import use_color
from gemini_contract.cli.main import main
from gemini_contract.lint.model import INTERNAL_ERROR, IO_ERROR, all_rules
from gemini_contract.lint.settings import parse_size

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GOOD = '{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}'
BAD = '{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}], "generationConfig": {"topk": 3}}'


def lint_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["lint", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_examples_lint_clean_in_both_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    for profile in ("google", "strict"):
        code, report = lint_json(capsys, "--profile", profile, str(EXAMPLES))
        assert code == 0, report
        assert report["summary"]["files"] >= 5
        assert [f["findings"] for f in report["files"] if f["findings"]] == []


def test_exit_codes_and_report_on_every_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(GOOD)
    bad.write_text(BAD)
    assert lint_json(capsys, str(good))[0] == 0
    code, report = lint_json(capsys, str(bad))
    assert code == 1
    (finding,) = report["files"][0]["findings"]
    assert (finding["rule"], finding["pointer"], finding["line"]) == ("GC201", "/generationConfig/topk", 1)
    code, report = lint_json(capsys, str(good), str(tmp_path / "missing.json"), str(bad))
    assert code == 2
    assert [f["status"] for f in report["files"]] == ["valid", "error", "invalid"]
    assert report["files"][1]["findings"][0]["rule"] == IO_ERROR
    assert report["summary"] == {
        "files": 3,
        "valid": 1,
        "invalid": 1,
        "unreadable": 1,
        "skipped": 0,
        "findings": {"error": 2, "warning": 0, "info": 0},
    }


def test_text_format_lines_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(BAD)
    assert main(["lint", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{bad}:1:")
    assert " GC201 error: " in captured.out
    assert "\x1b[" not in captured.out  # not a terminal
    assert "checked 1 file" in captured.err
    assert main(["lint", "--quiet", str(bad)]) == 1
    assert capsys.readouterr().err == ""


def test_batch_records_carry_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "in.jsonl"
    record = json.dumps({"key": "k2", "request": json.loads(BAD)})
    batch.write_text(f"{GOOD}\n{record}\r\n{{not json\n")
    code, report = lint_json(capsys, str(batch))
    assert code == 1
    findings = report["files"][0]["findings"]
    assert {(f["record"], f["line"]) for f in findings} == {(2, 2), (3, 3)}
    assert all(f["record"] == f["line"] for f in findings)
    assert findings[0]["pointer"] == "/request/generationConfig/topk"
    empty = tmp_path / "empty.ndjson"
    empty.write_text("")
    code, report = lint_json(capsys, str(empty))
    assert code == 1
    assert report["files"][0]["findings"][0]["rule"] == "GC016"


def test_parallel_results_equal_serial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for index in range(12):
        path = tmp_path / f"r{index:02d}.json"
        path.write_text(BAD if index % 3 == 0 else GOOD)
        paths.append(str(path))
    batch = tmp_path / "big.jsonl"
    batch.write_text("".join((BAD if i % 7 == 0 else GOOD) + "\n" for i in range(3000)))
    serial = lint_json(capsys, "-j", "1", *paths, str(batch))
    parallel = lint_json(capsys, "-j", "2", *paths, str(batch))
    assert serial == parallel
    assert serial[1]["files"][-1]["findings"][0]["record"] == 1
    assert len(serial[1]["files"][-1]["findings"]) == len(range(0, 3000, 7))


def test_fail_on_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snake = tmp_path / "snake.json"
    snake.write_text('{"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generation_config": {}}')
    code, report = lint_json(capsys, str(snake))
    assert code == 0
    assert report["files"][0]["findings"][0]["rule"] == "GC101"
    assert lint_json(capsys, "--fail-on", "info", str(snake))[0] == 1
    assert lint_json(capsys, "--profile", "strict", str(snake))[0] == 1
    assert lint_json(capsys, "--profile", "strict", "--ignore", "GC101", str(snake))[0] == 0
    bad = tmp_path / "bad.json"
    bad.write_text(BAD)
    assert lint_json(capsys, "--select", "GC1", str(bad))[0] == 0
    assert main(["lint", "--select", "GC999", str(bad)]) == 2


def test_paths_that_look_like_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("-dash.json").write_text(GOOD)
    Path("-h.json").write_text(BAD)
    assert main(["lint", "-dash.json"]) == 0
    assert main(["lint", "--", "-dash.json"]) == 0
    code, report = lint_json(capsys, "-dash.json", "-h.json")
    assert code == 1
    assert [f["path"] for f in report["files"]] == ["-dash.json", "-h.json"]
    assert main(["lint", "--no-such-option", "x.json"]) == 2


def test_reorder_paths_keeps_order_and_option_values() -> None:
    takes = {"--format": True, "--quiet": False, "-q": False, "--exclude": True}
    assert reorder_paths(["a", "--format", "json", "-q", "b"], takes) == [
        "--format",
        "json",
        "-q",
        "--",
        "a",
        "b",
    ]
    assert reorder_paths(["--exclude", "-x*", "a"], takes) == ["--exclude", "-x*", "--", "a"]
    assert reorder_paths(["--format=json", "--", "-q"], takes) == ["--format=json", "--", "-q"]
    assert reorder_paths(["-q"], takes) == ["-q"]


def test_stdin_as_document_and_as_batch(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    code, report = lint_json(capsys, "-")
    assert code == 1
    assert report["files"][0]["path"] == "-"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{GOOD}\n{GOOD}\n".encode())))
    code, report = lint_json(capsys, "--stdin-filename", "piped.jsonl", "-")
    assert code == 0
    assert report["files"][0]["path"] == "piped.jsonl"


def test_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    path.write_text(GOOD)
    code, report = lint_json(capsys, "--max-bytes", "20", str(path))
    assert code == 2
    assert report["files"][0]["status"] == "error"
    assert report["files"][0]["findings"][0]["rule"] == IO_ERROR
    assert "--max-bytes" in report["files"][0]["findings"][0]["message"]
    batch = tmp_path / "r.jsonl"
    batch.write_text(f"{GOOD}\n{'{}' + ' ' * 100}\n")
    code, report = lint_json(capsys, "--max-bytes", "80", str(batch))
    assert [(f["rule"], f["record"]) for f in report["files"][0]["findings"]] == [("GC010", 2)]
    assert parse_size("100M") == 100 * 1024**2
    assert parse_size("2k") == 2048
    with pytest.raises(Exception, match="not a size"):
        parse_size("lots")


def test_folder_without_files_and_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    os.mkfifo(tmp_path / "pipe.json")
    code, report = lint_json(capsys, str(tmp_path / "empty"), str(tmp_path / "pipe.json"))
    assert code == 2
    assert [f["status"] for f in report["files"]] == ["error", "error"]
    assert "FIFO" in report["files"][1]["findings"][0]["message"]


def test_internal_error_is_one_finding_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.json"
    good.write_text(GOOD)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr("gemini_contract.validator.api._document", boom)  # what lint's bound validator calls
    code, report = lint_json(capsys, str(good), str(tmp_path / "missing.json"))
    assert code == 3
    finding = report["files"][0]["findings"][0]
    assert finding["rule"] == INTERNAL_ERROR
    assert "kaput" in finding["message"]
    assert report["files"][1]["status"] == "error"
    with pytest.raises(RuntimeError, match="kaput"):
        main(["--debug", "lint", str(good)])


def test_colour_rules() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    env = dict(os.environ)
    try:
        os.environ.pop("NO_COLOR", None)
        os.environ["TERM"] = "xterm"
        assert use_color(Tty())
        assert not use_color(io.StringIO())
        os.environ["NO_COLOR"] = "1"
        assert not use_color(Tty())
    finally:
        os.environ.clear()
        os.environ.update(env)


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == [rule.id for rule in all_rules()]
    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"id", "name", "severity", "strict_severity", "doc", "source"} == set(listed[0])


def test_sarif_and_github_from_a_real_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    bad, broken, batch = tmp_path / "bad.json", tmp_path / "broken.json", tmp_path / "b.jsonl"
    bad.write_text(BAD)
    broken.write_text('{"contents": [')
    batch.write_text(f"{GOOD}\n{BAD}\n")
    paths = [str(bad), str(broken), str(batch), str(tmp_path / "missing.json")]
    assert main(["lint", "--format", "sarif", *paths]) == 2
    log = json.loads(capsys.readouterr().out)
    schema = json.loads(
        (Path(__file__).resolve().parents[1] / "fixtures/reference/sarif-schema-2.1.0.json").read_text()
    )
    jsonschema.Draft7Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == set(paths)
    assert {r["ruleId"] for r in results} >= {"GC201", IO_ERROR}
    assert main(["lint", "--format", "github", *paths]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert f"::error file={bad},line=1," in lines[0]
    assert any(line.startswith(f"::error file={batch},line=2,") for line in lines)
