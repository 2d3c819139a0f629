"""The text format: `PATH:LINE:COL: RULE severity: message (hint)` per finding, and a one-line summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from gemini_contract.reporters import Style
from gemini_contract.results import FileResult, Located, Status
from gemini_contract.textsafe import HINT_LIMIT, MESSAGE_LIMIT, PATH_LIMIT, clean
from gemini_contract.validator.findings import Severity

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


# A GitHub Actions runner reads a log line as a workflow command when, leading whitespace trimmed, it begins
# with `::` (`::warning file=...::`, `::stop-commands::`), or when it holds the legacy `##[` anywhere. A CI
# log of this format must not obey a file name (or content quoted in a message).
_LEGACY_COMMAND = "##["
_LEGACY_ESCAPED = "#\\x23["


def _inert_path(where: str) -> str:
    """A path that would start the line with `::` gets `./` in front: the same file, and not a command."""
    return "./" + where if where.lstrip().startswith("::") else where


def format_finding(path: str, item: Located, *, color: bool = False) -> str:
    """One finding as one line; the position is left out where the finding has none. The line is never a
    GitHub Actions workflow command, whatever the file's name."""
    line = _format_finding(path, item, color=color)
    return line.replace(_LEGACY_COMMAND, _LEGACY_ESCAPED) if _LEGACY_COMMAND in line else line


def _format_finding(path: str, item: Located, *, color: bool) -> str:
    finding = item.finding
    where = _inert_path(clean(path, PATH_LIMIT))
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    message = clean(finding.message, MESSAGE_LIMIT)
    if finding.line is None and finding.pointer:
        message += f" [at {clean(finding.pointer, 200)}]"
    hint = f" ({clean(finding.hint, HINT_LIMIT)})" if finding.hint else ""
    hint += referenced_note(item)
    severity = str(finding.severity)
    if not color:
        return f"{where}: {finding.rule} {severity}: {message}{hint}"
    tint = _COLORS[finding.severity]
    return (
        f"{_BOLD}{where}{_RESET}: {_BOLD}{finding.rule}{_RESET} "
        f"\x1b[{tint}m{severity}{_RESET}: {message}{_DIM}{hint}{_RESET}"
    )


def referenced_note(item: Located) -> str:
    """` [sent by README.md:5:42]` for a body a Markdown curl sends (`-d @body.json`): where to look when the
    file itself is not what the user edits; empty for every other finding."""
    via = item.referenced
    if via is None:
        return ""
    return f" [sent by {clean(via.by, PATH_LIMIT)}:{via.line}:{via.column}]"


def render_file(result: FileResult, *, color: bool = False, at_least: Severity = Severity.INFO) -> str:
    """The lines for one path (empty when it has no finding at or above `at_least`), each ending in a newline."""
    return "".join(
        format_finding(result.path, item, color=color) + "\n"
        for item in result.findings
        if item.finding.severity >= at_least
    )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def summary_line(results: Iterable[FileResult]) -> str:
    """`checked N files (M records): a valid, b invalid, c could not be checked; x errors, y warnings, z info`,
    and `; skipped K not a request` when content recognition left files out.

    Counts that are zero are left out, so a clean run reads `checked 5 files: 5 valid; no findings`.
    """
    statuses: Counter[Status] = Counter()
    severities: Counter[Severity] = Counter()
    records = 0
    for result in results:
        statuses[result.status] += 1
        records += result.records
        severities.update(item.finding.severity for item in result.findings)
    skipped = statuses.pop(Status.SKIPPED, 0)
    checked = f"checked {_plural(sum(statuses.values()), 'file')}"
    if records:
        checked += f" ({_plural(records, 'record')})"
    words = {Status.VALID: "valid", Status.INVALID: "invalid", Status.ERROR: "could not be checked"}
    counts = ", ".join(f"{statuses[status]:,} {word}" for status, word in words.items() if statuses[status])
    found = [
        _plural(severities[Severity.ERROR], "error") if severities[Severity.ERROR] else "",
        _plural(severities[Severity.WARNING], "warning") if severities[Severity.WARNING] else "",
        f"{severities[Severity.INFO]:,} info" if severities[Severity.INFO] else "",
    ]
    findings = ", ".join(part for part in found if part) or "no findings"
    line = f"gemini-contract: {checked}: {counts or 'nothing to check'}; {findings}"
    return line + (f"; skipped {skipped:,} not a request (--no-recognize checks them)" if skipped else "")


class TextReporter(NamedTuple):
    """Streaming: one line per finding, per file; the summary is the caller's (it goes to stderr)."""

    style: Style
    streaming: bool = True

    def file(self, result: FileResult) -> str:
        return render_file(result, color=self.style.color, at_least=self.style.at_least)

    def run(self, results: Sequence[FileResult]) -> str:
        return ""


def reporter(style: Style) -> TextReporter:
    return TextReporter(style)
