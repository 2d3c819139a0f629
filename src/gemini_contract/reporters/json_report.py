"""The json format: `{"version": 1, "files": [...], "summary": {...}}`, one document for the whole run."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gemini_contract.reporters import Style
from gemini_contract.results import FileResult, Located, Status
from gemini_contract.textsafe import HINT_LIMIT, MESSAGE_LIMIT, PATH_LIMIT, clean

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
    return entry


def file_dict(result: FileResult) -> dict[str, object]:
    return {
        "path": clean(result.path, PATH_LIMIT),
        "status": result.status.value,
        "findings": [finding_dict(item, result.batch) for item in result.findings],
    }


def report_dict(results: Sequence[FileResult]) -> dict[str, object]:
    statuses = Counter(result.status for result in results)
    return {
        "version": VERSION,
        "files": [file_dict(result) for result in results],
        "summary": {
            "files": len(results),
            "valid": statuses[Status.VALID],
            "invalid": statuses[Status.INVALID],
            "errors": statuses[Status.ERROR],
        },
    }


def render_json(results: Sequence[FileResult]) -> str:
    """The report as JSON text (UTF-8 safe: unsafe characters were escaped), ending in a newline."""
    return json.dumps(report_dict(results), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class JsonReporter:
    """Whole-run: one JSON document at the end (every finding, whatever --quiet says, as before)."""

    style: Style
    streaming: bool = False

    def file(self, result: FileResult) -> str:
        return ""

    def run(self, results: Sequence[FileResult]) -> str:
        return render_json(results)


def reporter(style: Style) -> JsonReporter:
    return JsonReporter(style)
