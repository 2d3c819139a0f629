"""Batch (JSON Lines) files: streamed in blocks of whole lines, each line checked on its own, in file order.

Memory stays flat whatever the file's length: a block is about BLOCK_BYTES plus at most one line of
--max-bytes, only a few blocks are in flight, and only findings are kept. A line over the limit is
read up to the limit, reported as too large, and the rest of it skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from gemini_contract.lint.checking import BlockResult, batch_result, check_block, place
from gemini_contract.lint.model import IO_ERROR, FileResult, Located, error_result
from gemini_contract.lint.parallel import Workers
from gemini_contract.lint.progress import Progress
from gemini_contract.lint.reading import ReadProblem, describe_os_error, open_regular
from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID

BLOCK_BYTES = 512 * 1024
_SKIP_BYTES = 1024 * 1024
EMPTY = "GC016"


def iter_blocks(stream: BinaryIO, max_bytes: int, block_bytes: int = BLOCK_BYTES) -> Iterator[bytes]:
    """Blocks of whole lines; a line longer than `max_bytes` is cut at `max_bytes + 1` bytes."""
    while True:
        block = stream.read(block_bytes)
        if not block:
            return
        if not block.endswith(b"\n"):
            # Finish the block's last line, but never read more than the limit of it.
            head = block[block.rfind(b"\n") + 1 :]
            rest = stream.readline(max(0, max_bytes + 1 - len(head)) or 1)
            block += rest
            if len(head) + len(rest) > max_bytes and not rest.endswith(b"\n"):
                _skip_line(stream)
        yield block


def _skip_line(stream: BinaryIO) -> None:
    while True:
        piece = stream.readline(_SKIP_BYTES)
        if not piece or piece.endswith(b"\n"):
            return


def check_batch(path: str, workers: Workers, progress: Progress) -> FileResult:
    """Check every line of a batch file; findings carry the line number as their record."""
    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return error_result(path, IO_ERROR, f"cannot read: {opened.message}", opened.hint)
    stream, size = opened
    with stream:
        return check_batch_stream(path, stream, size, workers, progress)


def check_batch_stream(
    path: str, stream: BinaryIO, size: int | None, workers: Workers, progress: Progress
) -> FileResult:
    """Check every line of an open batch stream (`size` None when unknown, as for stdin)."""
    options = workers.options
    found: list[Located] = []
    records = done = 0
    failure: str | None = None
    blocks = iter_blocks(stream, options.max_bytes)
    results: Iterator[BlockResult]
    if workers.wants_batch(size):
        results = workers.blocks(blocks)
    else:
        results = (check_block(block, options) for block in blocks)
    try:
        for result in results:
            for index, findings in result.findings:
                found.extend(place(findings, records + index + 1))
            records += result.lines
            done += result.size
            if result.failure is not None:
                failure = result.failure
                break
            progress.update(path, done, size or 0, f"{records:,} records")
    except OSError as exc:
        return error_result(path, IO_ERROR, f"cannot read: {describe_os_error(path, exc).message}")
    finally:
        progress.clear()
    if records == 0 and failure is None:
        found.append(Located(_empty_finding(options.profile)))
    return batch_result(path, found, records, failure, options)


def _empty_finding(profile: str) -> Finding:
    rule = RULES_BY_ID[EMPTY]
    return Finding(
        EMPTY,
        rule.severity_in(profile),
        "",
        None,
        None,
        "batch file has no records",
        "a batch file holds one request (or {key, request} record) per line",
    )
