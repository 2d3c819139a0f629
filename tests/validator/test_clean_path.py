"""validate() and validate_record() of bytes take a path of their own for clean bodies (api._bytes) and hand
everything else to the general one: both must make one report. A str takes the general path all the way (it
is encoded first), so each is held to the same call with a str, on the corpus and on bodies and records aimed
at each of the clean path's exits."""

from __future__ import annotations

import json
from collections.abc import Iterator

import orjson
import pytest
from fixture_paths import CORPUS, corpus_samples
from gemini_contract.validator import api, validate, validate_record, validate_response
from gemini_contract.validator.contract import request_contract

_TURN = {"role": "user", "parts": [{"text": "hi"}]}
_CLEAN = {"contents": [_TURN], "generationConfig": {"temperature": 0.5, "maxOutputTokens": 64}}
# A conversation with a function call and its answer (the quiet validators clear it but for its Parts).
_CALLS: dict[str, object] = {
    "contents": [
        {"role": "user", "parts": [{"text": "weather in Lisbon?"}]},
        {
            "role": "model",
            "parts": [
                {"functionCall": {"name": "get", "args": {"city": "Lisbon"}}, "thoughtSignature": "AAAA"}
            ],
        },
        {"role": "user", "parts": [{"functionResponse": {"name": "get", "response": {"rain": 0.7}}}]},
    ],
    "tools": [{"functionDeclarations": [{"name": "get", "description": "forecast"}]}],
}
_LOOKALIKE = {"text": "more?", "partMetadata": {"k": 1, "ｋ": 2}}


def _unsigned(calls: dict[str, object]) -> dict[str, object]:
    contents = orjson.loads(orjson.dumps(calls["contents"]))
    del contents[1]["parts"][0]["thoughtSignature"]
    return {**calls, "contents": contents}


_AIMED = {
    "clean, compact": orjson.dumps(_CLEAN),
    "clean, indented": orjson.dumps(_CLEAN, option=orjson.OPT_INDENT_2),
    "clean, as the SDK writes it": json.dumps(_CLEAN).encode(),
    "clean, a final newline": orjson.dumps(_CLEAN) + b"\n",
    "an integral float in an integer field": b'{"contents":[{"parts":[{"text":"hi"}]}],'
    b'"generationConfig":{"maxOutputTokens":64.0}}',
    "an integral float in a float field": b'{"contents":[{"parts":[{"text":"hi"}]}],'
    b'"generationConfig":{"temperature":1.0}}',
    "a duplicate key": b'{"contents":[{"parts":[{"text":"hi"}]}],"contents":[]}',
    "a hidden colon": b'{"contents":[{"parts":[{"text":"a\\u003ab"}]}], "x" : 1}',
    "keys that look the same": '{"contents":[{"parts":[{"text":"hi","partMetadata":{"k":1,"ｋ":2}}]}]}'.encode(),
    "non-ASCII text": '{"contents":[{"parts":[{"text":"héllo"}]}]}'.encode(),
    "two safety settings for one category": b'{"contents":[{"parts":[{"text":"hi"}]}],"safetySettings":['
    b'{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"},'
    b'{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}',
    "a function-call conversation": orjson.dumps(_CALLS),
    "a function call without its thought signature": orjson.dumps(_unsigned(_CALLS)),
    "a function-call conversation with keys that look the same": orjson.dumps(
        {**_CALLS, "contents": [*_CALLS["contents"], {"role": "user", "parts": [_LOOKALIKE]}]}
    ),
    "two safety settings for one category, non-ASCII text": orjson.dumps(
        {
            "contents": [{"parts": [{"text": "héllo"}]}],
            "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}] * 2,
        }
    ),
    "a model member": b'{"model":"models/gemini-2.5-flash","contents":[{"parts":[{"text":"hi"}]}]}',
    "invalid": b'{"contents":[{"role":"robot","parts":[{"text":"hi"}]}],"generationConfig":{"topK":"3"}}',
    "not an object": b"[1, 2]",
    "not JSON": b'{"contents": [}',
    "a BOM": b"\xef\xbb\xbf" + orjson.dumps(_CLEAN),
    "past the size limit": orjson.dumps({"contents": [_TURN] * 40}),
}


def _same(data: bytes, **options: object) -> None:
    assert validate(data, **options) == validate(data.decode("utf-8", "surrogateescape"), **options)


@pytest.fixture(params=[True, False], ids=["quiet validators on", "quiet validators not yet on"])
def quiet(request: pytest.FixtureRequest) -> Iterator[None]:
    """Both sides of Contract.quiet_due: a contract's first documents are checked without its quiet
    validators, the rest with them."""
    contract = request_contract()
    waiting = contract._quiet_wait  # the shared contract's countdown, left as the test found it
    contract.quiet_after(0 if request.param else 10**9)
    yield
    contract.quiet_after(waiting)


@pytest.mark.parametrize("name", sorted(_AIMED))
@pytest.mark.parametrize("options", [{}, {"profile": "strict"}, {"select": ["GC1"]}, {"max_bytes": 500}])
def test_each_exit_of_the_clean_path_reports_what_the_general_path_does(
    quiet: None, name: str, options: dict[str, object]
) -> None:
    _same(_AIMED[name], **options)


_RECORDS = {
    **{
        f"a record of {name}": b'{"key":"k","request":' + data.rstrip(b"\n") + b"}"
        for name, data in _AIMED.items()
    },
    "a record with metadata": b'{"key":"k","request":' + orjson.dumps(_CLEAN) + b',"metadata":{"a":1}}\n',
    "a record with a member records do not have": b'{"key":"k","request":'
    + orjson.dumps(_CLEAN)
    + b',"x":1}',
    "a record whose request is not an object": b'{"key":"k","request":[]}',
    "a bare body on a line": orjson.dumps(_CLEAN) + b"\n",
}


@pytest.mark.parametrize("name", sorted(_RECORDS))
@pytest.mark.parametrize("options", [{}, {"profile": "strict"}, {"ignore": ["GC3"]}])
def test_each_exit_reports_what_the_general_path_does_for_records(
    quiet: None, name: str, options: dict[str, object]
) -> None:
    data = _RECORDS[name]
    assert validate_record(data, **options) == validate_record(
        data.decode("utf-8", "surrogateescape"), **options
    )


@pytest.mark.parametrize("sample", corpus_samples(), ids=lambda sample: sample["id"])
def test_the_corpus_reports_alike_either_way(sample: dict[str, str]) -> None:
    _same((CORPUS / sample["file"]).read_bytes())


def test_responses_and_many_documents_report_alike_either_way() -> None:
    # Past Contract.quiet_due's first documents the quiet validators decide: both sides of it.
    for _ in range(2):
        for data in _AIMED.values():
            _same(data)
    chunk = b'{"candidates":[{"content":{"role":"model","parts":[{"text":"hi"}]},"finishReason":"STOP"}]}'
    assert validate_response(chunk) == validate_response(chunk.decode())


def test_a_clean_body_is_reported_without_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Bites if the clean path stops applying (the general one gives the same report, only slower).
    for _ in range(100):  # past the contract's first documents, as in any batch
        validate(_AIMED["clean, compact"])
    made: list[object] = []
    monkeypatch.setattr(api._Run, "__init__", lambda run, options: made.append(options))
    assert validate(_AIMED["clean, indented"]).findings == ()
    assert validate(_AIMED["clean, as the SDK writes it"]).findings == ()
    assert validate(_AIMED["a function-call conversation"]).findings == ()
    assert validate_record(_RECORDS["a record of clean, compact"]).findings == ()
    assert made == []
