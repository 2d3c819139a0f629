"""The progress line: carriage-return redraws on a terminal only, cleared at the end, user text escaped."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from gemini_contract.lint.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_drawn_on_a_terminal_and_cleared() -> None:
    stream = Tty()
    progress = Progress(stream)
    assert progress.enabled
    progress.update("big\x1b[2J.jsonl", 50, 200, "1,000 records")
    progress.clear()
    text = stream.getvalue()
    assert text.startswith("\r 25% big\\x1b[2J.jsonl 1,000 records")
    assert "\n" not in text
    assert text.endswith("\r")


def test_silent_when_piped_or_disabled() -> None:
    piped = io.StringIO()
    Progress(piped).update("a.jsonl", 1, 2)
    assert piped.getvalue() == ""
    tty = Tty()
    Progress(tty, enabled=False).update("a.jsonl", 1, 2)
    assert tty.getvalue() == ""


def test_redraws_at_most_ten_times_a_second() -> None:
    stream = Tty()
    progress = Progress(stream)
    for done in range(1000):
        progress.update("a.jsonl", done, 1000)
    assert stream.getvalue().count("\r") <= 2


def test_progress_on_a_real_terminal_only(tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}\n' * 50)
    command = [
        sys.executable,
        "-c",
        "from gemini_contract.cli.main import entry; entry()",
        "lint",
        str(batch),
    ]
    master, slave = pty.openpty()
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=slave, check=False, timeout=60)
        os.close(slave)
        drawn = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other side is closed and drained
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(master)
    assert done.returncode == 0
    assert b"\r100% " in drawn or b"\r  0% " in drawn
    assert b"records" in drawn
    assert b"\r" not in done.stdout
    piped = subprocess.run(command, capture_output=True, check=False, timeout=60)
    assert b"\r" not in piped.stderr
