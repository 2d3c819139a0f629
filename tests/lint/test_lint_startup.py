"""Fast start: a lint run imports nothing heavy (no jinja2, datamodel-code-generator, hypothesis, pydantic)."""

from __future__ import annotations

import signal
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


def test_a_lint_of_valid_files_loads_no_stage_only_findings_need() -> None:
    """The tolerant parser, the normaliser, placing, the decoder and the Python-value reader are imported when
    a document needs them: valid files never do (they cost ~1.5 ms of a one-file lint); an invalid one does."""
    stages = (
        "gemini_contract.validator.jsonparse",
        "gemini_contract.validator.normalize",
        "gemini_contract.validator.placing",
        "gemini_contract.validator.pyvalue",
        "gemini_contract.validator.source",
    )
    paths = [str(path) for path in sorted(EXAMPLES.glob("*.json"))]
    probe = PROBE.replace("{heavy!r}", repr(stages))
    invalid = [str(EXAMPLES.parent / "examples-invalid" / "text.json")]
    needed = {"gemini_contract.validator.normalize", "gemini_contract.validator.placing"}
    for files, code, loaded in ((paths, 0, set()), (invalid, 1, needed)):
        done = subprocess.run(
            [sys.executable, "-c", probe, *files], check=False, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == code, done.stderr
        last = done.stdout.strip().rsplit("\n", 1)[-1] if done.stdout.strip() else ""
        assert set(filter(None, last.split(","))) & needed == loaded  # the probe's line comes last


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


AT_EXIT = """
import atexit, sys, weakref
from gemini_contract.cli.main import main
main(sys.argv[1:])
print("at-exit:", atexit._ncallbacks(), len(weakref.finalize._registry))
"""


@pytest.mark.parametrize("options", [["-q"], ["--format", "sarif", "-j", "2", "--fix"]])
def test_a_lint_leaves_nothing_to_run_at_exit(tmp_path: Path, options: list[str]) -> None:
    """`entry` ends a lint with os._exit, skipping the interpreter's teardown: only sound while a lint
    registers no atexit callback and no weakref finalizer (forked workers and a batch file included)."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}\n' * 3000)
    paths = [str(path) for path in sorted(EXAMPLES.glob("*.json"))] * 20 + [str(batch)]
    done = subprocess.run(
        [sys.executable, "-c", AT_EXIT, "lint", *options, *paths],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip().splitlines()[-1] == "at-exit: 0 0", done.stderr


ENTRY = "from gemini_contract.cli.main import entry; entry()"


def test_the_exit_status_and_output_of_a_plain_lint_are_the_usual_ones(tmp_path: Path) -> None:
    """Through `entry`, as the console script runs: the same output and status whether click parsed the
    command line (`--`) or not (then the process skips the interpreter's teardown)."""
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
    paths = sorted(str(path) for path in (corpus / "invalid").glob("*.json"))[:20]
    for args in (paths, [str(EXAMPLES)], [str(tmp_path / "missing.json")]):
        outcomes = []
        for parsed in ([], ["--"]):
            command = [sys.executable, "-c", ENTRY, "lint", *parsed, *args]
            done = subprocess.run(command, check=False, capture_output=True, timeout=60)
            outcomes.append((done.returncode, done.stdout, done.stderr))
        assert outcomes[0] == outcomes[1]
        assert outcomes[0][2]  # the summary (or the error) on stderr


def test_a_plain_lint_whose_reader_went_away_ends_by_sigpipe(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}')
    process = subprocess.Popen(
        [sys.executable, "-c", ENTRY, "lint", str(bad)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (-signal.SIGPIPE, b"")


def test_what_was_registered_to_run_at_exit_still_runs() -> None:
    """Coverage, a profiler or the caller may have registered an atexit callback: then the usual exit."""
    script = f"import atexit; atexit.register(print, 'ran at exit'); {ENTRY}"
    done = subprocess.run(
        [sys.executable, "-c", script, "lint", str(EXAMPLES)], check=False, capture_output=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, b"ran at exit\n")


GC_PROBE = """
import gc, sys
from gemini_contract.cli import main as cli
cli.main = lambda: print(gc.get_threshold()[0]) or 0
sys.argv[1:] = {args!r}
cli.entry()
"""


@pytest.mark.parametrize(("args", "threshold"), [(["lint", "a.json"], "100000"), (["schema"], "700")])
def test_a_lint_collects_cyclic_garbage_less_often(args: list[str], threshold: str) -> None:
    """The collector ran every 700 container allocations, 3.6% of a one-file lint; other commands (a
    server among them) keep Python's default."""
    done = subprocess.run(
        [sys.executable, "-c", GC_PROBE.format(args=args)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == [threshold], done.stderr
