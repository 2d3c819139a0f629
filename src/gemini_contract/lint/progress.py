"""A one-line progress indicator on stderr, drawn with carriage returns, only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from gemini_contract.textsafe import clean


class Progress:
    """Draws at most ten times a second; `enabled` is False when stderr is piped, in CI, or with --quiet."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_tty(self.stream) if enabled is None else enabled
        self._last = 0.0
        self._width = 0

    def update(self, label: str, done: int, total: int, unit: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        percent = f"{100 * done // total:3d}%" if total > 0 else "    "
        text = f"{percent} {clean(label, 60)} {unit}".rstrip()
        # Pad over the previous line's leftovers rather than relying on terminal erase sequences.
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
            self._last = 0.0


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
