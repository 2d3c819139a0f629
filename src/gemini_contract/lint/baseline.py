"""Incremental adoption: a baseline of today's findings (`lint --write-baseline FILE`) and a run that reports
only the findings not in it (`--baseline FILE`, or `baseline = ...` in the config).

A finding is keyed by its file (relative to the baseline's folder, so the baseline works from any working
directory), rule and JSON pointer, never by line: moving a request's lines about keeps its findings known.
The same key may be recorded several times (a batch's records share pointers): each recorded one absorbs one
finding.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from gemini_contract.errors import SettingsError
from gemini_contract.lint.model import FileResult, Status, status_for
from gemini_contract.validator.findings import Severity

VERSION = 1
Key = tuple[str, str, str]  # file, rule, pointer
_NEVER = "GC9"  # a file that could not be checked is never "known"


def _file_key(path: str, folder: str) -> str:
    return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")


def keys_of(result: FileResult, folder: str) -> Iterable[Key]:
    name = _file_key(result.path, folder)
    for item in result.findings:
        if not item.finding.rule.startswith(_NEVER):
            yield name, item.finding.rule, item.finding.pointer


def baseline_text(results: Iterable[FileResult], path: str) -> str:
    """The baseline file for these results: one entry per key with its count, sorted (stable diffs)."""
    folder = os.path.dirname(os.path.abspath(path))
    counts = Counter(key for result in results for key in keys_of(result, folder))
    entries = [
        {"file": file, "rule": rule, "pointer": pointer, **({"count": count} if count > 1 else {})}
        for (file, rule, pointer), count in sorted(counts.items())
    ]
    return json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=1) + "\n"


@dataclass
class Baseline:
    """The known findings still to absorb in this run (mutable: each absorbs one finding)."""

    folder: str
    known: Counter[Key]

    def filter(self, result: FileResult, fail_on: Severity) -> FileResult:
        if not result.findings or result.status is Status.SKIPPED:
            return result
        name = _file_key(result.path, self.folder)
        kept = []
        for item in result.findings:
            key = (name, item.finding.rule, item.finding.pointer)
            if self.known[key] > 0 and not item.finding.rule.startswith(_NEVER):
                self.known[key] -= 1
            else:
                kept.append(item)
        if len(kept) == len(result.findings):
            return result
        status = result.status if result.status is Status.ERROR else status_for(tuple(kept), fail_on)
        return result._replace(findings=tuple(kept), status=status)


def load(path: str) -> Baseline:
    """Read a baseline file; a missing or malformed one is a settings error (exit 2)."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
        entries = data["findings"]
        known: Counter[Key] = Counter()
        for entry in entries:
            known[(entry["file"], entry["rule"], entry["pointer"])] += int(entry.get("count", 1))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SettingsError("--baseline", f"cannot read {path}: {exc}") from None
    return Baseline(os.path.dirname(os.path.abspath(path)), known)
