"""What the mock answers (`responses_for`) is a valid response to the request it answers: the property tests
the issue asks for, over requests drawn from the request strategies."""

from __future__ import annotations

import json
import random
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemini_contract import validate_response
from gemini_contract.answers import Outcome, answer, chunks, count_tokens
from gemini_contract.answers.instances import to_json_schema
from gemini_contract.strategies import exchanges, requests, responses_for, stream_chunks

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(response: dict[str, Any]) -> list[str]:
    return [
        part["text"]
        for candidate in response.get("candidates", [])
        for part in candidate.get("content", {}).get("parts", [])
        if "text" in part and not part.get("thought")
    ]


@SETTINGS
@given(exchanges())
def test_every_answer_is_a_valid_response(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    request, response = pair
    report = validate_response(response)
    assert report.findings == (), report.findings
    usage = response["usageMetadata"]
    assert usage["totalTokenCount"] == usage["promptTokenCount"] + usage.get(
        "candidatesTokenCount", 0
    ) + usage.get("thoughtsTokenCount", 0)
    assert usage["promptTokenCount"] == count_tokens(request)
    if "candidates" in response:
        config = request.get("generationConfig", {})
        assert len(response["candidates"]) == min(config.get("candidateCount", 1), 8)
        _assert_json_answers_fit(config, response)


def _assert_json_answers_fit(config: dict[str, Any], response: dict[str, Any]) -> None:
    if config.get("responseMimeType") != "application/json":
        return
    if "responseJsonSchema" in config:
        schema = config["responseJsonSchema"]
    elif "responseSchema" in config:
        schema = to_json_schema(config["responseSchema"])
    else:
        schema = True
    for candidate in response["candidates"]:
        if candidate.get("finishReason") != "STOP":
            continue  # a MAX_TOKENS answer is cut short: its JSON is incomplete, as the API's is
        for part in candidate["content"]["parts"]:
            if "text" in part and not part.get("thought"):
                jsonschema.validate(json.loads(part["text"]), schema)


@SETTINGS
@given(stream_chunks())
def test_every_stream_chunk_is_a_valid_response(stream: list[dict[str, Any]]) -> None:
    assert stream
    for chunk in stream:
        assert validate_response(chunk).findings == ()
    finished = [c for chunk in stream for c in chunk.get("candidates", []) if "finishReason" in c]
    assert len(finished) == len({c.get("index", 0) for chunk in stream for c in chunk.get("candidates", [])})


@settings(max_examples=60, deadline=None)
@given(st.data(), requests())
def test_chunks_concatenate_to_the_answer(data: st.DataObject, request: dict[str, Any]) -> None:
    response = data.draw(responses_for(request))
    stream = chunks(response, random.Random(data.draw(st.integers(0, 2**32))))
    for index, candidate in enumerate(response.get("candidates", [])):
        pieces = [c for chunk in stream for c in chunk["candidates"] if c.get("index", 0) == index]
        assert "".join(_texts({"candidates": pieces})) == "".join(_texts({"candidates": [candidate]}))


JSON_SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "minLength": 3},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2030},
        "genres": {"type": "array", "items": {"enum": ["drama", "comedy"]}, "minItems": 1},
        "rating": {"anyOf": [{"type": "number", "exclusiveMaximum": 10}, {"type": "null"}]},
    },
    "required": ["title", "year", "genres"],
    "additionalProperties": False,
}
GEMINI_SCHEMA = {
    "type": "OBJECT",
    "properties": {
        "name": {"type": "STRING"},
        "count": {"type": "INTEGER", "minimum": 1},
        "tags": {"type": "ARRAY", "items": {"type": "STRING", "enum": ["a", "b"]}},
        "note": {"type": "STRING", "nullable": True},
    },
    "required": ["name", "count"],
    "propertyOrdering": ["name", "count"],
}


def _body(config: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"contents": [{"role": "user", "parts": [{"text": "hello"}]}], "generationConfig": config, **extra}


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_json_answers_validate_against_the_requested_schema(rng: random.Random) -> None:
    for config, schema in (
        ({"responseMimeType": "application/json", "responseJsonSchema": JSON_SCHEMA}, JSON_SCHEMA),
        (
            {"responseMimeType": "application/json", "responseSchema": GEMINI_SCHEMA},
            to_json_schema(GEMINI_SCHEMA),
        ),
    ):
        (text,) = _texts(answer(_body(config), rng))
        jsonschema.validate(json.loads(text), schema)


def test_enum_answers_are_one_of_the_values() -> None:
    config = {
        "responseMimeType": "text/x.enum",
        "responseSchema": {"type": "STRING", "enum": ["RED", "BLUE"]},
    }
    for seed in range(20):
        assert _texts(answer(_body(config), random.Random(seed))) in (["RED"], ["BLUE"])


TOOLS = [
    {
        "functionDeclarations": [
            {"name": "get_weather", "description": "w", "parameters": GEMINI_SCHEMA},
            {"name": "find_movie", "description": "m", "parametersJsonSchema": JSON_SCHEMA},
        ]
    }
]


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(["AUTO", "ANY", "VALIDATED"]))
def test_function_calls_fit_their_declarations(rng: random.Random, mode: str) -> None:
    body = _body({}, tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": mode}})
    response = answer(body, rng)
    calls = [p["functionCall"] for p in response["candidates"][0]["content"]["parts"] if "functionCall" in p]
    assert calls
    for call in calls:
        schema = to_json_schema(GEMINI_SCHEMA) if call["name"] == "get_weather" else JSON_SCHEMA
        jsonschema.validate(call["args"], schema)


def test_mode_none_and_an_answered_call_give_text() -> None:
    none = _body({}, tools=TOOLS, toolConfig={"functionCallingConfig": {"mode": "NONE"}})
    assert _texts(answer(none, random.Random(0)))
    answered = _body({}, tools=TOOLS)
    answered["contents"] += [
        {"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"t": 20}}}]},
    ]
    assert _texts(answer(answered, random.Random(0)))


def test_thoughts_modalities_and_outcomes() -> None:
    rng = random.Random(4)
    thoughtful = answer(_body({"thinkingConfig": {"includeThoughts": True}}), rng)
    assert thoughtful["candidates"][0]["content"]["parts"][0]["thought"] is True
    assert thoughtful["usageMetadata"]["thoughtsTokenCount"] > 0
    media = answer(_body({"responseModalities": ["IMAGE", "AUDIO"]}), rng)
    mimes = [p["inlineData"]["mimeType"] for p in media["candidates"][0]["content"]["parts"]]
    assert mimes == ["image/png", "audio/L16;codec=pcm;rate=24000"]
    assert answer(_body({}), rng, outcome=Outcome.BLOCKED)["promptFeedback"]["blockReason"] == "SAFETY"
    assert answer(_body({}), rng, outcome=Outcome.SAFETY)["candidates"][0]["finishReason"] == "SAFETY"
    assert answer(_body({}), rng, outcome=Outcome.MAX_TOKENS)["candidates"][0]["finishReason"] == "MAX_TOKENS"
    short = answer(_body({"maxOutputTokens": 2}), rng)["candidates"][0]
    assert short["finishReason"] == "MAX_TOKENS"


def test_answers_are_deterministic_for_a_seed() -> None:
    body = _body({"candidateCount": 2}, tools=TOOLS)
    assert answer(body, random.Random(7)) == answer(body, random.Random(7))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    requests(model="gemini-2.5-flash"),  # the mock applies the URL's model's rules: draw what it accepts
    st.sampled_from(["generateContent", "streamGenerateContent"]),
    st.integers(0, 3),
)
def test_the_mock_engine_answers_valid_requests_with_valid_responses(
    request: dict[str, Any], method: str, seed: int
) -> None:
    from gemini_contract.mock.engine import Call, Engine, MockConfig

    engine = Engine(MockConfig(seed=seed))
    call = Call(
        "POST",
        f"/v1beta/models/gemini-2.5-flash:{method}",
        {},
        {"x-goog-api-key": "k"},
        json.dumps(request).encode(),
    )
    reply = engine.handle(call)
    assert reply.status == 200, reply.body
    for body in reply.chunks if reply.chunks is not None else [reply.body]:
        assert validate_response(body).findings == ()
    again = engine.handle(call)
    assert (again.body, again.chunks) == (reply.body, reply.chunks)  # deterministic
