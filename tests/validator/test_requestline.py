"""The request line: model, method and version read from a Gemini URL on any host, and what is wrong with it."""

from __future__ import annotations

import pytest
from gemini_contract.schema.models import model_table
from gemini_contract.validator.requestline import parse_url, request_line_issues


@pytest.mark.parametrize(
    ("url", "version", "model", "method", "sse"),
    [
        ("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key=K",
         "v1beta", "models/gemini-2.5-flash", "generateContent", False),
        ("https://generativelanguage.googleapis.com/v1/models/gemini-3-flash-preview:generateContent",
         "v1", "models/gemini-3-flash-preview", "generateContent", False),
        ("https://api.shuyou.ai/v1beta/models/gemma-3-27b-it:streamGenerateContent?alt=sse",
         "v1beta", "models/gemma-3-27b-it", "streamGenerateContent", True),
        ("/v1beta/tunedModels/my-model-1:generateContent", "v1beta", "tunedModels/my-model-1", "generateContent", False),
    ],
)  # fmt: skip
def test_a_gemini_url_is_read(url: str, version: str, model: str, method: str, sse: bool) -> None:
    line = parse_url(url)
    assert line is not None
    assert (line.version, line.model, line.method, line.sse) == (version, model, method, sse)
    assert request_line_issues(line) == []


def test_the_url_model_feeds_the_model_table() -> None:
    line = parse_url("https://generativelanguage.googleapis.com/v1/models/gemini-2.5-flash:generateContent")
    assert line is not None
    family = model_table().resolve(line.model).family
    assert family is not None
    assert family.id == "gemini-2.5-flash"


@pytest.mark.parametrize(
    ("url", "rules"),
    [
        ("https://api.shuyou.ai/v1beta/models/:streamGenerateContent", ["GC419"]),
        (
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent",
            ["GC420"],
        ),
        ("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash", ["GC420"]),
        ("https://example.com/v2/models/gemini-2.5-flash:generateContent", ["GC421"]),
    ],
)
def test_what_is_wrong_with_a_request_line(url: str, rules: list[str]) -> None:
    line = parse_url(url)
    assert line is not None
    assert [issue.rule for issue in request_line_issues(line)] == rules


def test_not_a_gemini_url() -> None:
    assert parse_url("https://api.openai.com/v1/chat/completions") is None
