"""The .http / .rest reader (VS Code REST Client and JetBrains HTTP Client files): each request to a Gemini
URL (`/{v1,v1beta}/models/{model}:{method}` on any host) is a unit, its body placed at its line in the file
and the URL's model feeding the model rules.

A file holds requests separated by `###` lines; a request is its request line (`POST https://...`, an
optional HTTP version), headers up to a blank line, then its body. Comments (`#`, `//`), file variables
(`@name = value`) and JetBrains response handlers (`> {% ... %}`, `<> file`) are skipped; `{{variables}}`
are left alone (a model written as one names no model of the table: no model rules apply). A request
that is not to a Gemini URL, or has no body, is not checked; a Gemini URL that is wrong (no model, not a
generateContent method, an unknown API version) is reported at the URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gemini_contract.lint.units import BodyUnit, Context, Unit
from gemini_contract.validator.findings import Finding
from gemini_contract.validator.requestline import METHODS, RequestLine, parse_url, request_line_issues
from gemini_contract.validator.ruleset import RULES_BY_ID
from gemini_contract.validator.spans import Embedded

if TYPE_CHECKING:
    from gemini_contract.lint.settings import LintSettings

_SEPARATOR = re.compile(r"^###")
_REQUEST_LINE = re.compile(r"^(?:(?P<verb>[A-Z]+)\s+)?(?P<url>\S+)(?:\s+HTTP/[\d.]+)?\s*$")
_SKIPPED = ("#", "//", "@")
_HANDLER = ("> ", ">>", "<>", "> {%")


@dataclass(frozen=True, slots=True)
class Request:
    """One request of the file: its request line, where its URL sits, and its body with its first line."""

    line: RequestLine | None
    url_line: int
    url_column: int
    body: bytes
    body_line: int


def requests(text: str) -> Iterator[Request]:
    lines = text.split("\n")
    start = 0
    for i, line in enumerate([*lines, "###"]):
        if _SEPARATOR.match(line):
            found = _request(lines[start:i], start)
            if found is not None:
                yield found
            start = i + 1


def _request(block: list[str], offset: int) -> Request | None:
    i = 0
    while i < len(block) and (not block[i].strip() or block[i].lstrip().startswith(_SKIPPED)):
        i += 1
    if i == len(block):
        return None
    match = _REQUEST_LINE.match(block[i].strip())
    if match is None:
        return None
    url = match["url"]
    url_line, url_column = offset + i + 1, block[i].find(url) + 1
    i += 1
    while i < len(block) and block[i].strip():  # headers (and query continuation lines)
        i += 1
    while i < len(block) and not block[i].strip():
        i += 1
    end = len(block)
    while end > i and (not block[end - 1].strip() or block[end - 1].startswith(_HANDLER)):
        end -= 1
    body = "\n".join(block[i:end]).encode("utf-8")
    return Request(parse_url(url), url_line, url_column, body, offset + i + 1)


def problem(rule: str, message: str, hint: str | None) -> Finding:
    return Finding(rule, RULES_BY_ID[rule].severity, "", 1, 1, message, hint)


@dataclass(frozen=True, slots=True)
class HttpReader:
    name: str = "http"
    suffixes: tuple[str, ...] = (".http", ".rest")
    ranged: bool = False

    def units(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Iterator[Unit]:
        for request in requests(data.decode("utf-8", "replace")):
            line = request.line
            if line is None:
                continue  # not a Gemini call
            at_url = Embedded(request.url_line, request.url_column)
            for issue in request_line_issues(line):
                yield BodyUnit(b"", at_url, Context(), problem(issue.rule, issue.message, issue.hint))
            if line.method not in METHODS or not request.body.strip():
                continue
            named = "{{" not in line.name and not line.name.endswith("/")
            yield BodyUnit(
                request.body, Embedded(request.body_line, 1), Context(model=line.name if named else None)
            )


HTTP = HttpReader()
