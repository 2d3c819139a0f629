"""Checking one unit of work: a request file, standard input, or a block of batch lines; runs in workers too.

Every function here returns results as data and turns any unexpected exception into an internal-error
result for that unit (unless `debug`), so one bad input never hides the results for the others.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import BinaryIO

from gemini_contract import validator
from gemini_contract.lint.model import (
    INTERNAL_ERROR,
    IO_ERROR,
    FileResult,
    Located,
    Status,
    error_result,
    status_for,
)
from gemini_contract.lint.reading import ReadProblem, TooLarge, read_document, read_stream
from gemini_contract.lint.settings import LintSettings
from gemini_contract.validator.findings import Finding, Severity
from gemini_contract.validator.ruleset import RULES_BY_ID

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


def _validate(data: bytes, options: LintSettings) -> tuple[Finding, ...]:
    report = validator.validate(
        data,
        profile=options.profile,
        select=options.select,
        ignore=options.ignore,
        max_bytes=options.max_bytes,
    )
    return tuple(sorted(report.findings, key=Finding.sort_key))


def _internal(path: str, exc: BaseException) -> FileResult:
    import traceback  # only on the (rare) internal error path

    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    at = f" at {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno}" if where else ""
    return error_result(
        path,
        INTERNAL_ERROR,
        f"internal error: {type(exc).__name__}: {exc}{at}",
        "please report it with the output of `gemini-contract --debug lint ...`",
    )


def _from_read(path: str, read: bytes | ReadProblem | TooLarge, options: LintSettings) -> FileResult:
    if isinstance(read, ReadProblem):
        return error_result(path, IO_ERROR, f"cannot read: {read.message}", read.hint)
    if isinstance(read, TooLarge):
        size = f"{read.size:,} bytes, " if read.size is not None else ""
        return error_result(
            path,
            IO_ERROR,
            f"cannot read: {size}over the --max-bytes limit of {read.limit:,} bytes; not read",
            "raise --max-bytes to check it; requests over 100 MB are over the API's limit anyway",
        )
    try:
        findings = tuple(Located(f) for f in _validate(read, options))
    except Exception as exc:
        if options.debug:
            raise
        return _internal(path, exc)
    return FileResult(path, status_for(findings, options.fail_on), findings)


def check_document(path: str, options: LintSettings) -> FileResult:
    """Read and check one request file (never a FIFO, device or oversize file)."""
    return _from_read(path, read_document(path, options.max_bytes), options)


def check_stdin(name: str, stream: BinaryIO, options: LintSettings) -> FileResult:
    """Check one request body read from standard input (at most --max-bytes of it)."""
    return _from_read(name, read_stream(stream, options.max_bytes), options)


# A batch finding on its way to the report: rule, severity value, pointer, column, message, hint. Findings of
# a batch cross a pipe from worker processes; plain tuples pickle several times faster than Finding objects,
# and the parent builds each placed Finding once, from its row (see `place`).
Row = tuple[str, int, str, int | None, str, str | None]
_SEVERITIES = {int(severity): severity for severity in Severity}


def as_row(finding: Finding) -> Row:
    return (
        finding.rule,
        int(finding.severity),
        finding.pointer,
        finding.column,
        finding.message,
        finding.hint,
    )


@dataclass(frozen=True, slots=True)
class BlockResult:
    """The outcome for one block of batch lines: how many lines, and the findings by 0-based line index."""

    lines: int
    size: int  # bytes of the block, for progress
    findings: tuple[tuple[int, tuple[Row, ...]], ...]
    failure: str | None = None  # an internal error, as one line
    io_error: str | None = None  # the file could not be read to its end


def split_lines(block: bytes) -> list[bytes]:
    """The lines of a block that ends at a line end (or at the end of the file); CRLF endings allowed."""
    lines = block.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()  # the empty piece after the block's final newline is not a record
    if block.find(b"\r") < 0:  # the common case: no line to look at twice
        return lines
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def check_block(block: bytes, options: LintSettings, *, cut_last: bool = False) -> BlockResult:
    """Check each line of a batch block on its own (request body or {"key", "request"} record); with
    `cut_last`, the last line was over the limit and only its start was read (see batch.iter_blocks)."""
    lines = split_lines(block)
    over = len(lines) - 1 if cut_last else -1
    found: list[tuple[int, tuple[Row, ...]]] = []
    # Bound once: this loop runs for every record of a batch, most of which have no finding.
    validate = functools.partial(
        validator.validate_record, profile=options.profile, select=options.select, ignore=options.ignore
    )
    limit = options.max_bytes
    try:
        for index, line in enumerate(lines):
            if index == over or len(line) > limit:
                found.append((index, (as_row(too_large_finding(limit, options.profile)),)))
                continue
            findings = validate(line).findings
            if findings:
                found.append((index, tuple(as_row(f) for f in sorted(findings, key=Finding.sort_key))))
    except Exception as exc:
        if options.debug:
            raise
        return BlockResult(len(lines), len(block), tuple(found), f"{type(exc).__name__}: {exc}")
    return BlockResult(len(lines), len(block), tuple(found))


def place(rows: tuple[Row, ...], record: int) -> tuple[Located, ...]:
    """Batch findings located in the file: line = the record's line, column as found within it."""
    return tuple(
        Located(Finding(rule, _SEVERITIES[severity], pointer, record, column, message, hint), record)
        for rule, severity, pointer, column, message, hint in rows
    )


def batch_result(path: str, found: list[Located], outcome: BlockResult, options: LintSettings) -> FileResult:
    """The result for a whole batch file from the merged outcome of its blocks."""
    if outcome.io_error is not None:
        cause = error_result(path, IO_ERROR, f"cannot read: {outcome.io_error}")
        return FileResult(path, Status.ERROR, (*found, *cause.findings), True, outcome.lines)
    if outcome.failure is not None:
        internal = _internal(path, RuntimeError(outcome.failure))
        return FileResult(
            path, Status.ERROR, (*found, *internal.findings), True, outcome.lines, internal=True
        )
    located = tuple(found)
    return FileResult(path, status_for(located, options.fail_on), located, batch=True, records=outcome.lines)
