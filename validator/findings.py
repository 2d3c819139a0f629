"""Findings and reports: the data every stage of the validator returns and every reporter reads."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple

from gemini_contract.validator.spans import Fix, Span


class Severity(enum.IntEnum):
    """Ordered so that `severity >= Severity.WARNING` reads naturally."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. `pointer` is an RFC 6901 pointer into the document as written.

    `line`/`column` start the finding's token and `end_line`/`end_column` end it (exclusive), 1-based, in the
    file that holds the body once an origin has placed it (see `spans`); `span` is the token's offsets in the
    body's own text; `fix` is the replacement that makes it canonical, where the normaliser knows one. All
    are None for a parsed (dict) input, which has no text.
    """

    rule: str
    severity: Severity
    pointer: str
    line: int | None
    column: int | None
    message: str
    hint: str | None = None
    span: Span | None = None
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line or 0, self.column or 0, self.pointer, self.rule)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of validating one document. `canonical` is the normalized body (None if unparsable)."""

    findings: tuple[Finding, ...]
    canonical: object = None

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def at_least(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity >= severity)


class Issue(NamedTuple):
    """A finding before it has a position and a profile severity: what each validator stage returns.

    `pointer` is canonical or as written, as the stage's docstring says; `at_key` asks for the position
    of the member's key rather than of its value (unknown or misspelled names).
    """

    rule: str
    pointer: str
    message: str
    hint: str | None = None
    at_key: bool = False
    fix: str | None = None  # the canonical text for the token (key or scalar value) the issue is placed at
    severity: Severity | None = None  # the rule's severity unless set: a model rule's depends on its fact
