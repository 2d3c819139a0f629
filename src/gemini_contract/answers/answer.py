"""`answer(request, rng)`: one GenerateContentResponse a model could give to a request, as the request asks:
text; JSON that validates against `responseSchema`/`responseJsonSchema`; one of the values for
`text/x.enum`; `functionCall` parts whose args fit the declarations when the calling mode allows; a thought
part with `includeThoughts`; inline image/audio for IMAGE/AUDIO modalities; `candidateCount` candidates; usage
totals that add up. An `Outcome` other than NORMAL asks for a blocked prompt, a SAFETY or a MAX_TOKENS finish.

The request is read leniently (it is the validator's canonical document, or anything): a malformed field
means the default, never an exception.
"""

from __future__ import annotations

import base64
import enum
import functools
import json
import random
from typing import Any

import jsonschema_rs
import orjson

from gemini_contract.answers import instances
from gemini_contract.answers.tokens import count_tokens, part_tokens, tokens

DEFAULT_MODEL = "gemini-2.5-flash"
# The smallest valid PNG (1x1, transparent) and 20 ms of 24 kHz 16-bit silence: media a client can decode.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PCM_MIME = "audio/L16;codec=pcm;rate=24000"
SAFE_CATEGORIES = (
    "HARM_CATEGORY_HATE_SPEECH",
    "HARM_CATEGORY_DANGEROUS_CONTENT",
    "HARM_CATEGORY_HARASSMENT",
    "HARM_CATEGORY_SEXUALLY_EXPLICIT",
)
JSON_TRIES = 8


class Outcome(enum.Enum):
    """What the answer is: a normal one, or one of the refusals and cut-offs clients must handle."""

    NORMAL = "normal"
    BLOCKED = "blocked"  # promptFeedback.blockReason SAFETY, no candidates
    SAFETY = "safety"  # a candidate stopped for SAFETY, with the rating that blocked it
    MAX_TOKENS = "max_tokens"  # the text cut short


def answer(
    request: Any,
    rng: random.Random,
    *,
    model: str = DEFAULT_MODEL,
    outcome: Outcome = Outcome.NORMAL,
    response_id: str | None = None,
) -> dict[str, Any]:
    """A response body for `request`; the same (request, rng state, options) give the same body."""
    request = request if isinstance(request, dict) else {}
    config = _dict(request.get("generationConfig"))
    response_id = response_id or "".join(
        rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(22)
    )
    prompt = count_tokens(request)
    envelope = {"modelVersion": model.removeprefix("models/"), "responseId": response_id}
    if outcome is Outcome.BLOCKED:
        ratings = _ratings(rng, blocked=True)
        usage = {"promptTokenCount": prompt, "totalTokenCount": prompt}
        return {
            "promptFeedback": {"blockReason": "SAFETY", "safetyRatings": ratings},
            "usageMetadata": usage,
            **envelope,
        }
    count = config.get("candidateCount", 1)
    count = count if isinstance(count, int) and 1 <= count <= 8 else 1
    candidates = [_candidate(request, config, rng, index, outcome) for index in range(count)]
    return {"candidates": candidates, "usageMetadata": _usage(prompt, candidates), **envelope}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _candidate(
    request: dict[str, Any], config: dict[str, Any], rng: random.Random, index: int, outcome: Outcome
) -> dict[str, Any]:
    candidate: dict[str, Any] = {"index": index} if index else {}
    if outcome is Outcome.SAFETY:
        return {**candidate, "finishReason": "SAFETY", "safetyRatings": _ratings(rng, blocked=True)}
    parts: list[dict[str, Any]] = []
    if _dict(config.get("thinkingConfig")).get("includeThoughts") is True:
        parts.append({"text": "**Planning the answer**\n\n" + _prose(rng, 12), "thought": True})
    calls = _function_calls(request, rng)
    finish = "STOP"
    if calls:
        parts += calls
    else:
        modalities = [m for m in _list(config.get("responseModalities")) if isinstance(m, str)]
        if "TEXT" in modalities or not {"IMAGE", "AUDIO"} & set(modalities):
            text = _text(config, rng)
            limit = config.get("maxOutputTokens")
            if outcome is Outcome.MAX_TOKENS or (isinstance(limit, int) and tokens(text) > limit > 0):
                keep = max(1, (limit if isinstance(limit, int) and limit > 0 else tokens(text) // 2) * 4)
                text, finish = text[:keep], "MAX_TOKENS"
            parts.append({"text": text})
        if "IMAGE" in modalities:
            parts.append({"inlineData": {"mimeType": "image/png", "data": _b64(PNG_1X1)}})
        if "AUDIO" in modalities:
            parts.append({"inlineData": {"mimeType": PCM_MIME, "data": _b64(bytes(960))}})
    return {**candidate, "content": {"parts": parts, "role": "model"}, "finishReason": finish}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _prose(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(instances.WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _text(config: dict[str, Any], rng: random.Random) -> str:
    mime = config.get("responseMimeType")
    schema, is_json_schema = config.get("responseSchema"), False
    if "responseJsonSchema" in config:
        schema, is_json_schema = config["responseJsonSchema"], True
    elif "_responseJsonSchema" in config:
        schema, is_json_schema = config["_responseJsonSchema"], True
    if mime == "text/x.enum" and isinstance(schema, dict) and _list(schema.get("enum")):
        return str(rng.choice(schema["enum"]))
    if mime == "application/json":
        if schema is None:
            return json.dumps({"answer": _prose(rng, 6)})
        return json.dumps(
            _valid_instance(schema if is_json_schema else instances.to_json_schema(schema), rng)
        )
    return " ".join(_prose(rng, rng.randint(6, 14)) for _ in range(rng.randint(1, 4)))


def _valid_instance(schema: Any, rng: random.Random) -> Any:
    """A value that validates against `schema`: drawn until one does (patterns and `not` are best-effort)."""
    try:
        validator = _validator(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS))
    except Exception:  # a schema that cannot even be compiled: whatever we draw is as good as it gets
        return instances.instance(schema, rng)
    value = None
    for _ in range(JSON_TRIES):
        value = instances.instance(schema, rng)
        try:
            if validator.is_valid(value):
                return value
        except Exception:  # an unresolvable $ref and the like
            return value
    return value


@functools.lru_cache(maxsize=256)
def _validator(schema_text: bytes) -> Any:
    """A compiled validator per schema text: a conversation sends the same declarations on every turn, and
    compiling costs far more than validating (jsonschema-rs; no remote $ref is ever fetched)."""
    schema = orjson.loads(schema_text)
    return jsonschema_rs.validator_for(schema, retriever=_refuse)


def _refuse(uri: str) -> Any:
    raise ValueError(f"external $ref {uri!r} is not retrieved")


def _function_calls(request: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """functionCall parts when the mode allows: ANY always calls; AUTO and VALIDATED call unless the last turn
    already answers a call (so an automatic-function-calling loop ends with text); NONE never."""
    declarations = [
        d
        for tool in _list(request.get("tools"))
        for d in _list(_dict(tool).get("functionDeclarations"))
        if isinstance(d, dict) and isinstance(d.get("name"), str)
    ]
    calling = _dict(_dict(request.get("toolConfig")).get("functionCallingConfig"))
    mode = calling.get("mode", "AUTO")
    allowed = [n for n in _list(calling.get("allowedFunctionNames")) if isinstance(n, str)]
    if allowed and mode in ("ANY", "VALIDATED"):
        declarations = [d for d in declarations if d["name"] in allowed] or declarations
    if not declarations or mode == "NONE":
        return []
    if mode != "ANY" and _answers_a_call(request):
        return []
    chosen = rng.sample(declarations, k=1 if len(declarations) == 1 or rng.random() < 0.7 else 2)
    return [{"functionCall": {"name": d["name"], "args": _args(d, rng)}} for d in chosen]


def _answers_a_call(request: dict[str, Any]) -> bool:
    contents = _list(request.get("contents"))
    last = _dict(contents[-1]) if contents else {}
    return any(isinstance(p, dict) and "functionResponse" in p for p in _list(last.get("parts")))


def _args(declaration: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    if "parametersJsonSchema" in declaration:
        value = _valid_instance(declaration["parametersJsonSchema"], rng)
    elif isinstance(declaration.get("parameters"), dict):
        value = _valid_instance(instances.to_json_schema(declaration["parameters"]), rng)
    else:
        return {}
    return value if isinstance(value, dict) else {}


def _ratings(rng: random.Random, *, blocked: bool) -> list[dict[str, Any]]:
    ratings: list[dict[str, Any]] = [{"category": c, "probability": "NEGLIGIBLE"} for c in SAFE_CATEGORIES]
    if blocked:
        ratings[rng.randrange(len(ratings))] = {
            "category": rng.choice(SAFE_CATEGORIES[1:2]),
            "probability": "HIGH",
            "blocked": True,
        }
    return ratings


def _usage(prompt: int, candidates: list[dict[str, Any]]) -> dict[str, Any]:
    """Token counts that add up: total = prompt + candidates + thoughts."""
    output = thoughts = 0
    for candidate in candidates:
        for part in _list(_dict(candidate.get("content")).get("parts")):
            if part.get("thought") is True:
                thoughts += part_tokens(part)
            else:
                output += part_tokens(part)
    usage: dict[str, Any] = {"promptTokenCount": prompt, "candidatesTokenCount": output}
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
    usage["totalTokenCount"] = prompt + output + thoughts
    if prompt:
        usage["promptTokensDetails"] = [{"modality": "TEXT", "tokenCount": prompt}]
    return usage
