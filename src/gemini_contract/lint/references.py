"""Bodies in other files: a Markdown curl's `-d @body.json` (a `units.Reference`) resolved into a target of its
own, before anything is checked, so that the file is checked once, with the model of the URL that sends it,
whatever order the paths came in.

- The path is relative to the Markdown file's folder. A path that is absolute (or `~/`), that names a shell
  variable, that is `@-`, or that leaves the folder lint runs in (the config file's folder when there is
  one) is not followed: an info finding (GC903) at the `@`, since such a path names a file on the writer's
  machine, not one in the repository. A path that does not exist is an io-error (GC900) at the `@`.
- The file is checked once, as one JSON document (curl sends it whole, whatever its suffix), with the model of
  the first curl that names it (in command-line order, then line order); that model wins over --model and
  per-file-models, as an .http or Markdown URL does for its own bodies. A file that is also linted directly
  (named, or found in a folder) is checked in its own place with that model, not twice; one that is not is
  checked right after the Markdown file that first names it. Its findings carry a `Referenced` origin (the
  Markdown file, line and column) for reporters that can show it.
- Markdown read from standard input has no folder: its references are not followed (GC903).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import NamedTuple

from gemini_contract.lint.discovery import Target
from gemini_contract.lint.model import IO_ERROR, FileResult, Located, Status, status_for
from gemini_contract.lint.readers import DEFAULT, reader_named
from gemini_contract.lint.reading import read_document
from gemini_contract.lint.settings import LintSettings
from gemini_contract.lint.units import Reader, Reference, references
from gemini_contract.results import Referenced
from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID
from gemini_contract.validator.spans import Embedded

NOT_FOLLOWED = "GC903"
# Why a reference is not followed, by kind: the end of GC903's message.
REASONS = {
    "absolute": "an absolute path names a file on the writer's machine",
    "variable": "the path names a shell variable",
    "dash": "`@-` sends curl's own standard input",
    "outside": "the path leaves {root}",
    "stdin": "Markdown read from standard input has no folder to resolve it against",
}
HINTS = {
    "outside": "run lint from the repository's root or put a gemini-contract.toml there; or lint the file itself",
    "stdin": "lint the Markdown file by its path, or lint the body's file itself",
}

Read = Callable[[str, int], object]


class Plan(NamedTuple):
    """The targets with the referenced files in them, and the findings about references by host path."""

    targets: list[Target]
    notes: dict[str, tuple[Located, ...]]


def resolve(host: str, written: str, root: str) -> str | tuple[str, str]:
    """The path of `written` (a host file's `@path`) as lint names it, or (kind, detail) when not followed."""
    if written == "-":
        return ("dash", "")
    if "$" in written or "{" in written:
        return ("variable", "")
    if os.path.isabs(written) or written.startswith("~"):
        return ("absolute", "")
    path = os.path.normpath(os.path.join(os.path.dirname(host), written))
    real, boundary = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, boundary]) != boundary:
        return ("outside", root)
    return path


def _at(reference: Reference, rule: str, message: str, hint: str | None) -> Located:
    at = Embedded(reference.line, reference.column)
    return Located(at.place(Finding(rule, RULES_BY_ID[rule].severity, "", 1, 1, message, hint)), at)


def not_followed(reference: Reference, kind: str, root: str = "") -> Located:
    reason = REASONS[kind].format(root=_shown(root))
    return _at(
        reference, NOT_FOLLOWED, f"the body in @{reference.path} is not checked: {reason}", HINTS.get(kind)
    )


def missing(reference: Reference, path: str) -> Located:
    message = f"cannot read @{reference.path} ({path}), the body this curl sends: no such file or directory"
    return _at(
        reference,
        IO_ERROR,
        message,
        "fix the path, which is relative to the Markdown file's folder, or add the file",
    )


def plan(targets: list[Target], settings: LintSettings, read: Read = read_document) -> Plan:
    """Read every host file among `targets` (Markdown) for its references and place the files they name."""
    hosts = [(target, reader) for target, reader in _readers(targets) if _hosts(reader)]
    if not hosts:  # most runs: nothing to read twice, and no path resolved (realpath costs 16 us a file)
        return Plan(targets, {})
    root = settings.root or os.curdir
    direct = {os.path.realpath(t.path): t for t in targets if t.reader is not None and not t.stdin}
    claimed: dict[str, Target] = {}  # real path -> the referenced target, first reference wins
    after: dict[str, list[Target]] = {}  # host path -> referenced files checked right after it
    notes: dict[str, tuple[Located, ...]] = {}
    for target, reader in hosts:
        data = read(target.path, settings.max_bytes)
        if not isinstance(data, bytes):
            continue  # the host's own check reports why it cannot be read
        found: list[Located] = []
        for reference in references(reader, data):
            path = resolve(target.path, reference.path, root)
            if isinstance(path, tuple):
                found.append(not_followed(reference, *path))
                continue
            if not os.path.lexists(path):
                found.append(missing(reference, path))
                continue
            real = os.path.realpath(path)
            if real in claimed or real == os.path.realpath(target.path):
                continue
            own = direct.get(real)
            via = Referenced(target.path, reference.line, reference.column)
            claimed[real] = Target(own.path if own else path, DEFAULT.name, model=reference.model, via=via)
            if own is None:
                after.setdefault(target.path, []).append(claimed[real])
        if found:
            notes[target.path] = tuple(found)
    if not claimed:
        return Plan(targets, notes)
    placed: list[Target] = []
    for target in targets:
        own = (
            claimed.get(os.path.realpath(target.path))
            if target.reader is not None and not target.stdin
            else None
        )
        placed.append(own if own is not None and own.path == target.path else target)
        placed += after.get(target.path, []) if not target.stdin else []
    return Plan(placed, notes)


def _readers(targets: list[Target]) -> list[tuple[Target, Reader]]:
    """The files among `targets` with their readers (by name: no reader is imported that no target needs)."""
    return [(t, reader_named(t.reader)) for t in targets if t.reader is not None and not t.stdin]


def _hosts(reader: Reader) -> bool:
    """Whether a reader's files may name other files as bodies (it has a `references` method)."""
    return not reader.ranged and hasattr(reader, "references")


def stdin_notes(reader: Reader, data: bytes) -> tuple[Located, ...]:
    """Markdown on standard input: each reference, not followed."""
    return tuple(not_followed(r, "stdin") for r in references(reader, data))


def noted(result: FileResult, notes: tuple[Located, ...], settings: LintSettings) -> FileResult:
    """`result` with the findings about its references, in place order; a missing file makes it an error (a body
    it sends could not be checked: exit 2, as for a path that could not be)."""
    if not notes or result.status is Status.SKIPPED:
        return result
    found = tuple(sorted((*result.findings, *notes), key=lambda item: item.finding.sort_key()))
    unreadable = result.status is Status.ERROR or any(item.finding.rule == IO_ERROR for item in notes)
    return result._replace(
        findings=found, status=Status.ERROR if unreadable else status_for(found, settings.fail_on)
    )


def _shown(root: str) -> str:
    return "the folder lint runs in" if root in ("", os.curdir) else root
