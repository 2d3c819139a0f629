"""Ending a run on a signal the way a shell expects: clean-up runs, then exit 128 + the signal's number.

By default SIGTERM and SIGHUP end a Python process at once: no `finally` runs, so worker processes were
orphaned and kept computing. While `stopped_by_signals()` is active they raise `Interrupted` instead, which
unwinds through every `finally` (the fork executor kills and reaps its children there) up to `cli.main`,
which prints one line and returns 143 or 129. SIGINT already raises KeyboardInterrupt, which `cli.main`
maps to 130 the same way.

A signal ignored on purpose (SIG_IGN: `nohup`, a non-interactive background job) stays ignored. Off the
main thread, where Python cannot set handlers, nothing changes.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

# The signals that end a run with an exception here; SIGINT is Python's own (KeyboardInterrupt).
HANDLED: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(BaseException):
    """The run was stopped by a signal. A BaseException, like KeyboardInterrupt, so that `except Exception`
    clauses (which turn a bug in one file into a finding) do not swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal_name(signum)}")
        self.signum = signum


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def exit_status(signum: int) -> int:
    """The status a shell reports for a process ended by `signum`: 130 for SIGINT, 143 for SIGTERM, ..."""
    return 128 + signum


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP raise `Interrupted` (once: a second signal while the first one's
    clean-up runs is dropped, so that the clean-up is not cut short); the previous handlers come back after."""
    if not _in_main_thread():
        yield
        return
    raised = False

    def handle(signum: int, frame: FrameType | None) -> None:
        nonlocal raised
        if raised:
            return
        raised = True
        raise Interrupted(signum)

    previous: dict[int, _Handler] = {}
    try:
        for stopping in HANDLED:
            handler = signal.getsignal(stopping)
            if handler is signal.SIG_IGN or handler is None:  # None: set outside Python; leave it be
                continue
            previous[stopping] = handler
            signal.signal(stopping, handle)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _in_main_thread() -> bool:
    """Whether this is the main thread, where Python can set signal handlers. threading is asked only where it
    is imported already: a process that never started a thread runs in its main thread (and a plain lint
    does not import threading, 0.6% of its instructions)."""
    threading = sys.modules.get("threading")
    return threading is None or threading.current_thread() is threading.main_thread()
