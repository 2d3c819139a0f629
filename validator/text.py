"""Small pure helpers for messages: safe display of user data, pointers, and "did you mean"."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

MAX_SHOWN = 80
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def show(value: object, limit: int = MAX_SHOWN) -> str:
    """User data for a message: repr-quoted (control characters escaped) and truncated."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():  # the common case: nothing to escape, no walk over the characters
        return f"'{text}'"
    escaped = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return f"'{escaped}'"


def escape_token(token: str) -> str:
    """One RFC 6901 reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def join(pointer: str, token: str | int) -> str:
    return f"{pointer}/{escape_token(token) if isinstance(token, str) else token}"


def fold(name: str) -> str:
    """What a look-alike key most likely meant: NFKC, no zero-width characters, no separators, lower case."""
    folded = unicodedata.normalize("NFKC", name).translate(_ZERO_WIDTH)
    return folded.replace("_", "").replace("-", "").lower()


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The intended sibling of an unknown key: same name after folding (case, snake/camel, NFKC), else the
    nearest by edit distance."""
    return _did_you_mean(name, tuple(candidates))


@functools.lru_cache(maxsize=4096)
def _did_you_mean(name: str, options: tuple[str, ...]) -> str | None:
    # Cached: the same typo recurs across the records of a batch, and difflib costs ~70 us a call.
    folded = _folded(options).get(fold(name))
    if folded is not None:
        return folded
    import difflib  # here, not at import: a clean run never suggests (and difflib costs ~1 ms to import)

    close = difflib.get_close_matches(name[:MAX_SHOWN], options, n=1, cutoff=0.75)
    return close[0] if close else None


@functools.lru_cache(maxsize=256)
def _folded(options: tuple[str, ...]) -> dict[str, str]:
    """Folded spelling -> the first option with it."""
    found: dict[str, str] = {}
    for option in options:
        found.setdefault(fold(option), option)
    return found
