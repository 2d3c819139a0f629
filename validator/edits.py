"""Fixes whose replacement depends on the text around the finding's token, not on the token alone: a single
object wrapped in a list (GC107), a null member removed with its comma (GC109).

The normaliser knows the canonical form (a list of that one object; the member absent) but sees parsed values,
not text; these edits make it from the text itself, so that the object keeps its layout and the lines around
a removed member keep theirs. Each takes the body's text and where the finding's token starts, and returns
None where the text is not what the finding says it is (then no fix is offered, never a guess).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gemini_contract.validator.spans import Fix, Span, token_end

_WS = re.compile(r"[ \t\n\r]*")
# The next character that matters inside a container: a bracket or the start of a string.
_STRUCTURE = re.compile(r"[\[\]{}\"']")
_CLOSE = {"{": "}", "[": "]"}


def _skip(text: str, at: int) -> int:
    return _WS.match(text, at).end()  # type: ignore[union-attr]


def _skip_back(text: str, at: int) -> int:
    """The index of the last character before `at` that is not whitespace (-1 if none)."""
    at -= 1
    while at >= 0 and text[at] in " \t\n\r":
        at -= 1
    return at


def container_end(text: str, start: int) -> int | None:
    """One past the bracket that closes the container opening at `start` (strings skipped, either quote
    of tolerated text); None if it is not closed."""
    if text[start : start + 1] not in _CLOSE:
        return None
    depth = 0
    at = start
    while True:
        found = _STRUCTURE.search(text, at)
        if found is None:
            return None
        char, at = found.group(), found.start()
        if char in "\"'":
            at = token_end(text, at)
            continue
        depth += 1 if char in _CLOSE else -1
        at += 1
        if depth == 0:
            return at


def wrap_in_list(text: str, at: int) -> Fix | None:
    """GC107: the object at `at` as the one item of a list, its text unchanged."""
    end = container_end(text, at)
    if end is None or text[at] != "{":
        return None
    return Fix(Span(at, end), "[" + text[at:end] + "]")


def drop_member(text: str, key_at: int) -> Fix | None:
    """GC109: the member whose key starts at `key_at` (its value null) removed with one comma: the one after
    it when a member follows (so the next member takes its place, indentation and all), else the one before
    it; an object left without members becomes `{}`."""
    colon = _skip(text, token_end(text, key_at))
    if text[colon : colon + 1] != ":":
        return None
    value = _skip(text, colon + 1)
    if not text.startswith("null", value):
        return None
    after = _skip(text, value + 4)
    if text[after : after + 1] == ",":
        following = _skip(text, after + 1)
        if text[following : following + 1] not in ("}", ""):
            return Fix(Span(key_at, following), "")
        end = after + 1  # a trailing comma: the member is the last one
    elif text[after : after + 1] == "}":
        end = value + 4
    else:
        return None
    before = _skip_back(text, key_at)
    if before >= 0 and text[before] == ",":
        return Fix(Span(before, end), "")
    if before >= 0 and text[before] == "{":  # the only member
        close = _skip(text, end)
        return Fix(Span(before + 1, close), "") if text[close : close + 1] == "}" else None
    return None


# Rule -> the edit that fixes its findings, given the text and where the finding's token starts.
EDITS: dict[str, Callable[[str, int], Fix | None]] = {
    "GC107": wrap_in_list,
    "GC109": drop_member,
}
