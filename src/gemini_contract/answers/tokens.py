"""Token estimates: about four characters of text per token (Google's own rule of thumb), a fixed cost per
media part. The mock's countTokens and every answer's usageMetadata come from here, so they agree."""

from __future__ import annotations

from typing import Any

CHARS_PER_TOKEN = 4
MEDIA_TOKENS = 258  # what Gemini bills for one image tile; used for any inline or file media part


def tokens(text: str) -> int:
    """Tokens of a text: ceil(len / 4), 0 for the empty text."""
    return -(-len(text) // CHARS_PER_TOKEN)


def part_tokens(part: Any) -> int:
    if not isinstance(part, dict):
        return 0
    if isinstance(part.get("text"), str):
        return tokens(part["text"])
    if "inlineData" in part or "fileData" in part:
        return MEDIA_TOKENS
    return tokens(repr(part))  # function calls and responses: their JSON, roughly


def content_tokens(content: Any) -> int:
    parts = content.get("parts", []) if isinstance(content, dict) else []
    return sum(part_tokens(part) for part in parts) if isinstance(parts, list) else 0


def count_tokens(request: dict[str, Any]) -> int:
    """The prompt's tokens: every content, the system instruction and the tool declarations."""
    contents = request.get("contents", [])
    total = sum(content_tokens(c) for c in contents) if isinstance(contents, list) else 0
    total += content_tokens(request.get("systemInstruction"))
    if request.get("tools"):
        total += tokens(repr(request["tools"]))
    return total
