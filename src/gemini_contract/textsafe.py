"""Making user data safe to print (control and invisible characters escaped, length capped); shared by the
progress line and every reporter, so it sits below both."""

from __future__ import annotations

import functools
import re

MESSAGE_LIMIT = 400
HINT_LIMIT = 200
PATH_LIMIT = 1000

# C0/C1 controls and DEL (terminal escapes, carriage returns that overwrite a line), zero-width and
# bidirectional controls (text that reads differently than it is), BOM, and lone surrogates (which
# cannot be encoded and would crash the write).
_UNSAFE_CHARS = "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """Compiled on the first text cleaned: a run with nothing to report (or draw) never needs it, and the
    compile was 1% of a one-file lint's instructions."""
    return re.compile(_UNSAFE_CHARS)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str, limit: int | None = MESSAGE_LIMIT) -> str:
    """`text` capped at `limit` characters (with an ellipsis) and with unsafe characters escaped."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 3] + "..."
    return _unsafe().sub(_escape, text)
