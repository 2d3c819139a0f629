"""The official google-genai SDK, plain httpx and a plain SSE reader against `gemini-contract mock`, started
as the README starts it (a subprocess on a free port, through the `gemini_mock` fixture). Offline: the SDK
only ever talks to 127.0.0.1."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fixture_paths import FIXTURES

from gemini_contract import validate_response
from gemini_contract.mock.process import MockProcess

genai = pytest.importorskip("google.genai")
from google.genai import errors as genai_errors  # noqa: E402
from google.genai import types  # noqa: E402
from pydantic import BaseModel  # noqa: E402

pytestmark = pytest.mark.slow
MODEL = "gemini-2.5-flash"


def sdk(mock: Any, version: str = "v1beta") -> Any:
    options = types.HttpOptions(base_url=mock.base_url, api_version=version)
    return genai.Client(api_key=mock.api_key, http_options=options)


@pytest.mark.parametrize("version", ["v1", "v1beta"])
def test_plain_text(gemini_mock: Any, version: str) -> None:
    client = sdk(gemini_mock, version)  # held: the SDK closes its HTTP client when the Client is collected
    response = client.models.generate_content(model=MODEL, contents="Why is the sky blue?")
    assert response.text
    (exchange,) = gemini_mock.exchanges()
    assert exchange["path"] == f"/{version}/models/{MODEL}:generateContent"
    assert exchange["status"] == 200
    assert exchange["findings"] == []


class Recipe(BaseModel):
    name: str
    minutes: int
    ingredients: list[str]


def test_parsed_from_a_pydantic_response_schema(gemini_mock: Any) -> None:
    client = sdk(gemini_mock)
    config = types.GenerateContentConfig(response_mime_type="application/json", response_schema=Recipe)
    response = client.models.generate_content(model=MODEL, contents="A cookie recipe", config=config)
    assert isinstance(response.parsed, Recipe)


def test_json_schema_answer(gemini_mock: Any) -> None:
    client = sdk(gemini_mock)
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "population": {"type": "integer", "minimum": 0}},
        "required": ["city", "population"],
    }
    config = types.GenerateContentConfig(response_mime_type="application/json", response_json_schema=schema)
    response = client.models.generate_content(model=MODEL, contents="Largest city?", config=config)
    jsonschema.validate(json.loads(response.text), schema)


WEATHER = types.FunctionDeclaration(
    name="get_weather",
    description="The weather in a city",
    parameters=types.Schema(
        type=types.Type.OBJECT,
        properties={"city": types.Schema(type=types.Type.STRING)},
        required=["city"],
    ),
)


def test_forced_function_call(gemini_mock: Any) -> None:
    client = sdk(gemini_mock)
    config = types.GenerateContentConfig(
        tools=[types.Tool(function_declarations=[WEATHER])],
        tool_config=types.ToolConfig(function_calling_config=types.FunctionCallingConfig(mode="ANY")),
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
    )
    response = client.models.generate_content(model=MODEL, contents="Weather in Paris?", config=config)
    (call,) = response.function_calls[:1]
    assert call.name == "get_weather"
    assert isinstance(call.args["city"], str)


def test_automatic_function_calling_loop(gemini_mock: Any) -> None:
    client = sdk(gemini_mock)
    calls: list[str] = []

    def get_weather(city: str) -> dict[str, Any]:
        """The weather in a city."""
        calls.append(city)
        return {"city": city, "celsius": 20}

    config = types.GenerateContentConfig(tools=[get_weather])
    response = client.models.generate_content(model=MODEL, contents="Weather in Paris?", config=config)
    assert calls
    assert response.text
    statuses = [e["status"] for e in gemini_mock.exchanges()]
    assert statuses == [200, 200]  # the call, then the answer to the function response: both valid requests


def test_generate_content_stream(gemini_mock: Any) -> None:
    client = sdk(gemini_mock)
    whole = client.models.generate_content(model=MODEL, contents="Tell me a story").text
    pieces = [c.text for c in client.models.generate_content_stream(model=MODEL, contents="Tell me a story")]
    assert len(pieces) >= 2
    assert "".join(p or "" for p in pieces) == whole


def test_bad_request_is_the_sdks_client_error_naming_the_field(gemini_mock: Any) -> None:
    client = sdk(gemini_mock)
    config = types.GenerateContentConfig(temperature=3.5)
    with pytest.raises(genai_errors.ClientError) as caught:
        client.models.generate_content(model=MODEL, contents="hi", config=config)
    assert caught.value.code == 400
    assert "generationConfig.temperature" in str(caught.value)


def test_count_tokens_and_models(gemini_mock: Any) -> None:
    client = sdk(gemini_mock)
    assert client.models.count_tokens(model=MODEL, contents="Hello there").total_tokens == 3
    assert client.models.get(model=MODEL).output_token_limit == 65536
    names = [m.name for m in client.models.list(config={"page_size": 10})]
    assert f"models/{MODEL}" in names


def test_plain_httpx_and_a_plain_sse_reader(gemini_mock: Any) -> None:
    url = f"{gemini_mock.base_url}/v1beta/models/{MODEL}:streamGenerateContent?alt=sse"
    body = {"contents": [{"role": "user", "parts": [{"text": "Explain how AI works in a few words"}]}]}
    chunks = []
    with httpx.stream("POST", url, json=body, headers={"x-goog-api-key": "any"}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data:"):
                chunks.append(json.loads(line.removeprefix("data:")))
    assert len(chunks) >= 2
    assert all(validate_response(chunk).ok for chunk in chunks)
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"


def test_the_server_survives_the_hostile_corpus(gemini_mock: Any, tmp_path: Path) -> None:
    make = FIXTURES / "hostile" / "make_cases.py"
    subprocess.run([sys.executable, str(make), str(tmp_path), "--skip-big"], check=True, capture_output=True)
    url = f"{gemini_mock.base_url}/v1beta/models/{MODEL}:generateContent"
    sent = 0
    with httpx.Client(headers={"x-goog-api-key": "k"}, timeout=60) as client:
        for path in sorted(tmp_path.iterdir()):
            if path.is_file() and not path.is_symlink() and path.name != "MANIFEST.jsonl":
                status = client.post(url, content=path.read_bytes()).status_code
                assert status in (200, 400, 413), path.name
                sent += 1
        assert sent > 60
        assert client.post(url, json={"contents": [{"parts": [{"text": "still there?"}]}]}).status_code == 200


def test_a_cut_stream_drops_the_connection(tmp_path: Path) -> None:
    script = tmp_path / "cut.json"
    script.write_text(json.dumps({"faults": [{"cutAfter": 1, "match": {"method": "streamGenerateContent"}}]}))
    with MockProcess("--script", str(script)) as server:
        client = sdk(server)
        # The SDK's HTTP library (httpx, or the httpx2 fork newer SDKs use) says the body ended early.
        with pytest.raises(Exception, match=r"incomplete chunked read|peer closed") as caught:
            list(client.models.generate_content_stream(model=MODEL, contents="Tell me a story"))
        assert type(caught.value).__name__ == "RemoteProtocolError"
        assert client.models.generate_content(model=MODEL, contents="still there?").text


def test_sigterm_stops_the_server_cleanly() -> None:
    server = MockProcess().start()
    try:
        assert server.process is not None
        server.process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal so the parent sees how it ended.
        assert server.process.wait(15) in (0, -signal.SIGTERM)
        assert "Traceback" not in server.log()
    finally:
        server.close()


def test_the_readme_example(gemini_mock: Any) -> None:
    client = genai.Client(
        api_key=gemini_mock.api_key, http_options=types.HttpOptions(base_url=gemini_mock.base_url)
    )
    assert client.models.generate_content(model="gemini-2.5-flash", contents="Hello").text
    with pytest.raises(genai_errors.ClientError, match=r"generationConfig\.temperature"):
        client.models.generate_content(
            model="gemini-2.5-flash", contents="Hello", config=types.GenerateContentConfig(temperature=3.5)
        )
    assert [e["status"] for e in gemini_mock.exchanges()] == [200, 400]


def test_the_proxy_between_the_sdk_and_an_upstream(gemini_mock: Any) -> None:
    with MockProcess("--upstream", gemini_mock.base_url) as proxy:
        client = sdk(proxy)
        assert client.models.generate_content(model=MODEL, contents="Hello").text
        assert "".join(
            c.text or "" for c in client.models.generate_content_stream(model=MODEL, contents="Hi")
        )
        with pytest.raises(genai_errors.ClientError, match=r"generationConfig\.temperature"):
            client.models.generate_content(
                model=MODEL, contents="x", config=types.GenerateContentConfig(temperature=9)
            )
        records = proxy.exchanges(at_least=3)
    assert [(r["status"], len(r["findings"]), r["responseFindings"]) for r in records] == [
        (200, 0, []),
        (200, 0, []),
        (400, 1, []),
    ]
    assert len(gemini_mock.exchanges()) == 3  # every call reached the upstream
