"""Results as reporters see them: a finding with the origin that placed it, and the outcome for one path.

Neutral ground between the linter that produces results and the reporters that print them (and, later, a
server that reports over HTTP): it knows validator findings and origins, nothing of lint or the CLI.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from gemini_contract.validator.findings import Finding
from gemini_contract.validator.spans import Origin, Record, WholeFile

WHOLE_FILE = WholeFile()


class Status(enum.Enum):
    VALID = "valid"
    INVALID = "invalid"
    ERROR = "error"
    SKIPPED = "skipped"  # not a request file (lint.recognize): not checked, counted in the summary


class Referenced(NamedTuple):
    """The body is a whole file that another file names (`curl -d @body.json` in Markdown): positions are the
    file's own; `by`, `line` and `column` say where it was named, for reporters that can show it."""

    by: str
    line: int
    column: int

    def place(self, finding: Finding) -> Finding:
        return finding


class Located(NamedTuple):
    """A finding, already placed in its file, and the origin that placed it (the body's place in the file)."""

    finding: Finding
    origin: Origin = WHOLE_FILE

    @property
    def record(self) -> int | None:
        """The 1-based line of the JSON Lines record the finding is in; None for one about a whole file."""
        return self.origin.line if isinstance(self.origin, Record) else None

    @property
    def referenced(self) -> Referenced | None:
        """Where another file named this one as a body (the Markdown curl's `@path`), if it did."""
        return self.origin if isinstance(self.origin, Referenced) else None


class FileResult(NamedTuple):
    """The outcome for one path as given (or found under a folder given) on the command line."""

    path: str
    status: Status
    findings: tuple[Located, ...]
    batch: bool = False  # a file of records: each finding reports its record (None for the whole file)
    records: int = 0
    internal: bool = False  # one of the findings is an internal error
