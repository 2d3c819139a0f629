"""Running a lint: targets in, one FileResult per target out, in command-line order, over an executor's workers
where it pays. Each target names its reader; whole-file readers' files are spread over workers file by file,
ranged readers' large files range by range."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from typing import BinaryIO, cast

from gemini_contract.lint import expectations, references
from gemini_contract.lint.checking import check_file, check_referenced, check_stdin
from gemini_contract.lint.discovery import Target
from gemini_contract.lint.executors import Executor, Failure, executor_for
from gemini_contract.lint.model import INTERNAL_ERROR, IO_ERROR, FileResult, error_result
from gemini_contract.lint.progress import Progress
from gemini_contract.lint.readers import reader_named
from gemini_contract.lint.settings import LintSettings
from gemini_contract.lint.suppress import suppress
from gemini_contract.lint.units import RangedReader, Reader
from gemini_contract.validator.contract import QUIET_AFTER

# Fewer files than this per process are not worth a fork (a file takes ~0.1-0.5 ms to check).
MIN_FILES_PER_SHARD = 32
_WARM_UP = b'{"contents":[{"role":"user","parts":[{"text":"warm"}]}]}'


def warm_validator(*, many: bool) -> None:
    """Build the validator's compiled state once, before forking, so that children inherit it; with `many`
    (more documents ahead than a contract checks before it compiles its quiet validators: many files, or a
    ranged file such as a JSONL batch), the quiet validators too (see Contract.quiet_due)."""
    from gemini_contract.validator import validate, validate_record
    from gemini_contract.validator.contract import request_contract

    if many:
        request_contract().quiet_after(0)
    try:
        validate(_WARM_UP)
        validate_record(_WARM_UP)
    except Exception:  # a broken validator is reported per file, where the failure can be placed
        return


def run(
    targets: list[Target],
    settings: LintSettings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> Iterator[FileResult]:
    """Yield the result of each target, in order, as soon as it is known, its suppressed rules left out."""
    known = None
    if settings.baseline is not None:
        from gemini_contract.lint.baseline import load as load_baseline  # only with --baseline

        known = load_baseline(settings.baseline)
    sidecars = expectations.Sidecars()
    # Bodies that Markdown curls send from other files join the targets, each once, with its curl's model.
    targets, notes = references.plan(targets, settings)
    for result in _results(targets, settings, stdin=stdin, progress=progress, executor=executor):
        result = references.noted(result, notes.get(result.path, ()), settings)  # noqa: PLW2901
        result = expectations.apply(suppress(result, settings), settings.fail_on, sidecars)  # noqa: PLW2901
        yield known.filter(result, settings.fail_on) if known is not None else result


def _results(
    targets: list[Target],
    settings: LintSettings,
    *,
    stdin: BinaryIO | None,
    progress: Progress | None,
    executor: Executor | None,
) -> Iterator[FileResult]:
    progress = progress if progress is not None else Progress(enabled=False)
    executor = executor if executor is not None else executor_for(settings.jobs)
    warmed = False
    for spread, group in itertools.groupby(targets, key=_spread_by_file):
        targets_in_group = list(group)
        if not warmed and any(target.reader is not None and not target.stdin for target in targets_in_group):
            warm_validator(many=_many_documents(targets))
            warmed = True
        if spread:
            yield from _files(targets_in_group, settings, executor, progress)
            continue
        for target in targets_in_group:
            yield _single(target, settings, executor, progress, stdin)


def _many_documents(targets: list[Target]) -> bool:
    """Whether the run checks more documents than QUIET_AFTER (counting a ranged file, a batch, as many)."""
    return len(targets) > QUIET_AFTER or any(
        target.reader is not None and reader_named(target.reader).ranged for target in targets
    )


def _spread_by_file(target: Target) -> bool:
    """Whether the target is a file its reader takes whole: such files are checked over workers together."""
    return (
        target.reader is not None
        and not target.stdin
        and target.via is None  # checked with its own model: on its own
        and not reader_named(target.reader).ranged
    )


def _files(
    targets: list[Target], settings: LintSettings, executor: Executor, progress: Progress
) -> Iterator[FileResult]:
    items = [(target.path, reader_named(cast(str, target.reader))) for target in targets]
    total = len(items)
    workers = executor.workers(total, MIN_FILES_PER_SHARD)
    about = "~" if workers > 1 else ""

    def done(index: int) -> None:  # in this process; items are handed out in order
        progress.update("files", index + 1, total, f"{about}{index + 1:,}/{total:,} files")

    outcomes = executor.map(functools.partial(check_file, settings=settings), items, workers, done)
    try:
        for (path, _), outcome in zip(items, outcomes, strict=True):
            yield _lost(path, outcome) if isinstance(outcome, Failure) else outcome
    finally:
        progress.clear()


def _lost(path: str, failure: Failure) -> FileResult:
    message = f"internal error: {failure.message}"
    hint = "please report it with the output of `gemini-contract --debug lint ...`"
    return error_result(path, INTERNAL_ERROR, message, hint)


def _single(
    target: Target,
    settings: LintSettings,
    executor: Executor,
    progress: Progress,
    stdin: BinaryIO | None,
) -> FileResult:
    if target.reader is None:
        return error_result(target.path, IO_ERROR, f"cannot check: {target.note}")
    if target.via is not None:
        return check_referenced(target.path, target.model, target.via, settings)
    reader: Reader = reader_named(target.reader)
    # Batch files (and their fork machinery) are imported only when one is linted.
    from gemini_contract.lint.batch import check_ranged_file, check_ranged_stream

    if not target.stdin:
        return check_ranged_file(target.path, settings, executor, progress)
    if stdin is None:
        return error_result(target.path, IO_ERROR, "cannot read: no standard input")
    if reader.ranged:
        return check_ranged_stream(target.path, stdin, cast(RangedReader, reader), settings, progress)
    return check_stdin(target.path, stdin, reader, settings)
