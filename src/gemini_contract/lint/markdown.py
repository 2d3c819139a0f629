"""The Markdown reader: request bodies in fenced code blocks, each with the model of its Gemini URL.

Two forms are read: a `curl` command to a Gemini URL (`/{v1,v1beta}/models/{model}:{method}` on any host)
whose `-d` / `--data` / `--data-raw` / `--data-binary` / `--json` argument is single-quoted JSON; and a ```json
block right after a line that holds such a URL (a request line in text, inline code or a code block). A body
is placed at its line and column in the Markdown file. Shell variables in the URL (`$MODEL_ID`) name no model
of the table (no model rules apply); a wrong Gemini URL is reported at the URL.

A curl whose body is in another file (`-d @body.json`; `--data`, `--data-binary`, `--json` alike) is a
`Reference` (`references`): a reader has the file's bytes, not its path, so lint resolves it
(`lint.references`) and checks that file with the URL's model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gemini_contract.lint.http import problem
from gemini_contract.lint.units import BodyUnit, Context, Reference, Unit
from gemini_contract.validator.requestline import METHODS, RequestLine, parse_url, request_line_issues
from gemini_contract.validator.spans import Embedded

if TYPE_CHECKING:
    from gemini_contract.lint.settings import LintSettings

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
_URL = re.compile(r"""(?:https?://[^\s'"`<>)]+|/v\d+\w*/(?:models|tunedModels)/[^\s'"`<>)]*)""")
_DATA = re.compile(r"(?:^|\s)(?:-d|--data|--data-raw|--data-binary|--json)(?:\s+|=)'")
# `@file` data (not --data-raw, which sends the @ as is); the path may be quoted, and `-d@file` is one word.
_DATA_FILE = re.compile(
    r"""(?:^|\s)(?:--data-binary|--data|--json|-d)(?:\s+|=)?(?P<quote>['"]?)@(?P<path>[^\s'"]+)"""
)
_JSON_INFO = ("json", "jsonc", "json5")


@dataclass(frozen=True, slots=True)
class Body:
    line: RequestLine
    url_at: tuple[int, int]  # line, column of the URL in the file
    body: bytes | None  # None: only the URL (a wrong one is still reported)
    body_at: tuple[int, int]
    file: str | None = None  # `-d @file`: the body is in this file (as written; `body` is None)


def _gemini_url(text: str) -> tuple[RequestLine, int] | None:
    for match in _URL.finditer(text):
        line = parse_url(match.group())
        if line is not None:
            return line, match.start()
    return None


def _offsets(text: str) -> list[int]:
    starts = [0]
    starts += [i + 1 for i, char in enumerate(text) if char == "\n"]
    return starts


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low + 1, offset - starts[low] + 1


def _curl(block: str, block_start: int, starts: list[int]) -> Iterator[Body]:
    """The curl commands of a code block (each from `curl` to the next `curl` or the block's end)."""
    for command in re.finditer(r"\bcurl\b.*?(?=\bcurl\b|\Z)", block, re.S):
        text, base = command.group(), block_start + command.start()
        found = _gemini_url(text)
        if found is None:
            continue
        line, url_offset = found
        data = _DATA.search(text)
        body: bytes | None = None
        body_at = (0, 0)
        named = _DATA_FILE.search(text)
        if named is not None and (data is None or named.start() < data.start()):
            at = _position(starts, base + named.start("path") - 1)  # the `@`
            yield Body(line, _position(starts, base + url_offset), None, at, named["path"])
            continue
        if data is not None:
            opening = data.end()
            closing = text.find("'", opening)
            if closing > 0:
                body = text[opening:closing].encode("utf-8")
                body_at = _position(starts, base + opening)
        yield Body(line, _position(starts, base + url_offset), body, body_at)


def _model(line: RequestLine) -> str | None:
    """The model a URL names, or None for a shell variable or template (`$MODEL_ID`, `{model}`) or none."""
    named = "$" not in line.name and "{" not in line.name and not line.name.endswith("/")
    return line.name if named else None


def bodies(text: str) -> Iterator[Body]:
    starts = _offsets(text)
    lines = text.split("\n")
    previous: tuple[RequestLine, tuple[int, int]] | None = None  # the last line's Gemini URL
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if fence is None:
            if lines[i].strip():
                found = _gemini_url(lines[i])
                previous = (found[0], (i + 1, found[1] + 1)) if found else None
            i += 1
            continue
        close = next(
            (j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(fence["fence"])), len(lines)
        )
        block_start = starts[i + 1] if i + 1 < len(starts) else len(text)
        block = "\n".join(lines[i + 1 : close])
        if fence["info"].lower() in _JSON_INFO and previous is not None:
            yield Body(previous[0], previous[1], block.encode("utf-8"), (i + 2, 1))
            previous = None
        elif "curl" in block:
            yield from _curl(block, block_start, starts)
            previous = None
        else:
            found = _gemini_url(block)  # an HTTP request line in a block: a JSON block may follow
            previous = None
            if found is not None:
                at = _position(starts, block_start + found[1])
                previous = (found[0], at)
        i = close + 1


@dataclass(frozen=True, slots=True)
class MarkdownReader:
    name: str = "markdown"
    suffixes: tuple[str, ...] = (".md", ".markdown")
    ranged: bool = False

    def units(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Iterator[Unit]:
        for found in bodies(data.decode("utf-8", "replace")):
            line = found.line
            for issue in request_line_issues(line):
                yield BodyUnit(
                    b"", Embedded(*found.url_at), Context(), problem(issue.rule, issue.message, issue.hint)
                )
            if line.method not in METHODS or found.body is None or not found.body.strip():
                continue
            yield BodyUnit(found.body, Embedded(*found.body_at), Context(model=_model(line)))

    def references(self, data: bytes) -> Iterator[Reference]:
        """The `curl -d @file` commands to a generateContent URL (a wrong URL is reported by `units`)."""
        for found in bodies(data.decode("utf-8", "replace")):
            if found.file is not None and found.line.method in METHODS:
                yield Reference(found.file, _model(found.line), *found.body_at)


MARKDOWN = MarkdownReader()
