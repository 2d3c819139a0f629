"""The response contract: held to the discovery document field by field, sharing Content/Part with the request
schema, accepting the recorded responses (and the SDK reading them the same way), and reporting what is wrong
at its rule and pointer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fixture_paths import FIXTURES, REPO, load_json
from gemini_contract.validator.contract import error_contract, request_contract, response_contract

from gemini_contract import validate_response

RESPONSE_SCHEMA = REPO / "schema" / "generate_content_response.schema.json"
DISCOVERY = FIXTURES / "reference" / "gemini-v1beta-discovery-20260325.json"
RESPONSES = FIXTURES / "responses"
REQUEST_ID = "urn:gemini-contract:schema:generate_content_request"
# Discovery names -> the schema's $defs names (the discovery document leaks v1alpha names for two types).
RENAMED = {
    "GoogleAiGenerativelanguageV1alphaGroundingSupport": "GroundingSupport",
    "GoogleAiGenerativelanguageV1alphaSegment": "Segment",
}
# Fields of the wire format that the discovery document's types do not have, each with the reason.
NOT_IN_DISCOVERY = {
    # Google's JSON error body adds the code's name to google.rpc.Status (AIP-193 "HTTP/1.1+JSON").
    "Status.status": "the JSON error mapping, not the proto",
}
JSON_TYPE = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "object": "object",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = load_json(RESPONSE_SCHEMA)
    return loaded


@pytest.fixture(scope="module")
def discovery() -> dict[str, Any]:
    schemas: dict[str, Any] = load_json(DISCOVERY)["schemas"]
    return schemas


def _reachable(discovery: dict[str, Any], root: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(type, field, discovery property) for every field reachable from `root`."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = todo.pop()
        if name in seen or name not in discovery:  # MediaResolution: a request type the document leaves out
            continue
        seen.add(name)
        for key, prop in discovery[name].get("properties", {}).items():
            yield name, key, prop
            node = prop.get("items", prop)
            if "$ref" in node:
                todo.append(node["$ref"])


def _resolve(schema: dict[str, Any], request: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    base, _, name = ref.partition("#/$defs/")
    assert base in ("", REQUEST_ID), f"$ref {ref} leaves the bundled schemas"
    # Names are disjoint across the bundled schemas (tested below): the name alone finds the type.
    resolved: dict[str, Any] = schema["$defs"].get(name) or request["$defs"][name]
    return resolved


def _defs_of(schema: dict[str, Any], request: dict[str, Any], name: str) -> dict[str, Any]:
    name = RENAMED.get(name, name)
    found: dict[str, Any] = schema["$defs"].get(name) or request["$defs"][name]
    return found


def test_every_field_reachable_from_the_response_is_present_with_its_type(
    schema: dict[str, Any], discovery: dict[str, Any]
) -> None:
    request = request_contract().schema
    missing, wrong = [], []
    for owner, key, prop in _reachable(discovery, "GenerateContentResponse"):
        definition = _defs_of(schema, request, owner)
        node = definition.get("properties", {}).get(key)
        if node is None:
            missing.append(f"{owner}.{key}")
            continue
        want, got = prop, node
        if prop.get("type") == "array":
            want, got = prop["items"], node.get("items", {})
            if node.get("type") != "array":
                wrong.append(f"{owner}.{key}: not an array")
                continue
        target = _resolve(schema, request, got)
        if "$ref" in want:
            assert "properties" in target or "enum" in target, f"{owner}.{key}"
        elif "enum" in want:
            if set(want["enum"]) - set(target.get("enum", ())):
                wrong.append(f"{owner}.{key}: enum values {set(want['enum']) - set(target['enum'])} missing")
        elif JSON_TYPE.get(want.get("type", "")) != target.get("type"):
            wrong.append(f"{owner}.{key}: {want.get('type')} vs {target.get('type')}")
    assert missing == []
    assert wrong == []


def test_no_response_type_has_a_field_the_discovery_document_lacks(
    schema: dict[str, Any], discovery: dict[str, Any]
) -> None:
    by_name = {RENAMED.get(name, name): name for name in discovery}
    extra = [
        f"{name}.{key}"
        for name, definition in schema["$defs"].items()
        if name in by_name
        for key in definition.get("properties", {})
        if key not in discovery[by_name[name]].get("properties", {})
    ]
    assert extra == list(NOT_IN_DISCOVERY)


def test_content_and_part_are_shared_with_the_request_schema_not_copied(schema: dict[str, Any]) -> None:
    request_defs = set(request_contract().schema["$defs"])
    assert set(schema["$defs"]).isdisjoint(request_defs)
    content = schema["$defs"]["Candidate"]["properties"]["content"]["$ref"]
    assert content == f"{REQUEST_ID}#/$defs/Content"


def test_response_schema_is_valid_2020_12_and_closed_and_described(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), name
        if "properties" in definition:
            assert definition.get("additionalProperties") is False, name
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{key}"


def _fixture_documents() -> Iterator[tuple[str, Any]]:
    for path in sorted(RESPONSES.glob("*.json")):
        data = load_json(path)
        for i, document in enumerate(data if isinstance(data, list) else [data]):
            yield f"{path.name}#{i}", document


@pytest.mark.parametrize(("name", "document"), list(_fixture_documents()))
def test_recorded_responses_are_valid(name: str, document: Any) -> None:
    contract = error_contract() if name.startswith("error") else response_contract()
    report = contract.validate(document)
    assert report.findings == ()


def test_recorded_sse_stream_chunks_are_valid() -> None:
    lines = [line for line in (RESPONSES / "stream.sse").read_text().splitlines() if line.startswith("data:")]
    assert len(lines) == 3
    for line in lines:
        assert validate_response(line.removeprefix("data:").strip()).findings == ()


@pytest.mark.parametrize(
    ("name", "document"), [d for d in _fixture_documents() if not d[0].startswith("error")]
)
def test_the_sdk_reads_every_recorded_response(name: str, document: Any) -> None:
    genai_types = pytest.importorskip("google.genai.types")
    models = pytest.importorskip("google.genai.models")
    converted = models._GenerateContentResponse_from_mldev(document)
    response = genai_types.GenerateContentResponse._from_response(response=converted, kwargs={})
    assert response.model_dump(exclude_none=True) is not None


def _findings(document: Any, **options: Any) -> set[tuple[str, str]]:
    return {(f.rule, f.pointer) for f in validate_response(document, **options).findings}


def test_wrong_fields_are_reported_at_their_rule_and_pointer() -> None:
    body = load_json(RESPONSES / "text.json")
    body["candidates"][0]["finishReason"] = "DONE"
    body["candidates"][0]["content"]["role"] = "assistant"
    body["candidates"][0]["content"]["parts"][0]["txt"] = "x"
    body["usageMetadata"]["totalTokenCount"] = -1
    body["safetyRatings"] = []
    assert _findings(body) == {
        ("GC204", "/candidates/0/finishReason"),
        ("GC204", "/candidates/0/content/role"),
        ("GC201", "/candidates/0/content/parts/0/txt"),
        ("GC205", "/usageMetadata/totalTokenCount"),
        ("GC201", "/safetyRatings"),
    }


def test_a_part_with_two_data_members_is_reported_as_in_a_request() -> None:
    body = {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": "a", "functionCall": {"name": "f"}}]}}
        ]
    }
    assert _findings(body) == {("GC208", "/candidates/0/content/parts/0")}


def test_protojson_spellings_are_normalized_with_info_findings() -> None:
    text = json.dumps({"usage_metadata": {"prompt_token_count": "3"}, "response_id": "x"})
    report = validate_response(text)
    assert report.ok
    assert report.canonical == {"usageMetadata": {"promptTokenCount": 3}, "responseId": "x"}
    assert {f.rule for f in report.findings} == {"GC101", "GC104"}


def test_findings_carry_line_and_column_of_the_text() -> None:
    text = (RESPONSES / "text.json").read_text().replace('"STOP"', '"DONE"')
    (finding,) = validate_response(text).findings
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"DONE"' in row)
    assert (finding.rule, finding.line) == ("GC204", line)


def test_error_bodies_check_their_typed_details() -> None:
    body = load_json(RESPONSES / "error_429.json")
    body["error"]["details"][2]["retryDelay"] = "soon"
    body["error"]["status"] = "TOO_MANY"
    findings = {(f.rule, f.pointer) for f in error_contract().validate(body).findings}
    assert findings == {("GC206", "/error/details/2/retryDelay"), ("GC204", "/error/status")}


def test_a_request_body_is_not_a_response() -> None:
    body = load_json(Path(REPO / "examples" / "text.json"))
    assert ("GC201", "/contents") in _findings(body)


def test_never_raises_for_any_input() -> None:
    for data in (b"", b"[", b"null", "\ud800", b"\xff", {"candidates": "x"}, 3):
        report = validate_response(data)
        assert not report.ok
