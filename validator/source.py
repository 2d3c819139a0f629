"""Reading bytes as text: UTF-8 only, with a clear finding for a BOM, UTF-16/32 and invalid bytes."""

from __future__ import annotations

from typing import NamedTuple

from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID
from gemini_contract.validator.spans import LineIndex

_UTF8_BOM = b"\xef\xbb\xbf"
# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32LE"), (b"\x00\x00\xfe\xff", "UTF-32BE"), (b"\xff\xfe", "UTF-16LE"),
              (b"\xfe\xff", "UTF-16BE"))  # fmt: skip


class Decoded(NamedTuple):
    text: str | None  # None when the bytes cannot be decoded (the findings say why)
    findings: tuple[Finding, ...]
    bom: bool  # a UTF-8 byte order mark was present and stripped


def finding(
    rule: str, line: int | None, column: int | None, message: str, hint: str | None = None
) -> Finding:
    return Finding(rule, RULES_BY_ID[rule].severity, "", line, column, message, hint)


def _wide_encoding(data: bytes) -> str | None:
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    # JSON text starts with ASCII: a NUL among its first bytes means UTF-16 or UTF-32 without a BOM.
    head = data[:4]
    if len(head) >= 2 and (head[0] == 0 or head[1] == 0):
        return "UTF-16 or UTF-32 (no byte order mark)"
    return None


def decode(data: bytes) -> Decoded:
    wide = _wide_encoding(data)
    if wide is not None:
        return Decoded(
            None, (finding("GC001", 1, 1, f"the text is {wide}, not UTF-8", "save the file as UTF-8"),), False
        )
    bom = data.startswith(_UTF8_BOM)
    findings: tuple[Finding, ...] = ()
    if bom:
        findings = (
            finding("GC003", 1, 1, "the text starts with a UTF-8 byte order mark", "save it without the BOM"),
        )
        data = data[len(_UTF8_BOM) :]
    try:
        return Decoded(data.decode("utf-8"), findings, bom)
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8")
        line, column = LineIndex(prefix).position(len(prefix))
        bad = data[exc.start : exc.start + 4].hex(" ")
        message = f"invalid UTF-8 (bytes {bad}): {exc.reason}"
        return Decoded(
            None, (*findings, finding("GC002", line, column, message, "save the file as UTF-8")), bom
        )
