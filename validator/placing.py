"""Placing a document's issues: all their pointers located in one pass over the text, each turned into a
Finding with its position, token span, end and fix (the last stage before the report).

Placement waits until every issue of the document is known, so that N findings cost one walk of the text
and one line index, not N of each: 20,000 findings in one array used to cost 20,000 walks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gemini_contract.validator import edits, jsonparse, locate
from gemini_contract.validator.findings import Finding, Issue, Severity, finding
from gemini_contract.validator.spans import Fix, Position, Span, end_position, token_end

Offsets = dict[str, tuple[int, int | None, bool]]


def place(
    pending: Sequence[tuple[str, Issue]],
    severity_of: Callable[[str], Severity],
    text: str | None,
    parsed: jsonparse.Parsed | None,
    layout: tuple[Any, bool] | None = None,
) -> list[Finding]:
    """Findings for `(pointer, issue)` pairs (pointers as written, in the document's text), in their order.

    `text` is the document's text (None for a parsed input, whose findings have no position); `parsed` its
    parse where the slow path made one (else the text is standard JSON, walked at C speed); `layout`, where
    the text is exactly orjson's serialization of a document and ASCII, that document and whether it is
    indented (positions then come from serialized lengths: locate.offsets_in_layout).
    """
    if text is None:
        return [_unplaced(pointer, issue, severity_of) for pointer, issue in pending]
    found = None
    # Standard JSON (no parse of the slow path given): no token holds a raw newline, so each ends on its
    # own line, and its end is its column plus its length.
    standard = parsed is None
    if parsed is None:
        # Most documents with a finding have one: no set to build.
        pointers = (pending[0][0],) if len(pending) == 1 else {pointer for pointer, _ in pending}
        if layout is not None:
            found = locate.offsets_in_layout(layout[0], pointers, layout[1], text)
        if found is None:
            found = locate.offsets_many(text, pointers)
        if found is None:
            parsed = jsonparse.parse(text)
    offsets = [_offset(pointer, issue.at_key, found, parsed) for pointer, issue in pending]
    positions = _positions(text, [offset[0] for offset in offsets if offset is not None])
    findings = []
    for (pointer, issue), offset in zip(pending, offsets, strict=True):
        if offset is None:
            findings.append(_unplaced(pointer, issue, severity_of))
            continue
        at, exact = offset
        end = token_end(text, at)
        span = Span(at, end)
        line, column = positions[at]
        if standard:
            end_line, end_column = line, column + end - at
        else:
            end_line, end_column = end_position(text, span, line, column)
        # _fix, inlined (a call per finding)
        if not exact:
            fix = None
        elif issue.fix is not None:
            fix = Fix(span, issue.fix)
        else:
            edit = edits.EDITS.get(issue.rule)
            fix = edit(text, at) if edit is not None else None
        findings.append(
            finding(
                issue.rule,
                severity_of(issue.rule) if issue.severity is None else issue.severity,
                pointer,
                line,
                column,
                issue.message,
                issue.hint,
                span,
                end_line,
                end_column,
                fix,
            )
        )
    return findings


def first_in_text(
    pending: Sequence[tuple[str, Issue]], document: Any, limit: int
) -> list[tuple[str, Issue]] | None:
    """The pending issues that the first `limit` findings by position come from (those tied with the last of
    them included), in their order, without placing any: where a document's issues are far more than are
    listed, only these need a position. `document` is what the text (standard JSON, no duplicate key)
    parses to; None where a pointer does not read as the walk reads it (then every issue is placed).

    A finding's position is its token's offset, and document order gives those offsets without the text:
    a member's key comes before its value, a value before everything inside it, siblings in order (orjson
    keeps the text's order), and a pointer the document lacks sits at its deepest existing value. So
    `_order` keys sort as the offsets sort, equal exactly where the offsets are equal.
    """
    indices: dict[int, dict[str, int]] = {}
    keys = []
    for pointer, issue in pending:
        key = _order(document, pointer, issue.at_key, indices)
        if key is None:
            return None
        keys.append(key)
    if len(keys) <= limit:
        return None
    cutoff = sorted(keys)[limit - 1]
    return [item for item, key in zip(pending, keys, strict=True) if key <= cutoff]


def _order(
    document: Any, pointer: str, at_key: bool, indices: dict[int, dict[str, int]]
) -> tuple[int, ...] | None:
    """The document-order key of where `_offset` places the issue (see first_in_text)."""
    key: list[int] = []
    node = document
    member = False  # the last step was into an object member (which has a key token)
    for token in locate.tokens(pointer):
        if type(node) is dict:
            index = indices.get(id(node))
            if index is None:
                index = indices[id(node)] = {name: i for i, name in enumerate(node)}
            position = index.get(token)
            if position is None:
                return tuple(key)  # a member the document lacks: its nearest ancestor's value
            node, member = node[token], True
        elif type(node) is list:
            if not (token.isdigit() and token.isascii()) or (token != "0" and token.startswith("0")):
                return None  # not an index as a serializer writes one: the walk decides
            position = int(token)
            if position >= len(node):
                return tuple(key)
            node, member = node[position], False
        else:
            return tuple(key)  # inside a scalar: the scalar
        key += (position, 1)
    if at_key and member:
        key[-1] = 0  # the key's token, just before its value
    return tuple(key)


def _fix(issue: Issue, text: str, span: Span, exact: bool) -> Fix | None:
    """The issue's fix: its canonical token, or the edit its rule makes from the text (see `edits`); none
    where the issue is placed at an ancestor (the text lacks its own token)."""
    if not exact:
        return None
    if issue.fix is not None:
        return Fix(span, issue.fix)
    edit = edits.EDITS.get(issue.rule)
    return edit(text, span.start) if edit is not None else None


def _positions(text: str, offsets: list[int]) -> dict[int, Position]:
    """(line, column) of each offset (as LineIndex.position says), in one sweep of the text in offset order:
    the newlines between consecutive offsets are counted once, so N findings cost O(text + N log N)."""
    if len(offsets) == 1:  # most documents with a finding have one
        at = offsets[0]
        return {at: (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))}
    positions: dict[int, Position] = {}
    line, line_start, last = 1, 0, 0
    for at in sorted(set(offsets)):
        newlines = text.count("\n", last, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, at) + 1
        positions[at] = line, at - line_start + 1
        last = at
    return positions


def _unplaced(pointer: str, issue: Issue, severity_of: Callable[[str], Severity]) -> Finding:
    severity = severity_of(issue.rule) if issue.severity is None else issue.severity
    return finding(issue.rule, severity, pointer, None, None, issue.message, issue.hint)


def _offset(
    pointer: str, at_key: bool, found: Offsets | None, parsed: jsonparse.Parsed | None
) -> tuple[int, bool] | None:
    """Where the issue's token starts (its key with `at_key`, else its value), and whether that is the
    pointer's own token rather than its nearest ancestor's (a member the text lacks)."""
    if found is not None:
        value_at, key_at, exact = found[pointer]
        if at_key and key_at is not None:
            return key_at, exact
        return value_at, exact and not at_key
    assert parsed is not None
    key_at = parsed.key_offsets.get(pointer) if at_key else None
    if key_at is not None:
        return key_at, True
    value: Any = jsonparse.offset_of(parsed, pointer)
    if value is None:
        return None
    value_at, exact = value
    return value_at, exact and not at_key
