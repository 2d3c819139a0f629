"""Batch (JSON Lines) files: streamed in blocks of whole lines, each line checked on its own, in file order.

Memory stays flat whatever the file's length: a block is about BLOCK_BYTES plus at most one line of
--max-bytes, and only findings are kept. A line over the limit is read up to the limit, reported as too
large, and the rest of it skipped. A large file is cut into byte ranges at line starts, one per CPU;
each process reads and checks its own range (see `forking`), and the record numbers are joined up here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from gemini_contract.lint.checking import BlockResult, batch_result, check_block, place
from gemini_contract.lint.forking import ShardFailure, fork_map, shard_count
from gemini_contract.lint.model import IO_ERROR, FileResult, LintOptions, Located, error_result
from gemini_contract.lint.progress import Progress
from gemini_contract.lint.reading import ReadProblem, describe_os_error, open_regular
from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID

BLOCK_BYTES = 512 * 1024
# A range under this many bytes is not worth a process (fork, pickling the findings back).
MIN_BYTES_PER_SHARD = 2 * 1024 * 1024
_SKIP_BYTES = 1024 * 1024
EMPTY = "GC016"


def iter_blocks(
    stream: BinaryIO, max_bytes: int, block_bytes: int = BLOCK_BYTES, end: int | None = None
) -> Iterator[bytes]:
    """Blocks of whole lines up to the line that crosses `end` (or EOF); an overlong line is cut at max_bytes + 1."""
    while True:
        want = block_bytes if end is None else min(block_bytes, end - stream.tell())
        if want <= 0:
            return
        block = stream.read(want)
        if not block:
            return
        if not block.endswith(b"\n"):
            # Finish the block's last line, but never read more than the limit of it.
            head = block[block.rfind(b"\n") + 1 :]
            rest = stream.readline(max(1, max_bytes + 1 - len(head)))
            block += rest
            if len(head) + len(rest) > max_bytes and not rest.endswith(b"\n"):
                _skip_line(stream)
        yield block


def _skip_line(stream: BinaryIO) -> None:
    while True:
        piece = stream.readline(_SKIP_BYTES)
        if not piece or piece.endswith(b"\n"):
            return


def seek_line_start(stream: BinaryIO, offset: int) -> None:
    """Position `stream` at the first line that starts at or after `offset`."""
    if offset <= 0:
        stream.seek(0)
        return
    stream.seek(offset - 1)
    if stream.read(1) != b"\n":
        _skip_line(stream)


def check_blocks(
    blocks: Iterable[bytes],
    options: LintOptions,
    progress: Progress | None = None,
    label: str = "",
    total: int = 0,
) -> BlockResult:
    """Check blocks in order and merge them: line indexes count from the first line of the first block."""
    found: list[tuple[int, tuple[Finding, ...]]] = []
    lines = size = 0
    try:
        for block in blocks:
            result = check_block(block, options)
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


def check_range(
    path: str, start: int, end: int | None, options: LintOptions, progress: Progress | None
) -> BlockResult:
    """Check the lines that start in [start, end) of a batch file (to EOF when `end` is None)."""
    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return BlockResult(0, 0, (), io_error=opened.message)
    stream, size = opened
    with stream:
        try:
            seek_line_start(stream, start)
        except OSError as exc:
            return BlockResult(0, 0, (), io_error=describe_os_error(path, exc).message)
        span = (end if end is not None else size) - start
        return check_blocks(iter_blocks(stream, options.max_bytes, end=end), options, progress, path, span)


def check_batch(path: str, options: LintOptions, progress: Progress) -> FileResult:
    """Check every line of a batch file, over all CPUs when it is large; findings carry their line as record."""
    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return error_result(path, IO_ERROR, f"cannot read: {opened.message}", opened.hint)
    stream, size = opened
    stream.close()
    shards = shard_count(options.jobs, size // MIN_BYTES_PER_SHARD if options.jobs == 0 else size, 1)
    bounds = [size * index // shards for index in range(shards)]
    ranges = [
        (start, bounds[index + 1] if index + 1 < shards else None) for index, start in enumerate(bounds)
    ]
    try:
        outcomes = fork_map(
            lambda index, span: check_range(
                path, span[0], span[1], options, progress if index == 0 else None
            ),
            ranges,
        )
    finally:
        progress.clear()
    return _join(path, outcomes, options)


def check_batch_stream(path: str, stream: BinaryIO, options: LintOptions, progress: Progress) -> FileResult:
    """Check every line of a stream that cannot be cut into ranges (stdin), in this process."""
    try:
        outcome = check_blocks(iter_blocks(stream, options.max_bytes), options, progress, path)
    finally:
        progress.clear()
    return _join(path, [outcome], options)


def _join(
    path: str, outcomes: list[BlockResult | ShardFailure[tuple[int, int | None]]], options: LintOptions
) -> FileResult:
    found: list[Located] = []
    lines = size = 0
    for shard in outcomes:
        outcome = BlockResult(0, 0, (), failure=shard.message) if isinstance(shard, ShardFailure) else shard
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
