"""Negative fixtures: a body next to its `.expect.json` sidecar (written by `gemini-contract sample --invalid
--out`) is meant to be wrong in one way. It passes when that finding (rule and pointer) is there, which is
then not reported; it fails, with GC902, when it is not."""

from __future__ import annotations

import json
import os

from gemini_contract.lint.discovery import SIDECAR_SUFFIX
from gemini_contract.lint.model import FileResult, Located, Status, status_for
from gemini_contract.lint.suppress import has_sidecar
from gemini_contract.validator.findings import Finding, Severity

MISSING = "GC902"


class Sidecars:
    """Which files have a sidecar, from one listing per folder for a run (a stat per file would cost more
    than recognising it: ~10 us on overlay file systems)."""

    def __init__(self) -> None:
        self._listed: dict[str, frozenset[str]] = {}

    def has(self, path: str) -> bool:
        folder, _, name = path.rpartition(os.sep)
        names = self._listed.get(folder)
        if names is None:
            names = self._list(folder)
        if not names:  # the common case: a folder without fixtures
            return False
        stem, dot, _ = name.rpartition(".")
        return bool(dot) and stem + SIDECAR_SUFFIX in names

    def _list(self, folder: str) -> frozenset[str]:
        try:
            names = frozenset(name for name in os.listdir(folder or ".") if name.endswith(SIDECAR_SUFFIX))
        except OSError:
            names = frozenset()
        self._listed[folder] = names
        return names


def expectation(path: str, sidecars: Sidecars | None = None) -> tuple[str, str] | None:
    """The (rule, pointer) the sidecar of `path` expects, or None (no sidecar, or not one of ours)."""
    found = sidecars.has(path) if sidecars is not None else has_sidecar(path)
    if path.endswith(SIDECAR_SUFFIX) or not found:
        return None
    try:
        with open(path.rpartition(".")[0] + SIDECAR_SUFFIX, encoding="utf-8") as stream:
            data = json.load(stream)
        return str(data["rule"]), str(data["pointer"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def apply(result: FileResult, fail_on: Severity, sidecars: Sidecars | None = None) -> FileResult:
    """The result of a negative fixture: the expected finding consumed, or GC902 when it is missing."""
    if result.status in (Status.ERROR, Status.SKIPPED) or result.batch:
        return result
    if sidecars is not None and not sidecars.has(result.path):
        return result
    expected = expectation(result.path, sidecars)
    if expected is None:
        return result
    rule, pointer = expected
    found = [
        i for i, item in enumerate(result.findings) if (item.finding.rule, item.finding.pointer) == expected
    ]
    if found:
        kept = tuple(item for i, item in enumerate(result.findings) if i != found[0])
    else:
        message = f"expected {rule} at {pointer or '/'} (from the .expect.json sidecar), not found"
        hint = "the body no longer shows the mistake it was written for: update or remove the fixture"
        missing = Located(Finding(MISSING, Severity.ERROR, pointer, None, None, message, hint))
        kept = (*result.findings, missing)
    return result._replace(findings=kept, status=status_for(kept, fail_on))
