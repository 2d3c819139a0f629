"""Realistic request bodies of a given size for the benchmarks (deterministic: no randomness)."""

from __future__ import annotations

import base64
import json
from typing import Any

_TOOL = {
    "functionDeclarations": [
        {
            "name": f"lookup_{i}",
            "description": "Look up a record in the inventory by its identifier and return its fields.",
            "parameters": {
                "type": "OBJECT",
                "properties": {
                    "id": {"type": "STRING", "description": "Record identifier"},
                    "fields": {
                        "type": "ARRAY",
                        "items": {"type": "STRING", "enum": ["name", "price", "stock"]},
                    },
                    "limit": {"type": "INTEGER", "minimum": 1, "maximum": 100},
                },
                "required": ["id"],
            },
        }
        for i in range(3)
    ]
}


def body(target_bytes: int) -> dict[str, Any]:
    """A valid body of roughly `target_bytes` bytes of compact JSON."""
    doc: dict[str, Any] = {
        "systemInstruction": {"parts": [{"text": "You are a helpful assistant for an online shop."}]},
        "contents": [],
        "tools": [_TOOL],
        "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}},
        "safetySettings": [
            {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"},
            {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "threshold": "BLOCK_MEDIUM_AND_ABOVE"},
        ],
        "generationConfig": {"temperature": 0.7, "topP": 0.95, "topK": 40, "maxOutputTokens": 1024},
    }
    turn = 0
    while turn < 2 or len(json.dumps(doc, separators=(",", ":"))) < target_bytes:
        role = "user" if turn % 2 == 0 else "model"
        text = f"Turn {turn}: what is the price and stock of item {turn}? Please answer briefly. " * 2
        parts: list[dict[str, Any]] = [{"text": text}]
        if turn % 5 == 4:
            parts.append(
                {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(bytes(range(96))).decode()}}
            )
        doc["contents"].append({"role": role, "parts": parts})
        turn += 1
    return doc


def invalid_body(target_bytes: int) -> dict[str, Any]:
    """The same body with typical mistakes: snake_case names, a lower-case enum, an unknown key, a range error."""
    doc = body(target_bytes)
    doc["generation_config"] = doc.pop("generationConfig")
    doc["generation_config"]["temperature"] = 3.5
    doc["generation_config"]["top_k"] = doc["generation_config"].pop("topK")
    doc["safetySettings"][0]["threshold"] = "block_only_high"
    doc["contents"][0]["parts"][0]["txt"] = "typo"
    return doc


def five_error_body(target_bytes: int) -> dict[str, Any]:
    """Issue #17's body: five user errors, one of each kind: a wrong role, a string temperature, a negative
    count, a typo'd key and a bad enum value."""
    doc = body(target_bytes)
    doc["contents"][1]["role"] = "assistant"
    doc["generationConfig"]["temperature"] = "0.7"
    doc["generationConfig"]["candidateCount"] = -1
    doc["generationConfig"]["maxOutputToken"] = doc["generationConfig"].pop("maxOutputTokens")
    doc["safetySettings"][0]["threshold"] = "BLOCK_SOME"
    return doc


def unknown_in_parts(parts: int) -> dict[str, Any]:
    """One turn of `parts` text Parts, each with one unknown field (`extra`): one finding per Part."""
    return {"contents": [{"role": "user", "parts": [{"text": "hi", "extra": 1} for _ in range(parts)]}]}


def dumps(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, indent=2).encode()
