"""The configuration file: discovery upward, precedence, rule names, per-file ignores, codegen settings, and
errors that name the file, line and key (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gemini_contract.cli.main import main
from gemini_contract.config import find, key_line, load

BAD = '{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": {"topk": 1}}\n'
SNAKE = '{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generation_config": {}}\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "requests" / "bad").mkdir(parents=True)
    (tmp_path / "requests" / "bad" / "a.json").write_text(BAD)
    (tmp_path / "requests" / "snake.json").write_text(SNAKE)
    monkeypatch.chdir(tmp_path / "requests")  # a sub-folder: the file is found upward
    return tmp_path


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    code = main(["lint", "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {}, captured.err


def rules_of(report: dict[str, object]) -> list[str]:
    return [f["rule"] for entry in report["files"] for f in entry["findings"]]  # type: ignore[attr-defined,index]


def test_pyproject_table_is_found_upward_and_the_command_line_wins(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\n\n[tool.gemini-contract]\nprofile = "strict"\nignore = ["unknown-field"]\n'
    )
    code, report, _ = lint(capsys, ".")
    assert rules_of(report) == ["GC101"]  # GC201 ignored by name; strict makes GC101 an error
    assert code == 1
    code, report, _ = lint(capsys, "--profile", "google", ".")
    assert code == 0
    code, report, _ = lint(capsys, "--isolated", ".")
    assert sorted(rules_of(report)) == ["GC101", "GC201"]


def test_standalone_file_wins_over_pyproject_in_the_same_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.gemini-contract]\nprofile = "strict"\n')
    (project / "gemini-contract.toml").write_text('select = ["GC2"]\n')
    assert find(project / "requests") == project / "gemini-contract.toml"
    _, report, _ = lint(capsys, ".")
    assert rules_of(report) == ["GC201"]


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.gemini-contract]\nprofile = "strict"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find(tmp_path / "sub") == tmp_path / "pyproject.toml"


def test_per_file_ignores_and_exclude(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "gemini-contract.toml").write_text(
        '[per-file-ignores]\n"requests/bad/*" = ["GC2"]\n"snake.json" = "snake-case-name"\n'
    )
    code, report, _ = lint(capsys, ".")
    assert (code, rules_of(report)) == (0, [])
    (project / "gemini-contract.toml").write_text('exclude = ["requests/bad/*"]\n')
    _, report, _ = lint(capsys, ".")
    assert [entry["path"] for entry in report["files"]] == ["snake.json"]  # type: ignore[attr-defined,index]


def test_select_and_ignore_apply_to_batch_level_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert main(["lint", str(empty)]) == 1
    assert main(["lint", "--ignore", "GC016", str(empty)]) == 0
    assert main(["lint", "--ignore", "empty-document", str(empty)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("text", "key", "line", "message"),
    [
        (
            '[tool.gemini-contract]\nprofile = "strict"\nselct = ["GC2"]\n',
            "selct",
            3,
            "did you mean 'select'",
        ),
        ('[tool.gemini-contract]\n\nfail-on = "fatal"\n', "fail-on", 3, "fatal"),
        ('[tool.gemini-contract]\nignore = ["GC999"]\n', "ignore", 2, "unknown rule GC999"),
        (
            '[tool.gemini-contract]\n[tool.gemini-contract.per-file-ignores]\n"a/*" = ["nope"]\n',
            "per-file-ignores",
            2,
            "unknown rule NOPE",
        ),
        ('[tool.gemini-contract]\nrecognize = "yes"\n', "recognize", 2, "boolean"),
    ],
)
def test_config_errors_name_file_line_and_key(  # noqa: PLR0917 (parametrized)
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, key: str, line: int, message: str
) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(text)
    (tmp_path / "a.json").write_text(BAD)
    assert main(["lint", "--config", str(config), str(tmp_path / "a.json")]) == 2
    err = capsys.readouterr().err
    assert f"{key} ({config}, line {line})" in err
    assert message in err


def test_bad_toml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "gemini-contract.toml"
    config.write_text('profile = "strict\n')
    assert main(["lint", "--config", str(config), "x.json"]) == 2
    err = capsys.readouterr().err
    assert str(config) in err
    assert "not valid TOML" in err
    assert "line 1" in err


def test_key_line_finds_keys_in_the_table_only() -> None:
    text = '[project]\nname = "x"\n[tool.gemini-contract]\n"name" = 1\nprofile = "x"\n'
    assert key_line(text, "profile", in_pyproject=True) == 5
    assert key_line(text, "name", in_pyproject=True) == 4


def test_codegen_settings_come_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("ruff")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.gemini-contract]\nout = "gen"\n')
    assert main(["generate"]) == 0
    assert (tmp_path / "gen" / "models.py").is_file()
    assert main(["check"]) == 0
    models = tmp_path / "gen" / "models.py"
    models.write_text(models.read_text() + "# hand edit\n")
    assert main(["check"]) == 1
    assert "generated files out of date" in capsys.readouterr().err


def test_check_outside_this_project_needs_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "no generated folder to check" in capsys.readouterr().err


def test_load_reads_the_standalone_file_at_top_level(tmp_path: Path) -> None:
    path = tmp_path / "gemini-contract.toml"
    path.write_text('profile = "strict"\nout = "gen"\n')
    config = load(path)
    assert config.values == {"profile": "strict", "out": "gen"}
    assert config.path_value("out") == tmp_path / "gen"


def test_the_config_names_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Logprobs on gemini-2.5-pro: the model table's strong fact (GC406); without a model, no finding.
    body = '{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": {"responseLogprobs": true, "logprobs": 2}}'
    (tmp_path / "request.json").write_text(body)
    monkeypatch.chdir(tmp_path)
    assert lint(capsys, "request.json")[0] == 0
    (tmp_path / "gemini-contract.toml").write_text('model = "gemini-2.5-pro"\n')
    code, report, _ = lint(capsys, "request.json")
    assert (code, rules_of(report)) == (1, ["GC406"])
    code, report, _ = lint(capsys, "--model", "gemini-3-pro-preview", "request.json")  # the command line wins
    assert (code, rules_of(report)) == (0, [])


def test_per_file_models_give_each_folder_its_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = '{"contents": [{"role": "user", "parts": [{"text": "x"}]}], "generationConfig": {"responseLogprobs": true, "logprobs": 2}}'
    for folder in ("pro", "three"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "request.json").write_text(body)
        (tmp_path / folder / "batch.jsonl").write_text(body + "\n")
    (tmp_path / "gemini-contract.toml").write_text(
        'model = "gemini-3-pro-preview"\n\n[per-file-models]\n"pro/*" = "gemini-2.5-pro"\n'
    )
    monkeypatch.chdir(tmp_path)
    code, report, _ = lint(capsys, "pro", "three")
    found = {entry["path"]: [f["rule"] for f in entry["findings"]] for entry in report["files"]}  # type: ignore[attr-defined,index]
    assert found == {
        "pro/batch.jsonl": ["GC406"],
        "pro/request.json": ["GC406"],
        "three/batch.jsonl": [],
        "three/request.json": [],
    }
    assert code == 1
