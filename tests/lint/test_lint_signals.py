"""Signals against real runs with real worker processes: workers never outlive the lint process, whatever ends
it; a stopped run exits 128 + the signal after one line on stderr and prints no partial report; a run started
with SIGINT ignored keeps ignoring it, workers included (issue 18, items 1, 2 and 8)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gemini_contract.lint.forking import CAN_FORK, ShardFailure, fork_map

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="workers are forked on Linux only")

# Runs the CLI with every file check slowed down (in the parent and in the forked workers alike), so that the
# workers are certainly busy when the signal comes, and would stay alive for a minute if nothing stopped them.
_SLOW_LINT = """
import sys, time
from gemini_contract.cli.main import entry
from gemini_contract.lint import runner
check_file, seconds = runner.check_file, float(sys.argv[1])
def slow(item, settings):
    time.sleep(seconds)
    return check_file(item, settings)
runner.check_file = slow
sys.argv[1:] = sys.argv[2:]
entry()
"""
_BODY = '{"contents":[{"role":"user","parts":[{"text":"hello"}]}]}'


def _files(tmp_path: Path, count: int = 4) -> list[str]:
    paths = []
    for index in range(count):
        path = tmp_path / f"r{index}.json"
        path.write_text(_BODY)
        paths.append(str(path))
    return paths


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever reaps orphans here)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _start(paths: list[str], seconds: float, **popen: object) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A `lint --jobs 2 --format json` of `paths`, each taking `seconds`; once its workers are forked."""
    command = [sys.executable, "-c", _SLOW_LINT, str(seconds), "lint", "-j", "2", "--format", "json", *paths]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]
    try:
        assert _wait_for(lambda: bool(_children(process.pid)), 30), "no worker was forked"
    except BaseException:
        process.kill()
        process.communicate()
        raise
    time.sleep(0.1)  # the workers are past their start-up and into the slow checks
    return process, _children(process.pid)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_the_lint_process_alone_stops_its_workers(tmp_path: Path, signum: signal.Signals) -> None:
    process, workers = _start(_files(tmp_path), 60)
    os.kill(process.pid, signum)  # the parent only, as `kill PID` and Popen.terminate() do
    out, err = process.communicate(timeout=30)
    assert process.returncode == -signum  # ended by the signal once clean: a shell shows 128 + N
    assert err.decode() == f"gemini-contract: interrupted by {signum.name}\n"
    assert out == b""  # no partial JSON document
    assert workers
    assert _wait_for(lambda: not any(_running(pid) for pid in workers), 5), "a worker outlived the run"


def test_workers_die_with_a_parent_killed_outright(tmp_path: Path) -> None:
    process, workers = _start(_files(tmp_path), 60)
    os.kill(process.pid, signal.SIGKILL)  # no handler runs: the kernel's parent-death signal must do it
    process.communicate(timeout=30)
    assert workers
    assert _wait_for(lambda: not any(_running(pid) for pid in workers), 5), "a worker outlived the run"


def test_a_run_started_with_sigint_ignored_ignores_it_in_its_workers_too(tmp_path: Path) -> None:
    def ignore_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    paths = _files(tmp_path, 6)
    process, _ = _start(paths, 0.3, start_new_session=True, preexec_fn=ignore_sigint)
    os.killpg(process.pid, signal.SIGINT)  # the whole group: parent and workers
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (0, b"")
    report = json.loads(out)
    summary = report["summary"]
    assert (summary["files"], summary["valid"], summary["invalid"], summary["unreadable"]) == (6, 6, 0, 0)


def test_children_keep_an_ignored_sigint_and_take_the_default_for_the_rest() -> None:
    """A child must not run the parent's Python handlers: an ignored SIGINT stays ignored, and a SIGTERM
    ends the child even while the parent has a handler for it."""

    def work(index: int, signum: int) -> str:
        os.kill(os.getpid(), signum)
        time.sleep(0.2)  # a signal with its default action has ended the process by now
        return "survived"

    def parent_handler(signum: int, frame: object) -> None:
        raise AssertionError("the parent's handler ran in a child")

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN), signal.signal(signal.SIGTERM, parent_handler)
    try:
        _, ignored, terminated = fork_map(work, [0, signal.SIGINT, signal.SIGTERM])
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])
    assert ignored == "survived"
    assert isinstance(terminated, ShardFailure)
    assert "signal 15" in terminated.message


def test_ctrl_c_anywhere_in_a_lint_is_130_after_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before any worker exists too (a long folder walk): click would print a blank line and exit 2."""
    from gemini_contract.cli import linting as lint_command
    from gemini_contract.cli.main import main

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(lint_command, "discover", interrupted)
    assert main(["lint", "--format", "sarif", str(tmp_path)]) == 130
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "gemini-contract: interrupted by SIGINT\n")


@pytest.mark.parametrize("output_format", ["json", "sarif", "text"])
def test_a_reader_that_goes_away_is_141_without_a_word(tmp_path: Path, output_format: str) -> None:
    """`lint ... | head -1`: not exit 1 ("findings") on a clean run, no traceback, stderr left alone."""
    paths = _files(tmp_path, 3)
    bad = tmp_path / "bad.json"
    bad.write_text('{"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}')
    entry = "from gemini_contract.cli.main import entry; entry()"
    command = [sys.executable, "-c", entry, "lint", "--format", output_format, *paths, str(bad)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before anything is written
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (-signal.SIGPIPE, b"")


def test_a_shell_shows_141_for_a_closed_pipe(tmp_path: Path) -> None:
    entry = "from gemini_contract.cli.main import entry; entry()"
    script = '"$0" -c "$1" lint --format json "$2" | true; echo "${PIPESTATUS[0]}"'
    shown = subprocess.run(
        ["bash", "-c", script, sys.executable, entry, _files(tmp_path, 1)[0]],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert (shown.stdout, shown.stderr) == ("141\n", "")


def test_an_interrupt_while_collecting_stops_the_children_not_yet_collected() -> None:
    """fork_map collects its children in order; an exception from a signal handler while it waits for a
    slow one kills and reaps that one (and any after it), and never touches one already reaped."""

    class Alarm(BaseException):
        pass

    def raise_alarm(signum: int, frame: object) -> None:
        raise Alarm

    forked: list[int] = []
    # Other tests in this worker process may have children of their own (a mock server, a cluster).
    others = set(_children(os.getpid()))

    def work(index: int, seconds: float) -> int:
        if index == 0:  # here, in this process: both children are forked by now
            forked.extend(pid for pid in _children(os.getpid()) if pid not in others)
        time.sleep(seconds)
        return index

    previous = signal.signal(signal.SIGALRM, raise_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with pytest.raises(Alarm):
            fork_map(work, [0.3, 0.0, 60])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert len(forked) == 2
    assert not any(_running(pid) for pid in forked)
    assert set(_children(os.getpid())) <= others  # reaped, not left as zombies
