"""The json format: `{"version": 1, "files": [...], "summary": {...}}`, one document for the whole run."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gemini_contract.reporters import Style
from gemini_contract.results import FileResult, Located, Status
from gemini_contract.textsafe import HINT_LIMIT, MESSAGE_LIMIT, PATH_LIMIT, clean
from gemini_contract.validator.findings import Severity

VERSION = 1


def finding_dict(item: Located, batch: bool) -> dict[str, object]:
    finding = item.finding
    entry: dict[str, object] = {
        "rule": finding.rule,
        "severity": str(finding.severity),
        "pointer": clean(finding.pointer, None),
        "line": finding.line,
        "column": finding.column,
        "message": clean(finding.message, MESSAGE_LIMIT),
        "hint": clean(finding.hint, HINT_LIMIT) if finding.hint is not None else None,
    }
    if batch:
        entry["record"] = item.record
    via = item.referenced
    if via is not None:  # a body a Markdown curl sends from this file (`-d @path`): where it names it
        entry["referenced_by"] = {"path": clean(via.by, PATH_LIMIT), "line": via.line, "column": via.column}
    return entry


def file_dict(result: FileResult, at_least: Severity = Severity.INFO) -> dict[str, object]:
    return {
        "path": clean(result.path, PATH_LIMIT),
        "status": result.status.value,
        "findings": [
            finding_dict(item, result.batch) for item in result.findings if item.finding.severity >= at_least
        ],
    }


def report_dict(results: Sequence[FileResult], at_least: Severity = Severity.INFO) -> dict[str, object]:
    """Checked files with their findings (at or above `at_least`, as --quiet asks), skipped files by path, and
    the summary: files by status, findings by severity (all of them, as in the text summary)."""
    statuses = Counter(result.status for result in results)
    severities = Counter(str(item.finding.severity) for result in results for item in result.findings)
    checked = [result for result in results if result.status is not Status.SKIPPED]
    return {
        "version": VERSION,
        "files": [file_dict(result, at_least) for result in checked],
        "skipped": [clean(result.path, PATH_LIMIT) for result in results if result.status is Status.SKIPPED],
        "summary": {
            "files": len(checked),
            "valid": statuses[Status.VALID],
            "invalid": statuses[Status.INVALID],
            "unreadable": statuses[Status.ERROR],
            "skipped": statuses[Status.SKIPPED],
            "findings": {str(severity): severities[str(severity)] for severity in reversed(Severity)},
        },
    }


def render_json(results: Sequence[FileResult], at_least: Severity = Severity.INFO) -> str:
    """The report as JSON text (UTF-8 safe: unsafe characters were escaped), ending in a newline."""
    return json.dumps(report_dict(results, at_least), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class JsonReporter:
    """Whole-run: one JSON document at the end (with --quiet, the findings at or above --fail-on only)."""

    style: Style
    streaming: bool = False

    def file(self, result: FileResult) -> str:
        return ""

    def run(self, results: Sequence[FileResult]) -> str:
        return render_json(results, self.style.at_least)


def reporter(style: Style) -> JsonReporter:
    return JsonReporter(style)
