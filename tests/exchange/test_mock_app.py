"""The mock's app in-process (Starlette's TestClient): routes, Google-shaped errors, auth, limits, streams,
determinism, scenario files, faults and the record. End-to-end runs with real clients are in test_sdk.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
from gemini_contract.validator.contract import error_contract, rooted
from starlette.testclient import TestClient

from gemini_contract import validate_response
from gemini_contract.mock.app import create_app
from gemini_contract.mock.engine import Engine, MockConfig
from gemini_contract.mock.models import load_table
from gemini_contract.mock.record import Recorder, read_records
from gemini_contract.mock.scenarios import ScriptError, parse_script

KEY = {"x-goog-api-key": "k"}
BODY = {"contents": [{"role": "user", "parts": [{"text": "Why is the sky blue?"}]}]}
URL = "/v1beta/models/gemini-2.5-flash"


def client(recorder: Recorder | None = None, **options: Any) -> TestClient:
    config = MockConfig(**{"table": load_table(), **options})
    return TestClient(create_app(Engine(config), recorder), raise_server_exceptions=False)


def _error(response: Any, code: int, status: str) -> dict[str, Any]:
    assert response.status_code == code
    body: dict[str, Any] = response.json()
    assert error_contract().validate(body).findings == ()
    assert (body["error"]["code"], body["error"]["status"]) == (code, status)
    return body


def test_generate_content_answers_a_valid_response() -> None:
    response = client().post(f"{URL}:generateContent", json=BODY, headers=KEY)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert validate_response(response.content).findings == ()


@pytest.mark.parametrize("version", ["v1", "v1beta"])
def test_both_versions_are_served(version: str) -> None:
    response = client().post(f"/{version}/models/gemini-2.0-flash:generateContent", json=BODY, headers=KEY)
    assert response.status_code == 200
    assert response.json()["modelVersion"] == "gemini-2.0-flash"


def test_answers_are_deterministic_per_seed_and_request() -> None:
    one, two, other = client(seed=1), client(seed=1), client(seed=2)
    first = one.post(f"{URL}:generateContent", json=BODY, headers=KEY).json()
    assert two.post(f"{URL}:generateContent", json=BODY, headers=KEY).json() == first
    assert other.post(f"{URL}:generateContent", json=BODY, headers=KEY).json() != first


def test_sse_stream_is_data_lines_of_valid_chunks_joining_to_the_answer() -> None:
    mock = client()
    whole = mock.post(f"{URL}:generateContent", json=BODY, headers=KEY).json()
    response = mock.post(f"{URL}:streamGenerateContent?alt=sse", json=BODY, headers=KEY)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line.removeprefix("data: ") for line in response.text.split("\r\n\r\n") if line]
    assert len(events) >= 2
    chunks = [json.loads(event) for event in events]
    for chunk in chunks:
        assert validate_response(chunk).findings == ()
    text = "".join(c["candidates"][0]["content"]["parts"][0].get("text", "") for c in chunks)
    assert text == whole["candidates"][0]["content"]["parts"][0]["text"]


def test_stream_without_alt_sse_is_one_json_array() -> None:
    response = client().post(f"{URL}:streamGenerateContent", json=BODY, headers=KEY)
    chunks = json.loads(response.text)
    assert isinstance(chunks, list)
    assert len(chunks) >= 2
    assert all(validate_response(c).ok for c in chunks)


def test_invalid_request_gets_400_with_field_violations_at_its_pointers() -> None:
    body = {
        "contents": [{"role": "assistant", "parts": [{"text": "x"}]}],
        "generationConfig": {"temperature": 3},
    }
    error = _error(client().post(f"{URL}:generateContent", json=body, headers=KEY), 400, "INVALID_ARGUMENT")
    (detail,) = error["error"]["details"]
    fields = {(v["field"], v["reason"]) for v in detail["fieldViolations"]}
    assert fields == {("contents[0].role", "GC204"), ("generationConfig.temperature", "GC205")}
    assert "/generationConfig/temperature" in json.dumps(detail)
    assert "contents[0].role" in error["error"]["message"]


def test_the_model_in_the_url_decides_what_the_body_may_hold() -> None:
    # Logprobs: the model table's strong fact for 2.5 Pro (GC406, an error); Gemini 3 takes the same body.
    body = {**BODY, "generationConfig": {"responseLogprobs": True, "logprobs": 2}}
    refused = client().post("/v1beta/models/gemini-2.5-pro:generateContent", json=body, headers=KEY)
    error = _error(refused, 400, "INVALID_ARGUMENT")
    (detail,) = error["error"]["details"]
    assert {v["reason"] for v in detail["fieldViolations"]} == {"GC406"}
    accepted = client().post("/v1beta/models/gemini-3-pro-preview:generateContent", json=body, headers=KEY)
    assert accepted.status_code == 200


def test_malformed_json_is_400_with_line_and_column() -> None:
    response = client().post(f"{URL}:generateContent", content=b'{"contents": [\n  }', headers=KEY)
    message = _error(response, 400, "INVALID_ARGUMENT")["error"]["message"]
    assert message.startswith("Invalid JSON payload received.")
    assert "line 2, column 3" in message


def test_warnings_do_not_fail_a_request_but_strict_profile_does() -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}], "generation_config": {"top_k": 3}}
    assert client().post(f"{URL}:generateContent", json=body, headers=KEY).status_code == 200
    strict = client(profile="strict").post(f"{URL}:generateContent", json=body, headers=KEY)
    _error(strict, 400, "INVALID_ARGUMENT")


def test_auth_as_google_answers() -> None:
    mock = client(api_key="right")
    _error(mock.post(f"{URL}:generateContent", json=BODY), 403, "PERMISSION_DENIED")
    _error(
        mock.post(f"{URL}:generateContent", json=BODY, headers={"authorization": "Basic x"}),
        401,
        "UNAUTHENTICATED",
    )
    _error(mock.post(f"{URL}:generateContent?key=wrong", json=BODY), 400, "INVALID_ARGUMENT")
    assert mock.post(f"{URL}:generateContent?key=right", json=BODY).status_code == 200
    assert client(require_key=False).post(f"{URL}:generateContent", json=BODY).status_code == 200


def test_body_over_the_limit_is_413() -> None:
    big = json.dumps({"contents": [{"parts": [{"text": "x" * 5000}]}]})
    _error(
        client(max_bytes=1000).post(f"{URL}:generateContent", content=big, headers=KEY),
        413,
        "INVALID_ARGUMENT",
    )


def test_unknown_routes_methods_and_models_are_404() -> None:
    mock = client()
    _error(mock.post(f"{URL}:embedSomething", json=BODY, headers=KEY), 404, "NOT_FOUND")
    _error(mock.get("/v2/whatever", headers=KEY), 404, "NOT_FOUND")
    _error(mock.post("/v1beta/models/gpt-4o:generateContent", json=BODY, headers=KEY), 404, "NOT_FOUND")
    assert (
        client(table=None).post("/v1beta/models/gpt-4o:generateContent", json=BODY, headers=KEY).status_code
        == 200
    )


def test_count_tokens_in_both_forms() -> None:
    mock = client()
    plain = mock.post(f"{URL}:countTokens", json=BODY, headers=KEY).json()
    wrapped = mock.post(
        f"{URL}:countTokens",
        json={"generateContentRequest": {"model": "models/gemini-2.5-flash", **BODY}},
        headers=KEY,
    ).json()
    assert plain == wrapped
    assert plain["totalTokens"] == 5
    assert rooted("response", "CountTokensResponse").validate(plain).findings == ()


def test_models_list_and_get_from_the_table() -> None:
    mock = client()
    page = mock.get("/v1beta/models?pageSize=5", headers=KEY).json()
    assert len(page["models"]) == 5
    assert page["nextPageToken"] == "5"
    assert rooted("response", "ListModelsResponse").validate(page).findings == ()
    model = mock.get("/v1/models/gemini-2.5-pro", headers=KEY).json()
    assert model["name"] == "models/gemini-2.5-pro"
    assert model["outputTokenLimit"] == 65536
    _error(mock.get("/v1beta/models/nope", headers=KEY), 404, "NOT_FOUND")


WEATHER = {
    "name": "get_weather",
    "description": "Weather in a city",
    "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]},
}


def test_scripted_multi_turn_function_call_then_answer() -> None:
    script = parse_script(
        {
            "responses": [
                {"match": {"turn": 1}, "functionCalls": [{"name": "get_weather", "args": {"city": "Paris"}}]},
                {"match": {"turn": 2}, "text": "It is 20 degrees in Paris."},
            ]
        }
    )
    mock = client(script=script)
    body: dict[str, Any] = {**BODY, "tools": [{"functionDeclarations": [WEATHER]}]}
    first = mock.post(f"{URL}:generateContent", json=body, headers=KEY).json()
    call = first["candidates"][0]["content"]["parts"][0]
    assert call == {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}
    body["contents"] = [
        *body["contents"],
        first["candidates"][0]["content"],
        {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp": 20}}}]},
    ]
    second = mock.post(f"{URL}:generateContent", json=body, headers=KEY).json()
    assert second["candidates"][0]["content"]["parts"] == [{"text": "It is 20 degrees in Paris."}]
    assert validate_response(first).ok
    assert validate_response(second).ok


def test_queued_responses_are_used_once_each_in_order() -> None:
    mock = client(script=parse_script({"responses": [{"text": "one"}, {"outcome": "blocked"}]}))
    texts = [mock.post(f"{URL}:generateContent", json=BODY, headers=KEY).json() for _ in range(3)]
    assert texts[0]["candidates"][0]["content"]["parts"] == [{"text": "one"}]
    assert texts[1]["promptFeedback"]["blockReason"] == "SAFETY"
    assert "candidates" in texts[2]  # the queue is empty: generated answers again


def test_match_by_pointer_and_model() -> None:
    script = parse_script(
        {
            "responses": [
                {"match": {"pointer": "/contents/0/parts/0/text", "contains": "sky"}, "text": "Rayleigh."},
                {"match": {"model": "gemini-2.5-pro"}, "outcome": "safety"},
            ]
        }
    )
    mock = client(script=script)
    sky = mock.post(f"{URL}:generateContent", json=BODY, headers=KEY).json()
    assert sky["candidates"][0]["content"]["parts"] == [{"text": "Rayleigh."}]
    other = {"contents": [{"parts": [{"text": "hello"}]}]}
    pro = mock.post("/v1beta/models/gemini-2.5-pro:generateContent", json=other, headers=KEY).json()
    assert pro["candidates"][0]["finishReason"] == "SAFETY"


def test_faults_429_500_503_with_retry_info() -> None:
    for status, name in ((429, "RESOURCE_EXHAUSTED"), (500, "INTERNAL"), (503, "UNAVAILABLE")):
        mock = client(script=parse_script({"faults": [{"status": status, "times": 1, "retryDelay": "3s"}]}))
        error = _error(mock.post(f"{URL}:generateContent", json=BODY, headers=KEY), status, name)
        if status == 429:
            assert {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "3s"} in error[
                "error"
            ]["details"]
        assert mock.post(f"{URL}:generateContent", json=BODY, headers=KEY).status_code == 200  # times: 1


def test_fault_rate_is_deterministic_for_a_seed() -> None:
    def statuses(seed: int) -> list[int]:
        mock = client(seed=seed, script=parse_script({"faults": [{"status": 503, "rate": 0.5}]}))
        bodies = [{"contents": [{"parts": [{"text": f"q{i}"}]}]} for i in range(40)]
        return [mock.post(f"{URL}:generateContent", json=b, headers=KEY).status_code for b in bodies]

    first = statuses(3)
    assert first == statuses(3)
    assert 5 < first.count(503) < 35


def test_a_cut_stream_ends_early() -> None:
    # In-process the client keeps what came before the cut; over HTTP the connection drops (test_sdk.py).
    mock = client(script=parse_script({"faults": [{"cutAfter": 1}]}))
    response = mock.post(f"{URL}:streamGenerateContent?alt=sse", json=BODY, headers=KEY)
    events = [e for e in response.text.split("\r\n\r\n") if e]
    assert len(events) == 1
    assert "finishReason" not in events[0]


def test_scripts_are_checked_when_read() -> None:
    for bad in (
        {"responses": [{"text": "a", "outcome": "blocked"}]},
        {"responses": [{"body": {"candidates": "no"}}]},
        {"faults": [{"status": 418}]},
        {"faults": [{"rate": 2, "status": 500}]},
        {"responses": [{"match": {"colour": "red"}, "text": "a"}]},
        {"other": []},
    ):
        with pytest.raises(ScriptError):
            parse_script(bad)


def test_every_exchange_is_recorded(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "x.jsonl")
    mock = client(recorder)
    mock.post(f"{URL}:generateContent", json=BODY, headers=KEY)
    mock.post(f"{URL}:streamGenerateContent?alt=sse", json=BODY, headers=KEY)
    mock.post(f"{URL}:generateContent", json={"contents": [], "top_k": 1}, headers=KEY)
    recorder.close()
    records = read_records(tmp_path / "x.jsonl")
    assert [r["status"] for r in records] == [200, 200, 400]
    assert records[0]["request"] == BODY
    assert validate_response(records[0]["response"]).ok
    assert len(records[1]["chunks"]) >= 2
    assert {f["rule"] for f in records[2]["findings"]} >= {"GC201"}
