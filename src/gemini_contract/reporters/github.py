"""The github format: workflow commands (`::error file=...,line=...,col=...::message`) that annotate a run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gemini_contract.reporters import Style
from gemini_contract.reporters.text import referenced_note
from gemini_contract.results import FileResult, Located
from gemini_contract.textsafe import HINT_LIMIT, MESSAGE_LIMIT, PATH_LIMIT, clean
from gemini_contract.validator.findings import Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # Escaping as the runner's toolkit does (actions/toolkit command.ts escapeData).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(path: str, item: Located) -> str:
    finding = item.finding
    props = [f"file={_property(clean(path, PATH_LIMIT))}"]
    if finding.line is not None:
        props.append(f"line={finding.line}")
        if finding.column is not None:
            props.append(f"col={finding.column}")
    props.append(f"title={_property(finding.rule)}")
    message = clean(finding.message, MESSAGE_LIMIT)
    if finding.hint:
        message += f" ({clean(finding.hint, HINT_LIMIT)})"
    message += referenced_note(item)
    return f"::{_COMMANDS[finding.severity]} {','.join(props)}::{_data(message)}"


def render_file(result: FileResult, *, at_least: Severity = Severity.INFO) -> str:
    """The annotations for one path, each on its own line."""
    return "".join(
        format_annotation(result.path, item) + "\n"
        for item in result.findings
        if item.finding.severity >= at_least
    )


@dataclass(frozen=True, slots=True)
class GithubReporter:
    """Streaming: one workflow command per finding, per file."""

    style: Style
    streaming: bool = True

    def file(self, result: FileResult) -> str:
        return render_file(result, at_least=self.style.at_least)

    def run(self, results: Sequence[FileResult]) -> str:
        return ""


def reporter(style: Style) -> GithubReporter:
    return GithubReporter(style)
