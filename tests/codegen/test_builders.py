"""Issue 14, item 3: builders as in google-genai, so that a request is built in a few readable lines."""

from __future__ import annotations

from pathlib import Path

from gemini_contract.generated.models import (
    Content,
    GenerateContentRequest,
    GenerationConfig,
    Part,
)

from codegen.support import GOLDEN
from gemini_contract import validate


def test_a_request_in_a_few_lines() -> None:
    request = GenerateContentRequest(
        contents=[
            Content.user("What is in this picture?", Part.from_bytes(data=b"\x89PNG", mime_type="image/png")),
            Content.model(Part.from_function_call(name="describe", args={"detail": "high"})),
            Content.user(Part.from_function_response(name="describe", response={"label": "a cat"})),
        ],
        generation_config=GenerationConfig(temperature=0.2),
    )
    body = request.to_dict()
    assert body["contents"][0] == {
        "role": "user",
        "parts": [
            {"text": "What is in this picture?"},
            {"inlineData": {"data": "iVBORw==", "mimeType": "image/png"}},
        ],
    }
    assert body["contents"][1]["role"] == "model"
    assert GenerateContentRequest.from_dict(body) == request
    findings = validate(body).findings
    assert [f.rule for f in findings if f.severity >= 2] == []  # 2: error


def test_each_part_builder() -> None:
    assert Part.from_text(text="hi").to_dict() == {"text": "hi"}
    assert Part.from_uri(file_uri="gs://b/o.pdf", mime_type="application/pdf").to_dict() == {
        "fileData": {"fileUri": "gs://b/o.pdf", "mimeType": "application/pdf"}
    }
    assert Part.from_uri(file_uri="https://x/y.png").to_dict() == {"fileData": {"fileUri": "https://x/y.png"}}
    assert Part.from_function_call(name="f").to_dict() == {"functionCall": {"name": "f"}}
    assert Part.from_function_response(name="f", response={"ok": True}).to_dict() == {
        "functionResponse": {"name": "f", "response": {"ok": True}}
    }
    assert Part.from_executable_code(code="print(1)", language="PYTHON").to_dict() == {
        "executableCode": {"language": "PYTHON", "code": "print(1)"}
    }
    assert Part.from_code_execution_result(outcome="OUTCOME_OK", output="1").to_dict() == {
        "codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "1"}
    }


def test_builders_come_only_with_the_classes_they_need() -> None:
    for golden in Path(GOLDEN).glob("*.py"):
        source = golden.read_text(encoding="utf-8")
        assert "def from_text" not in source, golden.name
        assert "def user(" not in source, golden.name
