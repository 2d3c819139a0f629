"""Running a lint: targets in, one FileResult per target out, in command-line order, over all CPUs where it pays."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import BinaryIO

from gemini_contract.lint.batch import check_batch, check_batch_stream
from gemini_contract.lint.checking import check_document, check_stdin
from gemini_contract.lint.discovery import Kind, Target
from gemini_contract.lint.forking import ShardFailure, fork_map, shard_count
from gemini_contract.lint.model import INTERNAL_ERROR, IO_ERROR, FileResult, error_result
from gemini_contract.lint.progress import Progress
from gemini_contract.lint.settings import LintSettings

# Fewer files than this per process are not worth a fork (a file takes ~0.1-0.5 ms to check).
MIN_FILES_PER_SHARD = 32
_WARM_UP = b'{"contents":[{"role":"user","parts":[{"text":"warm"}]}]}'


def warm_validator() -> None:
    """Build the validator's compiled state once, before forking, so that children inherit it."""
    from gemini_contract.validator import validate, validate_record

    try:
        validate(_WARM_UP)
        validate_record(_WARM_UP)
    except Exception:  # a broken validator is reported per file, where the failure can be placed
        return


def run(
    targets: list[Target],
    options: LintSettings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """Yield the result of each target, in order, as soon as it is known."""
    progress = progress if progress is not None else Progress(enabled=False)
    warmed = False
    for kind, group in itertools.groupby(targets, key=lambda target: target.kind):
        if kind in (Kind.DOCUMENT, Kind.BATCH) and not warmed:
            warm_validator()
            warmed = True
        if kind is Kind.DOCUMENT:
            yield from _documents([target.path for target in group], options, progress)
            continue
        for target in group:
            yield _single(target, options, progress, stdin)


def _documents(paths: list[str], options: LintSettings, progress: Progress) -> Iterator[FileResult]:
    shards = shard_count(options.jobs, len(paths), MIN_FILES_PER_SHARD)
    if shards == 1:
        for done, path in enumerate(paths, start=1):
            yield check_document(path, options)
            progress.update("files", done, len(paths), f"{done:,}/{len(paths):,} files")
        progress.clear()
        return
    # Strided shards spread large and small files alike; shard 0 (this process) draws the progress.
    parts = [paths[index::shards] for index in range(shards)]

    def work(index: int, part: list[str]) -> list[FileResult]:
        results = []
        for done, path in enumerate(part, start=1):
            results.append(check_document(path, options))
            if index == 0:
                progress.update(
                    "files", done * shards, len(paths), f"~{done * shards:,}/{len(paths):,} files"
                )
        return results

    try:
        outcomes = fork_map(work, parts)
    finally:
        progress.clear()
    columns = [_unpack(outcome) for outcome in outcomes]
    for position in range(len(paths)):
        yield columns[position % shards][position // shards]


def _unpack(outcome: list[FileResult] | ShardFailure[list[str]]) -> list[FileResult]:
    if isinstance(outcome, ShardFailure):
        message = f"internal error: {outcome.message}"
        hint = "please report it with the output of `gemini-contract --debug lint ...`"
        return [error_result(path, INTERNAL_ERROR, message, hint) for path in outcome.shard]
    return outcome


def _single(target: Target, options: LintSettings, progress: Progress, stdin: BinaryIO | None) -> FileResult:
    if target.kind is Kind.BATCH:
        return check_batch(target.path, options, progress)
    if target.kind in (Kind.STDIN, Kind.STDIN_BATCH):
        if stdin is None:
            return error_result(target.path, IO_ERROR, "cannot read: no standard input")
        if target.kind is Kind.STDIN_BATCH:
            return check_batch_stream(target.path, stdin, options, progress)
        return check_stdin(target.path, stdin, options)
    return error_result(target.path, IO_ERROR, f"cannot check: {target.note}")
