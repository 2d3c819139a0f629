"""Recognising request files by content: whether a JSON document (or the first record of a JSON Lines file) is
meant as a Gemini request body, so that a repository's other JSON (package.json, tsconfig.json, JSON Schemas,
GeoJSON, i18n, event logs) is skipped, while a broken request is still checked.

The decision reads only the top-level keys. A document is a request when one of them is a request member
(`contents`, `generationConfig`, ...), its proto (snake_case) spelling, a near miss of one (`contens`), or a
Batch API record's `request`; or when chat-API keys (`messages`, the SDK's `config`) stand next to `model` or
generation settings (an OpenAI- or SDK-shaped body sent to Gemini); or when it is a saved response
(`candidates`, `promptFeedback`): it is checked so that the linter says what it is (GC019: use
`--kind response`, or exclude the folder). `model` alone or an object without keys is not. Text that cannot be read far enough to see a key (not JSON
at all, cut short, UTF-32) is checked, so that its problem is reported rather than hidden.

Cost: a request whose first key is a member is decided by one regular expression; other JSON by orjson; only
text orjson refuses (comments, trailing commas) goes through the tolerant key scanner below.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

import orjson

from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID

# GenerateContentRequest's members (tests/lint/test_recognize.py checks this against the schema).
REQUEST_MEMBERS = frozenset(
    {
        "systemInstruction",
        "contents",
        "tools",
        "toolConfig",
        "safetySettings",
        "generationConfig",
        "cachedContent",
        "serviceTier",
        "store",
        "labels",
        "continuationToken",
    }
)
# Keys that say "request" only next to another hint: `model` (a member, but a common word), the chat APIs'
# body keys, and generation settings people put at the root.
WEAK = frozenset({"model"})
CHAT_KEYS = frozenset({"messages", "config", "prompt", "system_instruction_text"})
GENERATION_KEYS = frozenset(
    {
        "temperature",
        "topP",
        "top_p",
        "topK",
        "top_k",
        "maxOutputTokens",
        "max_output_tokens",
        "max_tokens",
        "max_completion_tokens",
        "stop",
        "stopSequences",
        "response_format",
    }
)
RECORD_KEYS = frozenset({"request"})  # a Batch API record: {"key": ..., "request": {...}}
# A GenerateContentResponse where a request is expected: reported as such (issues #13 and #16), not skipped.
RESPONSE_KEYS = frozenset({"candidates", "promptFeedback", "prompt_feedback"})


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


_STRONG = REQUEST_MEMBERS | {_snake(name) for name in REQUEST_MEMBERS} | RECORD_KEYS | RESPONSE_KEYS
_NEAR_MISS_MIN = 6  # shorter keys (`tools`, `store`, `labels`) are too close to common words to guess at
_FIRST_KEY = re.compile(rb'\s*(?:\xef\xbb\xbf)?\s*\{\s*"([A-Za-z_]{1,40})"\s*:')


def within_two_edits(a: str, b: str) -> bool:
    """Whether `a` becomes `b` with at most two insertions, deletions or substitutions (banded, early exit)."""
    if abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > 2:
            return False
        previous = current
    return previous[-1] <= 2


def is_strong(key: str) -> bool:
    if key in _STRONG:
        return True
    folded = key.replace("_", "").lower()
    if len(folded) < _NEAR_MISS_MIN:
        return False
    return any(
        within_two_edits(folded, name.lower()) for name in REQUEST_MEMBERS if len(name) >= _NEAR_MISS_MIN
    )


def keys_say_request(keys: Iterable[str]) -> bool:
    """The decision on a document's top-level keys (see the module's docstring)."""
    keys = set(keys)
    if any(is_strong(key) for key in keys):
        return True
    return bool(keys & CHAT_KEYS) and bool(keys & (WEAK | GENERATION_KEYS))


def is_request_text(data: bytes) -> bool:
    """Whether a JSON document (a whole file, or one JSON Lines record) should be checked as a request."""
    first = _FIRST_KEY.match(data)
    if first is not None and first.group(1).decode() in _STRONG:
        return True
    try:
        value = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:
        keys, complete = scan_top_level_keys(_text(data))
        if keys is None:
            return True  # not readable as an object at all: check it, so that its problem is reported
        return keys_say_request(keys) or (not keys and not complete)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value = value[0]  # requests wrapped in a list: a request file with a mistake (reported as GC017)
    return isinstance(value, dict) and keys_say_request(value)


FIRST_RECORDS = 8  # a batch's first line may be the broken one: look a little further


def first_records(head: bytes) -> list[bytes]:
    """The first non-blank lines of the start of a JSON Lines file (the last one may be cut: not used)."""
    lines = head.split(b"\n")
    whole = lines if len(lines) == 1 else lines[:-1]
    return [line for line in whole if line.strip()][:FIRST_RECORDS]


def is_request_lines(head: bytes) -> bool:
    """Whether a JSON Lines file whose first bytes are `head` is a batch of requests: one of its first records
    is; a file without a whole record there is checked (it is reported as empty, or its record as too long)."""
    records = first_records(head)
    return not records or any(is_request_text(record) for record in records)


def _text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


# The tolerant scanner: JSON with comments (tsconfig, VS Code settings), trailing commas, single quotes and
# unquoted keys (JSON5-like text Google's parser partly accepts). It reads keys at depth 1 only and skips
# every value by bracket counting.
# Its patterns are compiled the first time a file is not standard JSON (`_Scanner.get`): most runs never
# need them, and their compiles were half of this module's import.
class _Scanner(NamedTuple):
    space: re.Pattern[str]
    strings: dict[str, re.Pattern[str]]
    bare_key: re.Pattern[str]
    value_stop: re.Pattern[str]

    @staticmethod
    @functools.cache
    def get() -> _Scanner:
        return _Scanner(
            re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/|#[^\n]*)*", re.DOTALL),
            {
                '"': re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL),
                "'": re.compile(r"'(?:[^'\\]|\\.)*'", re.DOTALL),
            },
            re.compile(r"[A-Za-z_$][\w$-]*"),
            re.compile(r"""["'{}\[\],]|//|/\*"""),
        )


def scan_top_level_keys(text: str) -> tuple[list[str] | None, bool]:
    """The keys of a top-level object in order, and whether the object was read to its end; (None, False)
    when the text does not start an object. Reading stops at the first thing it cannot follow."""
    space = _Scanner.get().space
    at = space.match(text, 0).end()  # type: ignore[union-attr]  # the pattern matches the empty string
    if not text.startswith("{", at):
        return None, False
    keys: list[str] = []
    at += 1
    while True:
        at = space.match(text, at).end()  # type: ignore[union-attr]
        if text.startswith("}", at):
            return keys, True
        key, at = _key(text, at)
        if key is None:
            return keys, False
        keys.append(key)
        at = space.match(text, at).end()  # type: ignore[union-attr]
        if not text.startswith(":", at):
            return keys, False
        at = _skip_value(text, at + 1)
        if at < 0:
            return keys, False
        at = space.match(text, at).end()  # type: ignore[union-attr]
        if text.startswith(",", at):
            at += 1
        elif not text.startswith("}", at):
            return keys, False


def _key(text: str, at: int) -> tuple[str | None, int]:
    _, strings, bare_key, _ = _Scanner.get()
    quote = text[at : at + 1]
    if quote in strings:
        found = strings[quote].match(text, at)
        return (found.group()[1:-1], found.end()) if found else (None, at)
    bare = bare_key.match(text, at)
    return (bare.group(), bare.end()) if bare else (None, at)


def _skip_value(text: str, at: int) -> int:
    """The offset after the value that starts at or after `at` (its end: the `,` or `}` that follows at depth
    0), or -1 when the text ends first."""
    space, strings, _, value_stop = _Scanner.get()
    depth = 0
    while True:
        found = value_stop.search(text, at)
        if found is None:
            return -1
        token, at = found.group(), found.start()
        if token in strings:
            string = strings[token].match(text, at)
            if string is None:
                return -1
            at = string.end()
        elif token in ("//", "/*"):
            at = space.match(text, at).end()  # type: ignore[union-attr]
            if at == found.start():
                at += len(token)  # an unterminated block comment: step over it
        elif token in "{[":
            depth += 1
            at += 1
        elif token in "}]":
            if depth == 0:
                return at
            depth -= 1
            at += 1
        elif depth == 0:  # a comma at depth 0 ends the value
            return at
        else:
            at += 1


# Top-level members only a response (or an error body) has: a request file holding them is a saved answer.
RESPONSE_MEMBERS = frozenset(("/candidates", "/usageMetadata", "/promptFeedback", "/responseId", "/error"))


def recognised_response(findings: tuple[Finding, ...], profile: str) -> tuple[Finding, ...]:
    """One finding saying a request file holds a response, instead of the unknown-field findings such a file
    gets as a request; the findings unchanged otherwise."""
    # A response member at the top is the sign (the missing `contents` is no longer reported beside a
    # foreign key's hint, so it cannot be asked for).
    unknown = {f.pointer for f in findings if f.rule == "GC201"}
    if not unknown & RESPONSE_MEMBERS:
        return findings
    rule = RULES_BY_ID["GC019"]
    members = ", ".join(sorted(p.lstrip("/") for p in unknown & RESPONSE_MEMBERS))
    first = min((f for f in findings if f.pointer in unknown), key=Finding.sort_key)
    return (
        Finding(
            rule.id,
            rule.severity_in(profile),
            "",
            first.line,
            first.column,
            f"this is a Gemini response ({members}), not a request body",
            "check recorded responses with `gemini-contract lint --kind response`",
        ),
    )
