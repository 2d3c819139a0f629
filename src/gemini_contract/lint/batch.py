"""Batch (JSON Lines) files: streamed in blocks of whole lines, each line checked on its own, in file order.

Memory stays flat whatever the file's length: a block is about BLOCK_BYTES plus at most one line of
--max-bytes, and only findings are kept. A line over the limit is read up to the limit, reported as too
large, and the rest of it skipped. A large file is cut into ranges of about a megabyte (each holds the
lines that start in it); one process per CPU claims the next range whenever it is free, reads and checks
it (see `forking.fork_claim`), and the record numbers are joined up here in file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from gemini_contract.lint.checking import BlockResult, Row, batch_result, check_block, place
from gemini_contract.lint.forking import MAX_CLAIMED_ITEMS, fork_claim, shard_count
from gemini_contract.lint.model import IO_ERROR, FileResult, Located, error_result
from gemini_contract.lint.progress import Progress
from gemini_contract.lint.reading import ReadProblem, describe_os_error, open_regular
from gemini_contract.lint.settings import LintSettings
from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID

BLOCK_BYTES = 512 * 1024
# A file under this many bytes per process is not worth one (fork, pickling the findings back).
MIN_BYTES_PER_SHARD = 2 * 1024 * 1024
# The work each process claims at a time (see chunk_bounds).
CHUNK_BYTES = 1024 * 1024
_SKIP_BYTES = 1024 * 1024
EMPTY = "GC016"


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


def check_blocks(
    blocks: Iterable[tuple[bytes, bool]],
    options: LintSettings,
    progress: Progress | None = None,
    label: str = "",
    total: int = 0,
) -> BlockResult:
    """Check blocks in order and merge them: line indexes count from the first line of the first block."""
    found: list[tuple[int, tuple[Row, ...]]] = []
    lines = size = 0
    try:
        for block, cut in blocks:
            result = check_block(block, options, cut_last=cut)
            found.extend((lines + index, findings) for index, findings in result.findings)
            lines += result.lines
            size += result.size
            if result.failure is not None:
                return BlockResult(lines, size, tuple(found), result.failure)
            if progress is not None:
                progress.update(label, size, total, f"{lines:,} records" if total else "")
    except OSError as exc:
        reason = describe_os_error(label, exc).message
        return BlockResult(lines, size, tuple(found), io_error=reason)
    return BlockResult(lines, size, tuple(found))


def check_range(path: str, start: int, end: int | None, options: LintSettings) -> BlockResult:
    """Check the lines that start in [start, end) of a batch file (to EOF when `end` is None)."""
    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return BlockResult(0, 0, (), io_error=opened.message)
    stream, _ = opened
    with stream:
        try:
            if not seek_line_start(stream, start, end):
                return BlockResult(0, 0, ())  # inside a line that started in an earlier range
        except OSError as exc:
            return BlockResult(0, 0, (), io_error=describe_os_error(path, exc).message)
        return check_blocks(iter_blocks(stream, options.max_bytes, end=end), options, label=path)


def check_batch(path: str, options: LintSettings, progress: Progress) -> FileResult:
    """Check every line of a batch file, over all CPUs when it is large; findings carry their line as record."""
    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return error_result(path, IO_ERROR, f"cannot read: {opened.message}", opened.hint)
    stream, size = opened
    stream.close()
    workers = shard_count(options.jobs, size // MIN_BYTES_PER_SHARD if options.jobs == 0 else size, 1)
    bounds = chunk_bounds(size, workers)

    def work(worker: int, item: int) -> BlockResult:
        result = check_range(path, bounds[item], bounds[item + 1], options)
        if worker == 0:  # items are claimed in order: everything before this one is claimed too
            progress.update(path, bounds[item + 1], size, "")
        return result

    try:
        results, failures = fork_claim(work, len(bounds) - 1, workers)
    finally:
        progress.clear()
    outcomes: list[BlockResult] = []
    for item in range(len(bounds) - 1):
        if item not in results:  # lost with a worker that died: what came before it still counts
            outcomes.append(BlockResult(0, 0, (), failure="; ".join(failures) or "a worker lost its work"))
            break
        outcomes.append(results[item])
    return _join(path, outcomes, options)


def chunk_bounds(size: int, workers: int) -> list[int]:
    """Byte offsets that cut a file into ranges claimed one by one (each range is its lines that start in it):
    small enough that the last to finish leaves little idle time, large enough to cost nothing to set up."""
    if workers <= 1:
        return [0, size]
    count = min(MAX_CLAIMED_ITEMS, max(workers * 4, -(-size // CHUNK_BYTES)))
    return [size * index // count for index in range(count + 1)]


def check_batch_stream(path: str, stream: BinaryIO, options: LintSettings, progress: Progress) -> FileResult:
    """Check every line of a stream that cannot be cut into ranges (stdin), in this process."""
    try:
        outcome = check_blocks(iter_blocks(stream, options.max_bytes), options, progress, path)
    finally:
        progress.clear()
    return _join(path, [outcome], options)


def _join(path: str, outcomes: list[BlockResult], options: LintSettings) -> FileResult:
    found: list[Located] = []
    lines = size = 0
    for outcome in outcomes:
        for index, findings in outcome.findings:
            found.extend(place(findings, lines + index + 1))
        lines += outcome.lines
        size += outcome.size
        if outcome.failure is not None or outcome.io_error is not None:
            return batch_result(
                path, found, BlockResult(lines, size, (), outcome.failure, outcome.io_error), options
            )
    if lines == 0:
        found.append(Located(_empty_finding(options.profile)))
    return batch_result(path, found, BlockResult(lines, size, ()), options)


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
