"""Hints for the mistakes people make moving to Gemini from another API or SDK: known foreign keys, value
types and enum values, each mapped to the fix, as data. The schema explanations (`engine`) consult these
tables before falling back to a did-you-mean; one cause gives one finding (the cause's keys are named
together, and a missing `contents` that a foreign key explains is not reported again).
"""

from __future__ import annotations

_GENERATION = "move it into generationConfig as {name}"
_RESPONSE = (
    "this looks like a GenerateContentResponse (a saved answer), not a request: "
    "requests hold contents, not candidates"
)
_RECORD = "a Batch API record ({key, request}): put it in a .jsonl file, one record per line"
_SDK_CONFIG = (
    "the SDK's config= is not part of the REST body: put its generation settings in generationConfig and "
    "systemInstruction, tools, safetySettings at the top level"
)

# (message, foreign key) -> (cause, hint). Keys with one cause in one object make one finding.
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("GenerateContentRequest", "messages"): (
        "openai-messages",
        'write contents: [{"role": "user", "parts": [{"text": "..."}]}] (roles user and model; system text '
        "goes in systemInstruction)",
    ),
    ("GenerateContentRequest", "prompt"): (
        "prompt",
        'write contents: [{"role": "user", "parts": [{"text": "..."}]}]',
    ),
    ("GenerateContentRequest", "system"): ("system", 'write systemInstruction: {"parts": [{"text": "..."}]}'),
    ("GenerateContentRequest", "system_prompt"): (
        "system",
        'write systemInstruction: {"parts": [{"text": "..."}]}',
    ),
    ("GenerateContentRequest", "config"): ("sdk-config", _SDK_CONFIG),
    ("GenerateContentRequest", "candidates"): ("response", _RESPONSE),
    ("GenerateContentRequest", "usageMetadata"): ("response", _RESPONSE),
    ("GenerateContentRequest", "usage_metadata"): ("response", _RESPONSE),
    ("GenerateContentRequest", "promptFeedback"): ("response", _RESPONSE),
    ("GenerateContentRequest", "modelVersion"): ("response", _RESPONSE),
    ("GenerateContentRequest", "responseId"): ("response", _RESPONSE),
    ("GenerateContentRequest", "key"): ("record", _RECORD),
    ("GenerateContentRequest", "request"): ("record", _RECORD),
    ("GenerateContentRequest", "metadata"): ("record", _RECORD),
    ("Tool", "function"): (
        "openai-tool",
        "write functionDeclarations: [{name, description, parameters}] (OpenAI's tools[].function)",
    ),
    ("Tool", "type"): (
        "openai-tool",
        "write functionDeclarations: [{name, description, parameters}] (OpenAI's tools[].function)",
    ),
    ("Content", "content"): ("content-text", 'write parts: [{"text": "..."}]'),
}
# OpenAI and SDK generation settings at the root: the generationConfig field each one becomes.
_GENERATION_FIELDS = {
    "max_tokens": "maxOutputTokens",
    "max_completion_tokens": "maxOutputTokens",
    "max_output_tokens": "maxOutputTokens",
    "maxOutputTokens": "maxOutputTokens",
    "temperature": "temperature",
    "top_p": "topP",
    "topP": "topP",
    "top_k": "topK",
    "topK": "topK",
    "stop": "stopSequences",
    "stop_sequences": "stopSequences",
    "stopSequences": "stopSequences",
    "n": "candidateCount",
    "candidate_count": "candidateCount",
    "seed": "seed",
    "presence_penalty": "presencePenalty",
    "frequency_penalty": "frequencyPenalty",
    "response_format": "responseMimeType and responseJsonSchema",
    "response_mime_type": "responseMimeType",
    "responseMimeType": "responseMimeType",
    "response_schema": "responseSchema",
    "responseSchema": "responseSchema",
    "thinking_config": "thinkingConfig",
    "thinkingConfig": "thinkingConfig",
}
for _key, _field in _GENERATION_FIELDS.items():
    FOREIGN_KEYS[("GenerateContentRequest", _key)] = (f"generation:{_field}", _GENERATION.format(name=_field))

# OpenAI's spellings inside generationConfig itself (snake_case twins of its fields are GC101, not these).
for _key in ("max_tokens", "max_completion_tokens", "stop", "n", "response_format"):
    _field = _GENERATION_FIELDS[_key]
    FOREIGN_KEYS[("GenerationConfig", _key)] = (f"generation:{_field}", f"write {_field} (OpenAI's {_key})")

# Root keys whose cause also explains a missing `contents` (so it is not reported on its own).
EXPLAINS_MISSING_CONTENTS = frozenset({"messages", "prompt", "candidates", "request"})

# (where, JSON type of the value) -> hint, for a value of the wrong type.
TYPE_HINTS: dict[tuple[str, str], str] = {
    ("Part", "string"): 'a Part is an object: write {"text": "..."}',
    ("SafetySetting", "string"): 'a safety setting is an object: write {"category": "HARM_CATEGORY_...", '
    '"threshold": "BLOCK_..."}',
    (
        "GenerateContentRequest.contents",
        "string",
    ): 'write contents: [{"role": "user", "parts": [{"text": "..."}]}]',
    ("GenerateContentRequest.contents", "object"): "contents is a list of turns: wrap the turn in [ ]",
    ("Content.parts", "string"): 'write parts: [{"text": "..."}]',
    (
        "GenerateContentRequest.systemInstruction",
        "string",
    ): 'write systemInstruction: {"parts": [{"text": "..."}]}',
}

# (where, value) -> hint, for a value outside an enum, before did-you-mean.
ENUM_HINTS: dict[tuple[str, str], str] = {
    ("Content.role", "assistant"): "use 'model' for the assistant's turns",
    ("Content.role", "system"): "put system text in systemInstruction; turns are user or model",
    ("Content.role", "developer"): "put system text in systemInstruction; turns are user or model",
    ("Content.role", "tool"): "send tool results as functionResponse parts in a user turn",
}


def foreign_key(message: str, key: str) -> tuple[str, str] | None:
    """The cause and hint for `key` unknown in `message`, when it is a known foreign key."""
    return FOREIGN_KEYS.get((message, key))


def type_hint(where: str, message: str, json_type: str) -> str | None:
    return TYPE_HINTS.get((where, json_type)) or TYPE_HINTS.get((message, json_type))


def enum_hint(where: str, value: object) -> str | None:
    return ENUM_HINTS.get((where, value)) if isinstance(value, str) else None
