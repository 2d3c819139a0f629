"""Findings and reports: the data every stage of the validator returns and every reporter reads."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

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


class _Built:
    """Finding's fields in Finding's order, writable: `finding` fills one and makes it a Finding. A plain
    class, not make_dataclass (~1 ms of every lint's start-up): test_findings_factory holds its slots to
    Finding's, and `finding`'s signature to Finding's fields, so that they cannot drift apart."""

    __slots__ = (  # noqa: RUF023 (Finding's order: the layouts must match)
        "rule",
        "severity",
        "pointer",
        "line",
        "column",
        "message",
        "hint",
        "span",
        "end_line",
        "end_column",
        "fix",
    )


def finding(  # noqa: PLR0917 (Finding's own signature: its constructor's positional fields)
    rule: str,
    severity: Severity,
    pointer: str,
    line: int | None,
    column: int | None,
    message: str,
    hint: str | None = None,
    span: Span | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
    fix: Fix | None = None,
) -> Finding:
    """`Finding(...)`, made ~4x faster (0.3 us instead of 1.2): what placing and a batch's merge make for
    every finding. Why: a frozen dataclass's __init__ sets each of the eleven fields through
    object.__setattr__, a call apiece; a writable twin with the same slots sets them as plain stores, and its
    class is then switched to Finding (allowed because the two lay out the same slots in the same order,
    which tests/validator/test_findings_factory.py holds them to). The result is a Finding in every respect:
    equal and hashed as one, frozen, pickled as one."""
    made: Any = _new_built(_Built)
    made.rule = rule
    made.severity = severity
    made.pointer = pointer
    made.line = line
    made.column = column
    made.message = message
    made.hint = hint
    made.span = span
    made.end_line = end_line
    made.end_column = end_column
    made.fix = fix
    made.__class__ = Finding
    return cast(Finding, made)


_new_built = object.__new__


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


class _BuiltReport:
    """Report's fields, writable: `make_report` fills one and makes it a Report (see `finding`). A plain class,
    not make_dataclass: making a dataclass costs ~0.6 ms of every lint's start-up."""

    __slots__ = ("findings", "canonical")  # noqa: RUF023 (Report's order: the layouts must match)

    def __init__(self, findings: tuple[Finding, ...], canonical: object) -> None:
        self.findings = findings
        self.canonical = canonical


def make_report(findings: tuple[Finding, ...], canonical: object) -> Report:
    """`Report(findings, canonical)`, made without the frozen dataclass's two object.__setattr__ calls: every
    validation ends here (0.35 -> ~0.15 us; the trick and its test are `finding`'s)."""
    made: Any = _BuiltReport(findings, canonical)
    made.__class__ = Report
    return cast(Report, made)


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
