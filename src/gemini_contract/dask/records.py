"""The pure part of the Dask API: check the items of one partition of a bag, and number its findings once the
records before it are counted. No Dask here, so it is tested (and profiled) on plain lists.

An item is a Batch API line (a request body, or a `{"key", "request"}` record) as `str` or `bytes` (a line
of `dask.bag.read_text`, its line end dropped), or an already parsed dict (serialized back to JSON, so
findings still have a line and column). With `documents`, each item is one request document instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import orjson

from gemini_contract.lint.jsonl import too_large_finding
from gemini_contract.lint.settings import LintSettings
from gemini_contract.validator.findings import Finding, Report

COLUMNS = ("record", "key", "rule", "severity", "pointer", "line", "column", "message", "hint")


class Checked(NamedTuple):
    """One partition checked: how many items it had, and one row per finding (record counted from 0 within it)."""

    items: int
    rows: list[dict[str, Any]]


def _validate(settings: LintSettings, documents: bool) -> Callable[[bytes], Report]:
    from gemini_contract.validator.api import bound

    return bound(
        record=not documents,
        profile=settings.profile,
        select=settings.select,
        ignore=settings.ignore,
        max_bytes=settings.max_bytes,
    )


def as_body(item: object) -> bytes:
    """An item as the bytes the validator reads: a text line without its line end, or a dict as JSON."""
    if isinstance(item, str):
        item = item.encode("utf-8", "surrogatepass")
    if isinstance(item, bytes | bytearray | memoryview):
        body = bytes(item)
        return body[:-2] if body.endswith(b"\r\n") else body[:-1] if body.endswith(b"\n") else body
    return orjson.dumps(item)


def check_items(items: Iterable[object], settings: LintSettings, documents: bool = False) -> Checked:
    """Check every item of a partition in order; findings sorted by position within each item, as `lint`."""
    validate = _validate(settings, documents)
    rows: list[dict[str, Any]] = []
    count = 0
    for count, item in enumerate(items, start=1):
        body = as_body(item)
        if len(body) > settings.max_bytes:
            findings: list[Finding] = [too_large_finding(settings.max_bytes, settings.profile)]
        else:
            findings = sorted(validate(body).findings, key=Finding.sort_key)
        if findings:
            key = None if documents else _key(item, body)
            rows.extend(_row(count - 1, key, finding, documents) for finding in findings)
    return Checked(count, rows)


def _key(item: object, body: bytes) -> str | None:
    """The `key` of a Batch API record (read only for records with findings: most have none)."""
    if isinstance(item, Mapping):
        parsed: object = item
    else:
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
    key = parsed.get("key") if isinstance(parsed, dict | Mapping) else None
    return None if key is None else str(key)


def _row(index: int, key: str | None, finding: Finding, documents: bool) -> dict[str, Any]:
    # A finding about a whole record (too long, not an object) is on its line, as `lint` places it.
    line = finding.line if documents or finding.line is not None else 1
    return {
        "record": index,
        "key": key,
        "rule": finding.rule,
        "severity": str(finding.severity),
        "pointer": finding.pointer,
        "line": line,
        "column": finding.column,
        "message": finding.message,
        "hint": finding.hint,
    }


def count_of(checked: Checked) -> int:
    return checked.items


def numbered(checked: Checked, offset: int) -> list[dict[str, Any]]:
    """The partition's rows with `record` as the 1-based position of the item in the whole bag."""
    return [{**row, "record": row["record"] + offset + 1} for row in checked.rows]
