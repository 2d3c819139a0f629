"""`chunks(response, rng)`: a response as the stream of chunks `streamGenerateContent` sends: each text part
split over several chunks, other parts whole, the finish reason and the full usage on a candidate's last
chunk (earlier chunks carry the prompt's count only, as the API does). Concatenating the chunks' texts gives
the response's texts back."""

from __future__ import annotations

import itertools
import random
from typing import Any

MAX_PIECES = 4


def chunks(response: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    candidates = response.get("candidates")
    if not isinstance(candidates, list) or not candidates:
        return [response]  # a blocked prompt: one chunk
    envelope = {k: v for k, v in response.items() if k not in ("candidates", "usageMetadata")}
    pieces = [_pieces(candidate, rng) for candidate in candidates]
    total = max(len(p) for p in pieces)
    usage = response.get("usageMetadata", {})
    head_usage = {k: usage[k] for k in ("promptTokenCount", "promptTokensDetails") if k in usage}
    if "promptTokenCount" in usage:
        head_usage["totalTokenCount"] = usage["promptTokenCount"]
    out = []
    for i in range(total):
        chunk_candidates = [p[i] for p in pieces if i < len(p)]
        chunk: dict[str, Any] = {"candidates": chunk_candidates}
        last = i == total - 1
        if usage:
            chunk["usageMetadata"] = usage if last else head_usage
        out.append({**chunk, **envelope})
    return out


def _pieces(candidate: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """The candidate as a list of chunk candidates; the last carries everything but the content."""
    found = candidate.get("content")
    content: dict[str, Any] = found if isinstance(found, dict) else {}
    head = {k: v for k, v in candidate.items() if k == "index"}
    tail = {k: v for k, v in candidate.items() if k != "content"}
    role = {"role": content["role"]} if "role" in content else {}
    parts: list[dict[str, Any]] = []
    for part in content.get("parts", []):
        parts.extend(_split(part, rng))
    if not parts:
        return [{**({"content": content} if content else {}), **tail}]
    out = [{**head, "content": {"parts": [part], **role}} for part in parts]
    out[-1] = {**out[-1], **tail}
    return out


def _split(part: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    text = part.get("text")
    if not isinstance(text, str) or len(text) < 8:
        return [part]
    count = rng.randint(2, MAX_PIECES)
    cuts = sorted({rng.randint(1, len(text) - 1) for _ in range(count - 1)})
    bounds = [0, *cuts, len(text)]
    rest = {k: v for k, v in part.items() if k not in ("text", "thoughtSignature")}
    pieces = [{"text": text[a:b], **rest} for a, b in itertools.pairwise(bounds)]
    if "thoughtSignature" in part:  # the API sends the signature with the part's last piece
        pieces[-1]["thoughtSignature"] = part["thoughtSignature"]
    return pieces
