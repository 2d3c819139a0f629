"""Fast start: a lint run imports nothing heavy (no jinja2, datamodel-code-generator, hypothesis, pydantic)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEAVY = ("jinja2", "datamodel_code_generator", "hypothesis", "pydantic", "multiprocessing")

PROBE = """
import sys
from gemini_contract.cli.main import main
code = main(["lint", "--quiet", *sys.argv[1:]])
print(",".join(name for name in {heavy!r} if name in sys.modules))
sys.exit(code)
"""


def test_lint_imports_nothing_heavy() -> None:
    paths = [str(path) for path in sorted(EXAMPLES.glob("*.json"))]
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *paths],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


IMPORTED = """
import sys
from gemini_contract.cli.main import main
code = main(sys.argv[1:])
watched = ("click", "gemini_contract.cli.lint", "threading")
print("imported:" + ",".join(sorted(name for name in watched if name in sys.modules)))
"""


def _imported(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args], check=False, capture_output=True, text=True, timeout=60
    )
    assert not done.stderr.startswith("Traceback"), done.stderr
    return done.stdout.rsplit("imported:", 1)[1].strip()


def test_plain_lint_and_version_never_import_click() -> None:
    """`lint PATH...` (how pre-commit runs it), also with `--quiet`, and `--version` are answered without click
    (nor threading, which only told the signal handling whether it runs in the main thread); a command line
    with another option still goes through click."""
    paths = [str(path) for path in sorted(EXAMPLES.glob("*.json"))]
    assert _imported("lint", *paths) == ""
    assert _imported("--version") == ""
    assert _imported("lint", "-q", *paths, "--quiet") == ""
    assert _imported("lint", "--no-color", *paths) == "click,gemini_contract.cli.lint,threading"


def test_plain_lint_says_what_the_click_command_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same run either way: `--` (or any option) makes click parse the command line. With a configuration
    file, a bad one, missing paths, findings and none."""
    from gemini_contract.cli.main import main

    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
    invalid = sorted(str(path) for path in (corpus / "invalid").glob("*.json"))[:40]
    cases = [invalid, [str(corpus / "valid")], [str(tmp_path / "missing.json"), str(EXAMPLES)]]
    configured, broken = tmp_path / "configured", tmp_path / "broken"
    configured.mkdir()
    broken.mkdir()
    (configured / "gemini-contract.toml").write_text('ignore = ["GC201"]\nprofile = "strict"\n')
    (broken / "gemini-contract.toml").write_text('select = ["GC9999"]\n')
    for folder in (tmp_path, configured, broken):
        monkeypatch.chdir(folder)
        for paths in cases:
            plain = main(["lint", *paths]), capsys.readouterr()
            parsed = main(["lint", "--", *paths]), capsys.readouterr()
            assert plain == parsed
            quiet = main(["lint", paths[0], "-q", *paths[1:]]), capsys.readouterr()
            parsed = main(["lint", "--quiet", "--", *paths]), capsys.readouterr()
            assert quiet == parsed
    assert plain[0] == 2
    assert "GC9999" in plain[1].err


def test_version_is_what_click_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from gemini_contract.cli.main import main

    assert main(["--version"]) == 0
    plain = capsys.readouterr()
    assert main(["--debug", "--version"]) == 0  # parsed by click's version_option
    assert capsys.readouterr() == plain
    assert plain.out.startswith("gemini-contract, version ")


LAZY_PATTERNS = """
import sys
from gemini_contract.cli.main import main
from gemini_contract.lint import recognize
from gemini_contract import textsafe
code = main(["lint", *sys.argv[1:]])
print(recognize._Scanner.get.cache_info().currsize, textsafe._unsafe.cache_info().currsize)
"""


def test_a_clean_lint_of_json_files_compiles_no_pattern_it_does_not_use() -> None:
    """The tolerant key scanner (for files that are not standard JSON) and the escaping of unsafe characters
    (for text that is printed) compile their patterns on first use; a clean run of JSON files uses neither."""
    paths = [str(path) for path in sorted(EXAMPLES.glob("*.json"))]
    done = subprocess.run(
        [sys.executable, "-c", LAZY_PATTERNS, *paths], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "0"]
