"""The JSON Lines reader (.jsonl, .ndjson, Batch API input): one unit per line, read in blocks of whole lines.

Memory stays flat whatever the file's length: a block is about BLOCK_BYTES plus at most one line of
--max-bytes. A line over the limit is read up to the limit, becomes a unit that carries the too-large
finding (GC010) instead of a body, and the rest of it is skipped. Being a ranged reader, a large file is cut
into byte ranges (each holds the lines that start in it) that workers read on their own (see `batch`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from gemini_contract.lint.recognize import is_request_lines
from gemini_contract.lint.units import RECORD_CONTEXT, Records, Unit, units_of
from gemini_contract.validator.findings import Finding, Severity
from gemini_contract.validator.ruleset import RULES_BY_ID

if TYPE_CHECKING:
    from gemini_contract.lint.settings import LintSettings

BLOCK_BYTES = 512 * 1024
_SKIP_BYTES = 1024 * 1024
TOO_LARGE = "GC010"


def too_large_finding(limit: int, profile: str) -> Finding:
    """The finding for a batch line over the size limit: read up to the limit only, so not checked."""
    rule = RULES_BY_ID.get(TOO_LARGE)
    severity = rule.severity_in(profile) if rule is not None else Severity.ERROR
    return Finding(
        TOO_LARGE,
        severity,
        "",
        None,
        None,
        f"record longer than the --max-bytes limit of {limit:,} bytes; not checked",
        "records this large are over the API's request size limit",
    )


def split_lines(block: bytes) -> list[bytes]:
    """The lines of a block that ends at a line end (or at the end of the file); CRLF endings allowed."""
    lines = block.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()  # the empty piece after the block's final newline is not a record
    if block.find(b"\r") < 0:  # the common case: no line to look at twice
        return lines
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def iter_blocks(
    stream: BinaryIO, max_bytes: int, block_bytes: int = BLOCK_BYTES, end: int | None = None
) -> Iterator[tuple[bytes, bool]]:
    """Blocks of whole lines up to the line that crosses `end` (or EOF), each with whether its last line is
    over max_bytes: such a line is not kept (only the part the block read, so memory stays at about
    block_bytes whatever the line's length), and the rest of it is skipped."""
    while True:
        want = block_bytes if end is None else min(block_bytes, end - stream.tell())
        if want <= 0:
            return
        block = stream.read(want)
        if not block:
            return
        cut = False
        if not block.endswith(b"\n"):
            # Finish the block's last line in pieces, and only while it is within the limit.
            length = len(block) - (block.rfind(b"\n") + 1)
            tail: list[bytes] = []
            while length <= max_bytes:
                piece = stream.readline(min(_SKIP_BYTES, max_bytes + 1 - length))
                if not piece:
                    break
                tail.append(piece)
                length += len(piece)
                if piece.endswith(b"\n"):
                    length -= 1  # the newline is not part of the line
                    break
            if length > max_bytes:
                cut = True
                _skip_line(stream)
            else:
                block += b"".join(tail)
        yield block, cut


def _skip_line(stream: BinaryIO, end: int | None = None) -> bool:
    """Read past the end of the current line; False if that is at EOF or at or after `end` (when given)."""
    while True:
        budget = _SKIP_BYTES if end is None else min(_SKIP_BYTES, end - stream.tell())
        if budget <= 0:
            return False
        piece = stream.readline(budget)
        if not piece:
            return False
        if piece.endswith(b"\n"):
            return end is None or stream.tell() < end


def seek_line_start(stream: BinaryIO, offset: int, end: int | None = None) -> bool:
    """Position `stream` at the first line that starts at or after `offset`; False if no line starts there
    before `end`. Never reads past `end`: a range inside one long line costs its own length, not the line's
    (with ~1 MB ranges, a 300 MB one-line file was read 300 times over)."""
    if offset <= 0:
        stream.seek(0)
        return end is None or end > 0
    stream.seek(offset - 1)
    if stream.read(1) == b"\n":
        return end is None or offset < end
    return _skip_line(stream, end)


@dataclass(frozen=True, slots=True)
class JsonLinesReader:
    """Each line is a request body or a Batch API `{"key", "request"}` record, checked on its own."""

    name: str = "jsonl"
    suffixes: tuple[str, ...] = (".jsonl", ".ndjson")
    ranged: bool = True

    def recognizes(self, head: bytes) -> bool:
        return is_request_lines(head)

    def records(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Records:
        lines = split_lines(data)
        limit = settings.max_bytes
        # The common case: a block within the limit has no line over it, and no line is looked at twice.
        if not cut_last and (len(data) <= limit or max(map(len, lines), default=0) <= limit):
            return Records(lines, RECORD_CONTEXT)
        over = len(lines) - 1 if cut_last else -1
        too_large = too_large_finding(limit, settings.profile)
        bodies = [
            too_large if index == over or len(line) > limit else line for index, line in enumerate(lines)
        ]
        return Records(bodies, RECORD_CONTEXT)

    def units(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Iterator[Unit]:
        return units_of(self.records(data, settings, cut_last))

    def seek(self, stream: BinaryIO, offset: int, end: int | None = None) -> bool:
        return seek_line_start(stream, offset, end)

    def blocks(
        self, stream: BinaryIO, max_bytes: int, end: int | None = None
    ) -> Iterator[tuple[bytes, bool]]:
        return iter_blocks(stream, max_bytes, end=end)


JSON_LINES = JsonLinesReader()
