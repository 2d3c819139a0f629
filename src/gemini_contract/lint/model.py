"""The linter's data: its own rule ids, the result for a path that could not be checked, and the exit code a
set of results earns (results themselves are in `gemini_contract.results`, shared with the reporters)."""

from __future__ import annotations

from gemini_contract.exit_codes import ExitCode
from gemini_contract.results import FileResult, Located, Status
from gemini_contract.validator.findings import Finding, Severity
from gemini_contract.validator.ruleset import RULES, Rule

__all__ = [
    "INTERNAL_ERROR",
    "IO_ERROR",
    "FileResult",
    "Located",
    "Status",
    "all_rules",
    "error_result",
    "exit_code",
    "status_for",
]

# Rules the linter itself reports (in the rule table with the validator's, GC9xx).
IO_ERROR = "GC900"
INTERNAL_ERROR = "GC901"


def all_rules() -> tuple[Rule, ...]:
    """Every rule `lint` can report: the one rule table."""
    return RULES


def status_for(findings: tuple[Located, ...], fail_on: Severity) -> Status:
    failing = any(item.finding.severity >= fail_on for item in findings)
    return Status.INVALID if failing else Status.VALID


def error_result(path: str, rule: str, message: str, hint: str | None = None) -> FileResult:
    """The result for a path that could not be checked: status `error`, the cause as its one finding."""
    finding = Finding(rule, Severity.ERROR, "", None, None, message, hint)
    return FileResult(path, Status.ERROR, (Located(finding),), internal=rule == INTERNAL_ERROR)


def exit_code(results: list[FileResult]) -> ExitCode:
    """3 if checking hit a bug, else 2 if a path could not be checked, else 1 on failing findings, else 0."""
    if any(result.internal for result in results):
        return ExitCode.INTERNAL
    if any(result.status is Status.ERROR for result in results):
        return ExitCode.INPUT
    if any(result.status is Status.INVALID for result in results):
        return ExitCode.FINDINGS
    return ExitCode.OK
