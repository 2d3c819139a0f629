"""The size limits every input is held to before anything costly is done with it: bytes, and containers.

A dict costs Python about twenty times the two bytes of its text, so a document of a million `{}` is
refused before it is parsed; only brackets outside strings count (a text part that holds a JSON dump is
one string, however many brackets it quotes).
"""

from __future__ import annotations

import re

from gemini_contract.validator.findings import Issue

PROFILES = ("google", "strict")
DEFAULT_MAX_BYTES = 128 * 1024 * 1024  # above the 100 MB inline-data limit, so real requests fit
DEFAULT_MAX_DEPTH = 512
MAX_CONTAINERS = 1_000_000  # objects + arrays: bounds memory (a dict costs ~20x its two bytes of text)
MAX_FINDINGS = 1000

# A JSON string as standard text writes it (the unrolled form: linear, no backtracking).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def too_large(data: bytes, max_bytes: int, max_containers: int) -> Issue | None:
    """The GC010 issue for text over either limit, else None."""
    if len(data) > max_bytes:
        return Issue("GC010", "", f"{len(data):,} bytes; the limit is {max_bytes:,}")
    if containers_over(data, max_containers):
        return Issue("GC010", "", f"more than {max_containers:,} objects and arrays")
    return None


def containers_over(data: bytes, limit: int) -> bool:
    """Whether `data` opens more than `limit` objects and arrays. Two memchr counts decide almost always;
    only text with that many brackets is counted again without its strings."""
    if len(data) <= 2 * limit or data.count(b"{") + data.count(b"[") <= limit:
        return False
    outside = _STRING.sub(b"", data)
    return outside.count(b"{") + outside.count(b"[") > limit
