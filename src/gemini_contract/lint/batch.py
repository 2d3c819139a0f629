"""Ranged files (JSON Lines): read in blocks of whole records, cut into byte ranges when large, joined in order.

Memory stays flat whatever the file's length (see the reader's `blocks`): only findings are kept. A large
file is cut into ranges of about a megabyte (each holds the records that start in it); the executor's
workers claim the next range whenever they are free and check it (`check_range`, a module-level function
so that any executor can ship it), and `merge_ranges` joins the outcomes up in file order, placing each
finding at its record with `Record(line)`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import BinaryIO, cast

from gemini_contract.lint.checking import BlockResult, Row, batch_result, check_block, from_row
from gemini_contract.lint.executors import Executor
from gemini_contract.lint.forking import MAX_CLAIMED_ITEMS
from gemini_contract.lint.model import IO_ERROR, FileResult, Located, error_result
from gemini_contract.lint.progress import Progress
from gemini_contract.lint.readers import reader_for
from gemini_contract.lint.reading import ReadProblem, describe_os_error, open_regular
from gemini_contract.lint.settings import LintSettings
from gemini_contract.lint.suppress import for_file, should_recognize, skipped
from gemini_contract.lint.units import HEAD_BYTES, RangedReader, recognizes
from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID
from gemini_contract.validator.spans import Record

# A file under this many bytes per process is not worth one (fork, pickling the findings back).
MIN_BYTES_PER_SHARD = 2 * 1024 * 1024
# The work each process claims at a time (see chunk_bounds).
CHUNK_BYTES = 1024 * 1024
EMPTY = "GC016"


def check_blocks(
    reader: RangedReader,
    blocks: Iterable[tuple[bytes, bool]],
    settings: LintSettings,
    *,
    progress: Progress | None = None,
    label: str = "",
    total: int = 0,
) -> BlockResult:
    """Check blocks in order and merge them: record indexes count from the first record of the first block."""
    found: list[tuple[int, tuple[Row, ...]]] = []
    lines = size = 0
    try:
        for block, cut in blocks:
            result = check_block(reader, block, settings, cut_last=cut)
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


def check_range(path: str, start: int, end: int | None, settings: LintSettings) -> BlockResult:
    """Check the records that start in [start, end) of a ranged file (to EOF when `end` is None). Ranged
    readers are picked by suffix only, so the path names its reader."""
    found = reader_for(path)
    if found is None or not found.ranged:
        return BlockResult(0, 0, (), failure=f"no ranged reader for {path!r}")
    reader = cast(RangedReader, found)
    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return BlockResult(0, 0, (), io_error=opened.message)
    stream, _ = opened
    with stream:
        try:
            if not reader.seek(stream, start, end):
                return BlockResult(0, 0, ())  # inside a record that started in an earlier range
        except OSError as exc:
            return BlockResult(0, 0, (), io_error=describe_os_error(path, exc).message)
        return check_blocks(reader, reader.blocks(stream, settings.max_bytes, end=end), settings, label=path)


def check_range_item(path: str, bounds: Sequence[int], settings: LintSettings, item: int) -> BlockResult:
    """The work of one claimed item: range `item` of `bounds` (module-level, so that executors can ship it)."""
    return check_range(path, bounds[item], bounds[item + 1], settings)


def check_ranged_file(
    path: str, settings: LintSettings, executor: Executor, progress: Progress
) -> FileResult:
    """Check every record of a ranged file, over the executor's workers when it is large."""
    settings = for_file(path, settings)
    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return error_result(path, IO_ERROR, f"cannot read: {opened.message}", opened.hint)
    stream, size = opened
    with stream:
        try:
            head = stream.read(HEAD_BYTES) if should_recognize(path, settings) else None
        except OSError as exc:
            return error_result(path, IO_ERROR, f"cannot read: {describe_os_error(path, exc).message}")
    ranged = reader_for(path)
    if head is not None and ranged is not None and not recognizes(ranged, head):
        return skipped(path)
    workers = executor.workers(size // MIN_BYTES_PER_SHARD if settings.jobs == 0 else size, 1)
    bounds = chunk_bounds(size, workers)

    def done(item: int) -> None:  # in this process: items are claimed in order, so all before it are too
        progress.update(path, bounds[item + 1], size, "")

    work = functools.partial(check_range_item, path, bounds, settings)
    try:
        results, failures = executor.claim(work, len(bounds) - 1, workers, done)
    finally:
        progress.clear()
    return merge_ranges(path, ordered_outcomes(results, len(bounds) - 1, failures), settings)


def chunk_bounds(size: int, workers: int) -> list[int]:
    """Byte offsets that cut a file into ranges claimed one by one (each range is its records that start in it):
    small enough that the last to finish leaves little idle time, large enough to cost nothing to set up."""
    if workers <= 1:
        return [0, size]
    count = min(MAX_CLAIMED_ITEMS, max(workers * 4, -(-size // CHUNK_BYTES)))
    return [size * index // count for index in range(count + 1)]


def check_ranged_stream(
    path: str, stream: BinaryIO, reader: RangedReader, settings: LintSettings, progress: Progress
) -> FileResult:
    """Check every record of a stream that cannot be cut into ranges (stdin), in this process."""
    try:
        blocks = reader.blocks(stream, settings.max_bytes)
        outcome = check_blocks(reader, blocks, settings, progress=progress, label=path)
    finally:
        progress.clear()
    return merge_ranges(path, [outcome], settings)


def ordered_outcomes(
    results: Mapping[int, BlockResult], count: int, failures: Sequence[str]
) -> list[BlockResult]:
    """The outcomes of ranges 0..count-1 in order, up to the first one lost with a worker that died (what came
    before it still counts; it becomes the failure that ends the file)."""
    outcomes: list[BlockResult] = []
    for item in range(count):
        if item not in results:
            outcomes.append(BlockResult(0, 0, (), failure="; ".join(failures) or "a worker lost its work"))
            break
        outcomes.append(results[item])
    return outcomes


def merge_ranges(path: str, outcomes: Sequence[BlockResult], settings: LintSettings) -> FileResult:
    """One result for a ranged file from the outcomes of its ranges in file order: record numbers join up, and
    each finding is placed at its record; the first range that failed or could not be read ends the file."""
    found: list[Located] = []
    lines = size = 0
    for outcome in outcomes:
        for index, rows in outcome.findings:
            origin = Record(lines + index + 1)
            found.extend(Located(from_row(row, origin), origin) for row in rows)
        lines += outcome.lines
        size += outcome.size
        if outcome.failure is not None or outcome.io_error is not None:
            return batch_result(
                path, found, BlockResult(lines, size, (), outcome.failure, outcome.io_error), settings
            )
    if lines == 0:
        found.append(Located(_empty_finding(settings.profile)))
    return batch_result(path, found, BlockResult(lines, size, ()), settings)


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
