"""Messages that say how: the common migration mistakes each get one finding whose hint names the fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gemini_contract import Severity, validate

CASES: list[tuple[str, str, str, str, str]] = [
    # (name, body, rule, pointer, words of the hint)
    (
        "openai-messages",
        '{"messages": [{"role": "user", "content": "hi"}]}',
        "GC201",
        "/messages",
        "write contents",
    ),
    (
        "openai-max-tokens",
        '{"contents": [{"parts": [{"text": "hi"}]}], "max_tokens": 5}',
        "GC201",
        "/max_tokens",
        "generationConfig as maxOutputTokens",
    ),
    (
        "openai-temperature",
        '{"contents": [{"parts": [{"text": "hi"}]}], "temperature": 1}',
        "GC201",
        "/temperature",
        "generationConfig as temperature",
    ),
    (
        "openai-tool",
        '{"contents": [{"parts": [{"text": "hi"}]}], "tools": [{"type": "function", "function": {"name": "f"}}]}',
        "GC201",
        "/tools/0/type",
        "functionDeclarations",
    ),
    (
        "role-assistant",
        '{"contents": [{"role": "assistant", "parts": [{"text": "hi"}]}]}',
        "GC204",
        "/contents/0/role",
        "use 'model' for the assistant's turns",
    ),
    (
        "role-system",
        '{"contents": [{"role": "system", "parts": [{"text": "hi"}]}]}',
        "GC204",
        "/contents/0/role",
        "systemInstruction",
    ),
    (
        "sdk-config",
        '{"contents": [{"parts": [{"text": "hi"}]}], "config": {"temperature": 1}}',
        "GC201",
        "/config",
        "the SDK's config= is not part of the REST body",
    ),
    (
        "safety-strings",
        '{"contents": [{"parts": [{"text": "hi"}]}], "safetySettings": ["BLOCK_NONE"]}',
        "GC203",
        "/safetySettings/0",
        '{"category": "HARM_CATEGORY_...", "threshold": "BLOCK_..."}',
    ),
    (
        "part-string",
        '{"contents": [{"parts": ["hello"]}]}',
        "GC203",
        "/contents/0/parts/0",
        '{"text": "..."}',
    ),
    (
        "saved-response",
        '{"candidates": [{"content": {"parts": [{"text": "x"}]}}], "usageMetadata": {}}',
        "GC201",
        "/candidates",
        "this looks like a GenerateContentResponse",
    ),
    (
        "batch-record-in-json",
        '{"key": "a", "request": {"contents": [{"parts": [{"text": "x"}]}]}}',
        "GC201",
        "/key",
        "a Batch API record",
    ),
    (
        "jsonl-on-stdin",
        '{"contents": [{"parts": [{"text": "a"}]}]}\n{"contents": [{"parts": [{"text": "b"}]}]}\n',
        "GC011",
        "",
        "--stdin-filename x.jsonl",
    ),
    (
        "enum-typo",
        '{"contents": [{"parts": [{"text": "a"}]}], "generationConfig": {"mediaResolution": "MEDIA_RESOLUTION_HIGHT"}}',
        "GC204",
        "/generationConfig/mediaResolution",
        "did you mean 'MEDIA_RESOLUTION_HIGH'?",
    ),
]


@pytest.mark.parametrize(
    ("body", "rule", "pointer", "hint"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_the_hint_names_the_fix(body: str, rule: str, pointer: str, hint: str) -> None:
    errors = validate(body).at_least(Severity.ERROR)
    matching = [finding for finding in errors if finding.rule == rule and finding.pointer == pointer]
    assert len(matching) == 1, errors
    assert hint in (matching[0].hint or ""), matching[0]


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ('{"contents": [{"parts": ["hello"]}]}', 1),  # not also "a Part holds no data member"
        ('{"candidates": [], "usageMetadata": {}}', 1),  # one cause: one finding, no missing `contents`
        ('{"messages": []}', 1),
        ('{"contents": [{"parts": [{"text": "x"}]}], "tools": [{"type": "function", "function": {}}]}', 1),
    ],
)
def test_one_finding_per_cause(body: str, count: int) -> None:
    assert len(validate(body).at_least(Severity.ERROR)) == count, validate(body).at_least(Severity.ERROR)


def test_the_pytest_fixture_failure_carries_the_hint(gemini_request: Callable[..., Any]) -> None:
    with pytest.raises(pytest.fail.Exception, match="use 'model' for the assistant's turns"):
        gemini_request({"contents": [{"role": "assistant", "parts": [{"text": "hi"}]}]})
