"""Checking units: a reader's units in, findings placed by their origins out, for one file, standard input, or a
block of a ranged file; runs in workers too.

Every function here returns results as data and turns any unexpected exception into an internal-error
result for that file or block (unless `debug`), so one bad input never hides the results for the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, BinaryIO, NamedTuple

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
from gemini_contract.lint.readers import DEFAULT
from gemini_contract.lint.reading import ReadProblem, TooLarge, read_document, read_stream
from gemini_contract.lint.recognize import recognised_response
from gemini_contract.lint.settings import LintSettings
from gemini_contract.lint.suppress import for_file, has_sidecar, should_recognize, skipped
from gemini_contract.lint.units import RangedReader, Reader, Unit, recognizes
from gemini_contract.results import Referenced
from gemini_contract.validator.findings import Finding, Report, Severity, finding
from gemini_contract.validator.spans import Fix, Record, Span

Check = Callable[[Unit], tuple[Finding, ...]]
Validate = Callable[[bytes], Report]
# Validators bound to a model a host file names, kept per run (a Markdown file may name many).
_MODELS_KEPT = 32


def unit_checker(settings: LintSettings) -> Check:
    """A function that checks one unit: its findings sorted by position in its body, not yet placed. The
    same for every file of a run: made once per settings object (binding the validators took ~37k
    instructions a file, about 5% of checking a small one)."""
    if _LAST_CHECKER and _LAST_CHECKER[0][0] is settings:
        return _LAST_CHECKER[0][1]
    check = _unit_checker(settings)
    _LAST_CHECKER[:] = [(settings, check)]
    return check


# The last settings object unit_checker was asked for, with its checker (a list: one entry or none).
_LAST_CHECKER: list[tuple[LintSettings, Check]] = []


def _unit_checker(settings: LintSettings) -> Check:
    by_model: dict[str | None, tuple[Validate, Validate]] = {None: _validators(settings)}
    response = _response_validator(settings)
    as_request = settings.kind == "request"

    def check(unit: Unit) -> tuple[Finding, ...]:
        if unit.problem is not None:
            return (unit.problem,)
        if unit.context.response:
            findings = response(unit.body).findings
        else:
            # The model the host file names (its URL) wins over --model, which the validators are bound to.
            model = unit.context.model if as_request else None
            pair = by_model.get(model)
            if pair is None:
                if len(by_model) > _MODELS_KEPT:
                    del by_model[next(key for key in by_model if key is not None)]
                pair = by_model[model] = _validators(settings, model)
            validate = pair[0] if unit.context.record else pair[1]
            findings = validate(unit.body).findings
            if as_request and findings:
                findings = recognised_response(findings, settings.profile)
        return tuple(sorted(findings, key=Finding.sort_key)) if findings else ()

    return check


def _validators(settings: LintSettings, model: str | None = None) -> tuple[Validate, Validate]:
    """validate_record (a Batch API line) and validate (a document), bound to the settings once (and to
    `model` where the host file names one, else --model): they run for every record of a batch, most of which
    have no finding. With --kind response both check responses (a JSON Lines file of recorded responses has
    one per line)."""
    if settings.kind == "response":
        response = _response_validator(settings)
        return response, response
    from gemini_contract.validator.api import bound

    chosen = settings.model if model is None else model
    profile, select, ignore = settings.profile, settings.select, settings.ignore
    return (
        bound(record=True, profile=profile, select=select, ignore=ignore, model=chosen),
        bound(profile=profile, select=select, ignore=ignore, max_bytes=settings.max_bytes, model=chosen),
    )


def _response_validator(settings: LintSettings) -> Validate:
    """validate_response, or for a recorded error answer (`{"error": ...}` and nothing a response has) the
    error contract's validate."""
    options: dict[str, Any] = {
        "profile": settings.profile,
        "select": settings.select,
        "ignore": settings.ignore,
        "max_bytes": settings.max_bytes,
    }

    def check(body: bytes) -> Report:
        report = validator.validate_response(body, **options)
        if any(f.rule == "GC201" and f.pointer == "/error" for f in report.findings):
            from gemini_contract.validator.contract import error_contract

            return error_contract().validate(body, **options)
        return report

    return check


def internal_result(path: str, exc: BaseException) -> FileResult:
    import traceback  # only on the (rare) internal error path

    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    at = f" at {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno}" if where else ""
    return error_result(
        path,
        INTERNAL_ERROR,
        f"internal error: {type(exc).__name__}: {exc}{at}",
        "please report it with the output of `gemini-contract --debug lint ...`",
    )


def _from_read(
    path: str,
    read: bytes | ReadProblem | TooLarge,
    reader: Reader,
    settings: LintSettings,
    recognize: bool = False,
) -> FileResult:
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
        if recognize and not recognizes(reader, read) and not has_sidecar(path):
            return skipped(path)
        check = unit_checker(settings)
        found = tuple(
            Located(unit.origin.place(finding), unit.origin)
            for unit in reader.units(read, settings)
            for finding in check(unit)
        )
    except Exception as exc:
        if settings.debug:
            raise
        return internal_result(path, exc)
    return FileResult(path, status_for(found, settings.fail_on), found)


def check_file(item: tuple[str, Reader], settings: LintSettings) -> FileResult:
    """Read and check one file that its reader takes whole (never a FIFO, device or oversize file)."""
    path, reader = item
    settings = for_file(path, settings)
    read = read_document(path, settings.max_bytes)
    return _from_read(path, read, reader, settings, should_recognize(path, settings))


def check_stdin(name: str, stream: BinaryIO, reader: Reader, settings: LintSettings) -> FileResult:
    """Check what a reader makes of standard input taken whole (at most --max-bytes of it); piped in on
    purpose, it is checked whatever it holds. The bodies it names in other files are not followed (it has no
    folder to resolve them against): a note says so at each."""
    read = read_stream(stream, settings.max_bytes)
    result = _from_read(name, read, reader, settings)
    if isinstance(read, bytes) and hasattr(reader, "references"):
        from gemini_contract.lint.references import noted, stdin_notes

        result = noted(result, stdin_notes(reader, read), settings)
    return result


def check_referenced(path: str, model: str | None, via: Referenced, settings: LintSettings) -> FileResult:
    """Check a file another one sends as a body (`curl -d @path` in Markdown): one JSON document, whatever its
    suffix or content (it is sent on purpose), with the model of the URL that sends it where that names one
    (over per-file-models and --model); its findings carry where it was named."""
    settings = for_file(path, settings)
    if model is not None:
        settings = replace(settings, model=model)
    result = _from_read(path, read_document(path, settings.max_bytes), DEFAULT, settings)
    return result._replace(findings=tuple(Located(item.finding, via) for item in result.findings))


# A finding on its way back from a worker, unplaced: every Finding field, in order, with the severity as its
# value. Findings of a batch cross a pipe from worker processes; plain tuples pickle several times faster
# than Finding objects, and the parent builds each Finding once from its row before placing it.
Row = tuple[
    str, int, str, int | None, int | None, str, str | None, Span | None, int | None, int | None, Fix | None
]
_SEVERITIES = {int(severity): severity for severity in Severity}


def as_row(finding: Finding) -> Row:
    return (
        finding.rule,
        int(finding.severity),
        finding.pointer,
        finding.line,
        finding.column,
        finding.message,
        finding.hint,
        finding.span,
        finding.end_line,
        finding.end_column,
        finding.fix,
    )


def from_row(row: Row, record: Record | None = None) -> Finding:
    """The finding of a row; with `record`, placed on that record's line as `record.place` places it, in one
    construction instead of two (a batch places every finding)."""
    rule, severity, pointer, line, column, message, hint, span, end_line, end_column, fix = row
    if record is not None:
        line = record.line
        end_line = line if end_line is not None else None
    return finding(
        rule, _SEVERITIES[severity], pointer, line, column, message, hint, span, end_line, end_column, fix
    )


class BlockResult(NamedTuple):
    """The outcome for one block of a ranged file: how many records, and the findings by 0-based record index."""

    lines: int
    size: int  # bytes of the block, for progress
    findings: tuple[tuple[int, tuple[Row, ...]], ...]
    failure: str | None = None  # an internal error, as one line
    io_error: str | None = None  # the file could not be read to its end


def check_block(
    reader: RangedReader, block: bytes, settings: LintSettings, *, cut_last: bool = False
) -> BlockResult:
    """Check each record of a block of a ranged file on its own; with `cut_last`, the block's last record was
    over the limit and only its start was read (see `RangedReader.blocks`)."""
    found: list[tuple[int, tuple[Row, ...]]] = []
    record, document = _validators(settings)
    bodies: Sequence[bytes | Finding] = ()
    try:
        bodies, context = reader.records(block, settings, cut_last)
        if context.model is not None and settings.kind == "request":  # the host file's model wins
            record, document = _validators(settings, context.model)
        validate = record if context.record else document
        for index, body in enumerate(bodies):
            if isinstance(body, Finding):  # a record that could not be read as a body
                found.append((index, (as_row(body),)))
                continue
            findings = validate(body).findings
            if findings:
                found.append((index, tuple(as_row(f) for f in sorted(findings, key=Finding.sort_key))))
    except Exception as exc:
        if settings.debug:
            raise
        return BlockResult(len(bodies), len(block), tuple(found), f"{type(exc).__name__}: {exc}")
    return BlockResult(len(bodies), len(block), tuple(found))


def batch_result(path: str, found: list[Located], outcome: BlockResult, settings: LintSettings) -> FileResult:
    """The result for a whole ranged file from the merged outcome of its blocks."""
    if outcome.io_error is not None:
        cause = error_result(path, IO_ERROR, f"cannot read: {outcome.io_error}")
        return FileResult(path, Status.ERROR, (*found, *cause.findings), True, outcome.lines)
    if outcome.failure is not None:
        internal = internal_result(path, RuntimeError(outcome.failure))
        return FileResult(
            path, Status.ERROR, (*found, *internal.findings), True, outcome.lines, internal=True
        )
    located = tuple(found)
    return FileResult(path, status_for(located, settings.fail_on), located, batch=True, records=outcome.lines)
