"""Edits that make a valid drawn body read like one a client sends (for `sample` fixtures): offsets of a
clip in order, and no `*_UNSPECIFIED` enum values (a client omits the field instead). Pure functions over
a body; `still_valid` re-checks what an edit could break (a required member that held the value)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_UNSPECIFIED = re.compile(r"[A-Z][A-Z0-9_]*_UNSPECIFIED")


def ordered_offsets(body: Any) -> Any:
    """Swap `startOffset`/`endOffset` (durations such as "1.5s") wherever the start comes after the end."""
    if isinstance(body, list):
        for item in body:
            ordered_offsets(item)
    elif isinstance(body, dict):
        start, end = _seconds(body.get("startOffset")), _seconds(body.get("endOffset"))
        if start is not None and end is not None and start > end:
            body["startOffset"], body["endOffset"] = body["endOffset"], body["startOffset"]
        for value in body.values():
            ordered_offsets(value)
    return body


def without_unspecified(body: Any) -> Any:
    """Drop every member whose value is a `*_UNSPECIFIED` enum name (and such array items; an array the
    edit leaves empty goes too): the API reads an absent enum as its unspecified value."""
    if isinstance(body, list):
        body[:] = [without_unspecified(item) for item in body if not _unspecified(item)]
    elif isinstance(body, dict):
        for key in list(body):
            value = body[key]
            drawn = len(value) if isinstance(value, list) else 0
            if _unspecified(value):
                del body[key]
                continue
            without_unspecified(value)
            if drawn and not value:
                del body[key]
    return body


def still_valid(body: Any) -> bool:
    """No finding of any severity in either profile: the guarantee of `requests()`."""
    from gemini_contract.validator import validate

    return all(not validate(body, profile=profile).findings for profile in ("google", "strict"))


def _unspecified(value: Any) -> bool:
    return isinstance(value, str) and _UNSPECIFIED.fullmatch(value) is not None


def _seconds(value: Any) -> Decimal | None:
    if not isinstance(value, str) or not value.endswith("s"):
        return None
    try:
        return Decimal(value[:-1])
    except InvalidOperation:
        return None
