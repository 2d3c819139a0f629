"""Where a JSON pointer's value (and key) starts in standard JSON text, at C speed.

For text orjson accepted with no duplicate keys (the fast path), finding a few positions should not cost a
full Python-level parse. This walks only along the pointer: keys are read with the C `scanstring`, sibling
values are skipped with the C scanner of the json module, so a 10 KB body costs microseconds per pointer.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re

_WS = re.compile(r"[ \t\n\r]*")
_WS_CHARS = frozenset(" \t\n\r")
# The json module's C scanner and string reader (typeshed does not describe them, hence the ignores).
_SCAN_ONCE = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


def _skip(text: str, at: int) -> int:
    if text[at] not in _WS_CHARS:  # compact JSON (batch records): no regex call at all
        return at
    end: int = _WS.match(text, at).end()  # type: ignore[union-attr]
    return end


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def offsets(text: str, pointer: str) -> tuple[int, int | None, bool] | None:
    """(offset of the value, offset of its key or None, True) for `pointer`, or the deepest ancestor found
    (then with key None and False); None only for text that is not standard JSON."""
    try:
        return _walk(text, _tokens(pointer))
    except (ValueError, IndexError, StopIteration):
        return None


def _walk(text: str, tokens: list[str]) -> tuple[int, int | None, bool]:
    at = _skip(text, 0)
    key_at: int | None = None
    for token in tokens:
        opener = text[at]
        if opener == "{":
            found = _member(text, at, token)
        elif opener == "[" and token.isdigit():
            found = _element(text, at, int(token))
        else:
            found = None
        if found is None:
            return at, None, False  # the pointer goes further than the text: the nearest ancestor
        at, key_at = found
    return at, key_at, True


def _member(text: str, at: int, name: str) -> tuple[int, int | None] | None:
    at = _skip(text, at + 1)
    while text[at] != "}":
        key_at = at
        key, at = _scanstring(text, at + 1)
        at = _skip(text, _skip(text, at) + 1)  # past ':'
        if key == name:
            return at, key_at
        at = _past_value(text, at)
    return None


def _element(text: str, at: int, index: int) -> tuple[int, int | None] | None:
    at = _skip(text, at + 1)
    position = 0
    while text[at] != "]":
        if position == index:
            return at, None
        at = _past_value(text, at)
        position += 1
    return None


def _past_value(text: str, at: int) -> int:
    """Where the next member or element starts (or the closing bracket), from the start of a value."""
    _, at = _SCAN_ONCE(text, at)
    at = _skip(text, at)
    return _skip(text, at + 1) if text[at] == "," else at
