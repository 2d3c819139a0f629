"""SIGTERM, SIGHUP and SIGINT as exceptions while files are written, so that clean-up code runs.

By default SIGTERM and SIGHUP end a Python process at once, skipping every `finally`; a writer that must
not leave temporary files behind turns them into `Interrupted` (SIGINT into KeyboardInterrupt, as Python
does) for as long as a `SignalGuard` is active, and can hold them over a section that must not be cut in
two (a run of renames, a clean-up). The previous handlers are restored when the guard ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any

_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

GUARDED: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class Interrupted(BaseException):
    """A SIGTERM or SIGHUP arrived while a guard was active. A BaseException, like KeyboardInterrupt,
    so that `except Exception` clauses do not swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum


class SignalGuard:
    """A context manager: while active, a guarded signal raises at once, or is held (see `deferred`, `hold`).

    A signal ignored on purpose (SIG_IGN, as under nohup or in a background job) stays ignored, and SIGINT is
    guarded only while it has Python's own handler (which raises KeyboardInterrupt anyway). Off the main thread, where Python cannot
    set handlers, the guard does nothing.
    """

    def __init__(self) -> None:
        self._previous: dict[int, _Handler] = {}
        self._holding = False
        self._pending: int | None = None

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is threading.main_thread():
            for signum in GUARDED:
                previous = signal.getsignal(signum)
                if not _guardable(signum, previous):
                    continue
                self._previous[signum] = previous
                signal.signal(signum, self._handle)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold guarded signals over the body, then raise the first one held, if any, once it is done."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self._raise_pending()

    def hold(self) -> None:
        """Hold every guarded signal from now until the guard ends (for clean-up after an interrupt)."""
        self._holding = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._holding:
            self._pending = self._pending or signum
            return
        self._holding = True  # a second signal must not cut short the clean-up the first one starts
        raise _exception(signum)

    def _raise_pending(self) -> None:
        signum, self._pending = self._pending, None
        if signum is not None:
            self._holding = True
            raise _exception(signum)


def _guardable(signum: int, previous: _Handler) -> bool:
    if previous is signal.SIG_IGN or previous is None:  # None: a handler set outside Python; leave it be
        return False
    return signum != signal.SIGINT or previous is signal.default_int_handler


def _exception(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Interrupted(signum)
