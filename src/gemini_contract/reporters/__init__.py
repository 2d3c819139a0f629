"""Reporters: pure functions from results (findings with their origins) to the text a format prints, and the
registry of output formats, name -> reporter, each streaming (per file, as results arrive) or whole-run.

Reporters depend on `gemini_contract.results`, the validator's types and `textsafe` only, so that anything
that produces results (the linter, later a server) can reuse them. A format is added by writing a module
with a reporter factory and naming it here; modules load only when their format is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from gemini_contract.results import FileResult
from gemini_contract.validator.findings import Severity

# Format name -> "module:factory"; the factory takes a Style and returns a Reporter.
REGISTRY: dict[str, str] = {
    "text": "gemini_contract.reporters.text:reporter",
    "json": "gemini_contract.reporters.json_report:reporter",
    "github": "gemini_contract.reporters.github:reporter",
    "sarif": "gemini_contract.reporters.sarif:reporter",
}
FORMATS = tuple(REGISTRY)


class Style(NamedTuple):
    """How the run wants its report: colour (text on a terminal), the lowest severity shown, the tool version."""

    color: bool = False
    at_least: Severity = Severity.INFO
    version: str = ""


class Reporter(Protocol):
    """A format: `streaming` ones print each file's part as soon as it is known (`file`) and nothing at the end;
    whole-run ones print one document at the end (`run`) and nothing per file."""

    @property
    def streaming(self) -> bool: ...

    def file(self, result: FileResult) -> str: ...

    def run(self, results: Sequence[FileResult]) -> str: ...


def reporter_for(name: str, style: Style) -> Reporter:
    """The reporter of the format called `name` (KeyError if none is registered under it)."""
    module_name, factory = REGISTRY[name].split(":")
    reporter: Reporter = getattr(importlib.import_module(module_name), factory)(style)
    return reporter
