"""Recorded response streams as units: an SSE stream (`.sse`: one chunk per `data:` line) and a JSON-array
stream (a `.json` file holding `[chunk, chunk, ...]`, read with `--kind response`), each chunk placed by the
line and column where it starts in the file. (A response saved where a request is expected is recognised in
`recognize`.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gemini_contract.lint.units import BodyUnit, Context, Unit
from gemini_contract.results import WHOLE_FILE
from gemini_contract.validator.spans import Embedded

if TYPE_CHECKING:
    from gemini_contract.lint.settings import LintSettings

CHUNK = Context(response=True)


@dataclass(frozen=True, slots=True)
class SseReader:
    """`data:` lines of a Server-Sent Events stream, each a GenerateContentResponse chunk (other fields and
    comments are skipped; `data: [DONE]`-style sentinels are not JSON and are reported as such)."""

    name: str = "sse"
    suffixes: tuple[str, ...] = (".sse",)
    ranged: bool = False

    def units(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Iterator[Unit]:
        for number, line in enumerate(data.split(b"\n"), start=1):
            if not line.startswith(b"data:"):
                continue
            body = line[5:].rstrip(b"\r")
            column = 6
            if body.startswith(b" "):  # the one space after the colon is not part of the data (SSE spec)
                body, column = body[1:], 7
            yield BodyUnit(body, Embedded(number, column), CHUNK)


SSE = SseReader()


def array_units(data: bytes) -> Iterator[Unit] | None:
    """The items of a JSON-array stream, each placed where it starts; None when `data` is not one (then the
    file is one document, as usual)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        return None
    decoder = json.JSONDecoder()
    spans: list[tuple[int, int]] = []
    at = start + 1
    while True:
        at = _skip(text, at)
        if text.startswith("]", at):
            break
        try:
            _, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError:
            return None  # not a well-formed array: one document, whose parse finding says where
        spans.append((at, end))
        at = _skip(text, end)
        if text.startswith(",", at):
            at += 1
        elif not text.startswith("]", at):
            return None
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    return (_unit(text, a, b, newlines) for a, b in spans)


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _unit(text: str, start: int, end: int, newlines: list[int]) -> Unit:
    import bisect

    line = bisect.bisect_left(newlines, start)  # newlines before `start`
    column = start - (newlines[line - 1] + 1 if line else 0) + 1
    return BodyUnit(text[start:end].encode("utf-8"), Embedded(line + 1, column), CHUNK)


def document_units(data: bytes, settings: LintSettings) -> Iterator[Unit]:
    """A .json file as a response: a JSON-array stream's chunks, or the whole file as one response."""
    chunks = array_units(data) if settings.kind == "response" else None
    if chunks is None:
        yield BodyUnit(data, WHOLE_FILE, CHUNK if settings.kind == "response" else Context())
    else:
        yield from chunks
