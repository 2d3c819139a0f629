"""Running a lint: targets in, one FileResult per target out, in command-line order, using workers where it pays."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import BinaryIO

from gemini_contract.lint.batch import check_batch, check_batch_stream
from gemini_contract.lint.checking import check_document, check_stdin
from gemini_contract.lint.discovery import Kind, Target
from gemini_contract.lint.model import IO_ERROR, FileResult, LintOptions, error_result
from gemini_contract.lint.parallel import Workers
from gemini_contract.lint.progress import Progress

_WARM_UP = b'{"contents":[{"role":"user","parts":[{"text":"warm"}]}]}'


def warm_validator() -> None:
    """Build the validator's compiled state in the parent, so forked workers inherit it instead of each rebuilding it."""
    from gemini_contract.validator import validate, validate_record

    validate(_WARM_UP)
    validate_record(_WARM_UP)


def run(
    targets: list[Target],
    options: LintOptions,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """Yield the result of each target as soon as it (and every target before it) is done."""
    progress = progress if progress is not None else Progress(enabled=False)
    workers = Workers(options, warm=warm_validator)
    try:
        for kind, group in itertools.groupby(targets, key=lambda target: target.kind):
            if kind is Kind.DOCUMENT:
                yield from _documents([target.path for target in group], options, workers, progress)
                continue
            for target in group:
                yield _single(target, options, workers, progress, stdin)
    except BaseException:
        # Interrupted, or the consumer stopped early: do not wait for queued work.
        workers.terminate()
        raise
    workers.close()


def _documents(
    paths: list[str], options: LintOptions, workers: Workers, progress: Progress
) -> Iterator[FileResult]:
    results = workers.documents(paths) if workers.wants_files(len(paths)) else _serial(paths, options)
    for done, result in enumerate(results, start=1):
        progress.update("files", done, len(paths), f"{done:,}/{len(paths):,} files")
        yield result
    progress.clear()


def _serial(paths: list[str], options: LintOptions) -> Iterator[FileResult]:
    for path in paths:
        yield check_document(path, options)


def _single(
    target: Target, options: LintOptions, workers: Workers, progress: Progress, stdin: BinaryIO | None
) -> FileResult:
    if target.kind is Kind.BATCH:
        return check_batch(target.path, workers, progress)
    if target.kind in (Kind.STDIN, Kind.STDIN_BATCH):
        if stdin is None:
            return error_result(target.path, IO_ERROR, "cannot read: no standard input")
        if target.kind is Kind.STDIN_BATCH:
            return check_batch_stream(target.path, stdin, None, workers, progress)
        return check_stdin(target.path, stdin, options)
    return error_result(target.path, IO_ERROR, f"cannot check: {target.note}")
