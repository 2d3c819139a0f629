"""Positions: spans of a body's text, the one line index that turns offsets into lines and columns, the
structured fix a finding may carry, and the origins that map a body's positions into the file that holds it.

Offsets count code points of the body's decoded text (what `str` indexes), 0-based; lines and columns are
1-based and columns count code points, as every reporter prints them. A finding's span is its token: a key,
a scalar, or a container's opening bracket (the end of a whole container is not worth a second scan of it).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from gemini_contract.validator.findings import Finding

Position = tuple[int, int]  # (line, column), 1-based

# The rest of a token that is not a string: a number, a literal, or an unquoted key of tolerated text.
_BARE = re.compile(r"[^\s,:\[\]{}\"']*")
# The rest of a string after its opening quote, unrolled (runs, then escape + run): an alternation inside the
# repeat would keep a backtracking frame per character (270 MB for a 2 MB string).
_STRING_REST = {
    '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.S),
    "'": re.compile(r"[^'\\]*(?:\\.[^'\\]*)*'", re.S),
}


class Span(NamedTuple):
    """[start, end) offsets in the body's text."""

    start: int
    end: int


class Fix(NamedTuple):
    """Replace the text of `span` with `replacement` (the canonical spelling the normaliser already knows)."""

    span: Span
    replacement: str


def applicable(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes one run applies, in text order: where two overlap, the one that starts first wins (the other
    waits for the next run, as ruff's fix loop does: the fixes inside an object that GC107 wraps)."""
    chosen: list[Fix] = []
    for fix in sorted(set(fixes), key=lambda f: (f.span.start, f.span.end)):
        if not chosen or fix.span.start >= chosen[-1].span.end:
            chosen.append(fix)
    return chosen


def apply(text: str, fixes: Iterable[Fix]) -> str:
    """`text` with the `applicable` fixes applied."""
    pieces: list[str] = []
    at = 0
    for fix in applicable(fixes):
        pieces += (text[at : fix.span.start], fix.replacement)
        at = fix.span.end
    pieces.append(text[at:])
    return "".join(pieces)


def token_end(text: str, start: int) -> int:
    """Where the token that begins at `start` ends: past a string's closing quote, past a number, literal or
    bare word, or one past a bracket or any other single character. Never raises, whatever the text."""
    if start >= len(text):
        return start
    char = text[start]
    rest = _STRING_REST.get(char)
    if rest is not None:
        found = rest.match(text, start + 1)
        return found.end() if found is not None else len(text)
    end = _BARE.match(text, start).end()  # type: ignore[union-attr]
    return end if end > start else start + 1


def end_position(text: str, span: Span, line: int, column: int) -> Position:
    """Where `span` ends, from where it starts: only a string with raw newlines (tolerated text) spans
    lines, so this costs the token's length, not a second lookup from the start of the text."""
    newlines = text.count("\n", span.start, span.end)
    if not newlines:
        return line, column + span.end - span.start
    return line + newlines, span.end - text.rfind("\n", span.start, span.end)


def quoted(value: object) -> str:
    """A value as canonical JSON text (UTF-8 kept as is): the replacement text of a fix."""
    if type(value) is float and value - value == 0:  # finite: json writes float.__repr__, without its
        return float.__repr__(value)  # encoder's Python-level iterencode (2 us a call)
    return _QUOTE(value)


# What json.dumps(value, ensure_ascii=False) builds on every call, built once.
_QUOTE = json.JSONEncoder(ensure_ascii=False).encode


class LineIndex:
    """Lines and columns of offsets in one text. Lookups count newlines up to their offset (memchr speed)
    until they have scanned four times the text; then the index of every newline is built once, so that N
    lookups cost O(text + N log text), never O(N x text), and a few cost no index at all."""

    __slots__ = ("_newlines", "_scanned", "text")

    def __init__(self, text: str, newlines: list[int] | None = None) -> None:
        self.text = text
        self._newlines = newlines
        self._scanned = 0

    def position(self, offset: int) -> Position:
        if self._newlines is None:
            self._scanned += offset
            if self._scanned <= 4 * len(self.text):
                text = self.text
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1


class Origin(Protocol):
    """Where a body sits in its host file: maps a finding's body positions to host positions."""

    def place(self, finding: Finding) -> Finding: ...


class WholeFile:
    """The body is the whole file: positions are the file's. (Not a tuple: an empty one would be false.)"""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is WholeFile

    def __hash__(self) -> int:
        return hash(WholeFile)

    def __repr__(self) -> str:
        return "WholeFile()"

    def place(self, finding: Finding) -> Finding:
        return finding


class Record(NamedTuple):
    """The body is line `line` (1-based) of a JSON Lines file: every finding sits on that line (a finding
    without a position, such as one about the whole record, is placed on the line too), columns unchanged."""

    line: int

    def place(self, finding: Finding) -> Finding:
        # Built directly, not with dataclasses.replace (3 us a finding, 1-2% of a batch with findings).
        return type(finding)(
            finding.rule,
            finding.severity,
            finding.pointer,
            self.line,
            finding.column,
            finding.message,
            finding.hint,
            finding.span,
            self.line if finding.end_line is not None else None,
            finding.end_column,
            finding.fix,
        )


class Embedded(NamedTuple):
    """The body starts at (`line`, `column`) of a host file (a block in Markdown, the body of an .http
    request): its first line is shifted by the column, every line by the line."""

    line: int
    column: int

    def place(self, finding: Finding) -> Finding:
        if finding.line is None:
            return finding
        line, column = self._shift(finding.line, finding.column)
        end_line, end_column = (
            self._shift(finding.end_line, finding.end_column)
            if finding.end_line is not None
            else (None, None)
        )
        return replace(finding, line=line, column=column, end_line=end_line, end_column=end_column)

    def _shift(self, line: int, column: int | None) -> tuple[int, int | None]:
        if column is not None and line == 1:
            column += self.column - 1
        return line + self.line - 1, column
