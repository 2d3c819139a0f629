"""`lint --fix` / `--diff`: the findings' own fixes (`Finding.fix`, the canonical text of their token) applied to
a file's text, a JSON Lines file line by line, until none is left (a fix can reveal another, as ruff's loop
does), each edit a token replacement so that indentation, key order and the final newline stay as written.

A result is kept only if it re-validates no worse than the original (no error the original did not have):
otherwise the file is left alone and said so. Semantic rewrites (role `assistant` -> `model`) are applied
only with `--unsafe-fixes`.

A byte order mark (GC003) is not in the text the validator places findings in (its offsets start after it):
the body is fixed without it, and it is put back only where GC003 is not reported (ignored, not selected).
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gemini_contract import validator
from gemini_contract.lint.readers import reader_for
from gemini_contract.lint.settings import LintSettings
from gemini_contract.lint.suppress import ignored_for
from gemini_contract.validator.findings import Finding, Report, Severity
from gemini_contract.validator.spans import Fix, Span, applicable, apply

MAX_PASSES = 8
BOM = "\ufeff"
Validate = Callable[[str], Report]

# Fixes the findings do not carry but whose meaning is certain: (rule, pointer pattern, token pattern) ->
# the replacement built from the token. A string where a Part belongs is its text.
_DERIVED: tuple[tuple[str, re.Pattern[str], re.Pattern[str], Callable[[str], str]], ...] = (
    (
        "GC203",
        re.compile(r"/parts/\d+$"),
        re.compile(r'^".*"$', re.S),
        lambda token: '{"text": ' + token + "}",
    ),
)
# Rewrites that change what the request means: only with --unsafe-fixes.
_UNSAFE: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("GC204", re.compile(r"(^|/)contents/\d+/role$"), '"assistant"', '"model"'),
)


@dataclass(frozen=True, slots=True)
class FileFix:
    """What fixing one file did: its text before and after, how many edits, and why it was left alone."""

    path: str
    before: str
    after: str
    applied: int
    refused: str | None = None  # the result did not re-validate: nothing written

    @property
    def changed(self) -> bool:
        return self.refused is None and self.after != self.before

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            f"a/{self.path}",
            f"b/{self.path}",
        )
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
        )


def fixes_of(text: str, findings: Iterable[Finding], unsafe: bool) -> list[Fix]:
    """The fixes for a body's findings: their own, the derived ones, and (asked for) the unsafe ones."""
    found: list[Fix] = []
    for finding in findings:
        if finding.fix is not None:
            found.append(finding.fix)
        elif finding.span is not None:
            token = text[finding.span.start : finding.span.end]
            found.extend(_extra(finding, token, unsafe))
    return found


def _extra(finding: Finding, token: str, unsafe: bool) -> Iterable[Fix]:
    for rule, pointer, shape, build in _DERIVED:
        if finding.rule == rule and pointer.search(finding.pointer) and shape.match(token):
            yield Fix(finding.span or Span(0, 0), build(token))
    if unsafe:
        for rule, pointer, old, new in _UNSAFE:
            if finding.rule == rule and pointer.search(finding.pointer) and token == old:
                yield Fix(finding.span or Span(0, 0), new)


def fix_body(text: str, check: Validate, unsafe: bool) -> tuple[str, int]:
    """The body with its fixes applied until none is left (or MAX_PASSES), and how many were applied."""
    applied = 0
    for _ in range(MAX_PASSES):
        fixes = applicable(fixes_of(text, check(text).findings, unsafe))
        if not fixes:
            break
        fixed = apply(text, fixes)
        if fixed == text:
            break
        applied += len(fixes)  # the ones this pass applied: the others are counted when their turn comes
        text = fixed
    return text, applied


def _errors(report: Report) -> int:
    return sum(1 for finding in report.findings if finding.severity >= Severity.ERROR)


def fix_text(path: str, text: str, settings: LintSettings, unsafe: bool = False) -> FileFix:
    """Fix a document, or a JSON Lines file line by line (a record's fixes are relative to its line)."""
    ignore = (*(settings.ignore or ()), *ignored_for(path, settings))
    reader = reader_for(path)
    batch = reader is not None and reader.ranged
    validate = validator.validate_record if batch else validator.validate

    def check(body: str) -> Report:
        return validate(body, profile=settings.profile, select=settings.select, ignore=ignore or None)

    pieces = text.splitlines(keepends=True) if batch else [text]
    out: list[str] = []
    applied = 0
    for piece in pieces:
        body = piece.rstrip("\r\n")
        end = piece[len(body) :]
        if not body.strip():
            out.append(piece)
            continue
        mark = BOM if body.startswith(BOM) else ""
        fixed, count = fix_body(body[len(mark) :], check, unsafe)
        if mark and any(finding.rule == "GC003" for finding in check(body).findings):
            mark, count = "", count + 1
        fixed = mark + fixed
        if count and _errors(check(fixed)) > _errors(check(body)):
            return FileFix(path, text, text, 0, "a fix would make it worse; not written")
        out.append(fixed + end)
        applied += count
    return FileFix(path, text, "".join(out), applied)


def fix_file(path: str, settings: LintSettings, unsafe: bool = False) -> FileFix | None:
    """Fix one file on disk (UTF-8 text only; None when it cannot be read as such)."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return fix_text(path, text, settings, unsafe)


def write_atomic(path: str, text: str) -> None:
    """Replace the file in one rename, keeping its permissions."""
    folder = os.path.dirname(path) or "."
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
