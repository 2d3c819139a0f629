"""generated/ for the bundled schema: up to date, type-clean, stdlib-only, and faithful to the wire format."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gemini_contract.generated import models as m
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"
CORPUS = REPO / "tests" / "fixtures" / "corpus"
SCHEMA = REPO / "schema" / "generate_content_request.schema.json"


def test_generated_is_up_to_date_with_the_schema() -> None:
    from gemini_contract.codegen.load import SchemaProblem
    from gemini_contract.codegen.pipeline import generate_sources
    from gemini_contract.codegen.write import compare

    sources = generate_sources(SCHEMA, "dataclasses", "gemini-contract generate")
    assert not isinstance(sources, SchemaProblem), str(sources)
    drifts = compare(GENERATED, sources)
    assert not drifts, (
        "generated/ is out of date with the schema: run `gemini-contract generate`\n"
        + "".join(d.diff for d in drifts)
    )


def test_schema_hash_matches_the_bundled_schema() -> None:
    from gemini_contract.schema import canonical_sha256, load_schema

    assert canonical_sha256(load_schema()) == m.SCHEMA_SHA256


def test_models_import_only_the_standard_library() -> None:
    tree = ast.parse((GENERATED / "models.py").read_text(encoding="utf-8"))
    # Issue 14: the one exception is the lenient reader, imported lazily inside `_lenient` (under
    # `except ImportError`), so that the models still import and read canonical bodies without it.
    lenient = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_lenient")
    inside = {id(node) for node in ast.walk(lenient)}
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in inside
        for alias in node.names
    }
    assert imported - {"__future__"} <= sys.stdlib_module_names
    assert [n.module for n in ast.walk(lenient) if isinstance(n, ast.ImportFrom)] == [
        "gemini_contract.codegen.wire"
    ]


@pytest.mark.slow
def test_mypy_strict_on_generated() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(GENERATED / "models.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    from gemini_contract.codegen.format import ruff_binary

    result = subprocess.run(
        [str(ruff_binary()), "check", "--no-cache", str(GENERATED)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the wire format -------------------------------------------------------------------------------


# Valid bodies whose files are not canonical although the index lists no leniency for them.
NOT_CANONICAL = {"pydantic-ai-test_code_execution-i1": "thoughtSignature in URL-safe base64"}


def _canonical_corpus() -> list[tuple[str, Any]]:
    """Every valid corpus body in canonical form: by the validator's normalizer when it is importable,
    else the bodies whose only leniency was in the JSON text (already cleaned in the files)."""
    index = json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
    valid = [s for s in index["samples"] if s["expected_verdict"] == "valid"]
    try:
        from gemini_contract.validator import validate
    except ImportError:
        validate = None
    bodies = []
    for sample in valid:
        raw = (CORPUS / sample["file"]).read_bytes()
        if validate is not None:
            report = validate(raw)
            if report.ok and report.canonical is not None:
                bodies.append((sample["id"], report.canonical))
        elif sample["id"] not in NOT_CANONICAL and all(
            note.startswith("non-strict JSON text") for note in sample.get("api_leniency_exercised", [])
        ):
            bodies.append((sample["id"], json.loads(raw)))
    return bodies


CANONICAL = _canonical_corpus()
SCHEMA_VALIDATOR = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("sample", "body"), CANONICAL, ids=[sample for sample, _ in CANONICAL])
def test_round_trip_of_the_canonical_corpus(sample: str, body: Any) -> None:
    out = m.GenerateContentRequest.from_dict(body).to_dict()
    assert out == body
    assert not list(SCHEMA_VALIDATOR.iter_errors(out))


def test_corpus_is_not_empty() -> None:
    assert len(CANONICAL) >= 40


def test_to_dict_omits_none_and_spells_enums_by_name() -> None:
    request = m.GenerateContentRequest(
        contents=[m.Content(role=m.ContentRole.USER, parts=[m.Part(text="hi")])],
        safety_settings=[
            m.SafetySetting(
                category=m.HarmCategory.HARM_CATEGORY_HARASSMENT, threshold=m.HarmBlockThreshold.BLOCK_NONE
            )
        ],
        generation_config=m.GenerationConfig(response_json_schema={"type": "object"}, temperature=0.5),
    )
    assert request.to_dict() == {
        "contents": [{"parts": [{"text": "hi"}], "role": "user"}],
        "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
        "generationConfig": {"temperature": 0.5, "_responseJsonSchema": {"type": "object"}},
    }
    assert type(request.to_dict()["contents"][0]["role"]) is str


def test_field_metadata_carries_wire_names_and_constraints() -> None:
    import dataclasses

    fields = {f.name: f.metadata for f in dataclasses.fields(m.GenerationConfig)}
    assert fields["top_k"]["wire"] == "topK"
    assert fields["top_k"]["format"] == "int32"
    assert fields["stop_sequences"]["maxItems"] == 5
    assert fields["response_json_schema"]["wire"] == "_responseJsonSchema"
    assert fields["response_json_schema_ordered"]["wire"] == "responseJsonSchema"
    assert {f.name: f.metadata for f in dataclasses.fields(m.Part)}["text"]["oneof"] == "data"


@pytest.mark.parametrize(
    ("body", "pointer", "reason"),
    [
        ({}, "/contents", "required member is missing"),
        ({"contents": []}, "/contents", "at least 1 item"),
        ({"contents": [{"parts": [{"text": 1}]}]}, "/contents/0/parts/0/text", "expected a string"),
        (
            {"contents": [{"parts": [{"text": "a"}]}], "generation_config": {}},
            "/generation_config",
            "unknown member",
        ),
        ({"contents": [{"parts": [{"text": "a"}], "role": "assistant"}]}, "/contents/0/role", "not one of"),
        (
            {"contents": [{"parts": [{"text": "a", "inlineData": {"data": "AA=="}}]}]},
            "/contents/0/parts/0",
            "oneof",
        ),
        ({"contents": [{"parts": [{}]}]}, "/contents/0/parts/0", "oneof data"),
        ({"contents": [{"parts": [{"text": None}]}]}, "/contents/0/parts/0/text", "null is not allowed"),
        (
            {"contents": [{"parts": [{"text": "a"}]}], "generationConfig": {"topK": 2**31}},
            "/generationConfig/topK",
            "<=",
        ),
        (
            {"contents": [{"parts": [{"text": "a"}]}], "generationConfig": {"topK": 1.0}},
            "/generationConfig/topK",
            "integer",
        ),
        (
            {"contents": [{"parts": [{"thoughtSignature": "a?", "text": "x"}]}]},
            "/contents/0/parts/0/thoughtSignature",
            "pattern",
        ),
        (
            {"contents": [{"parts": [{"videoMetadata": {"fps": 0}}]}]},
            "/contents/0/parts/0/videoMetadata/fps",
            "> 0",
        ),
    ],
)
def test_from_dict_reports_one_error_with_its_pointer(body: Any, pointer: str, reason: str) -> None:
    # strict=True: the canonical form only (issue 14 made the lenient reading the default; see
    # tests/codegen/test_wire_reading.py), which these cases pin.
    with pytest.raises(m.ModelError) as caught:
        m.GenerateContentRequest.from_dict(body, strict=True)
    assert caught.value.pointer == pointer
    assert reason in caught.value.reason
    assert str(caught.value).startswith(pointer)


def test_video_metadata_alone_is_the_only_part_without_data() -> None:
    alone = m.Part(video_metadata=m.VideoMetadata(fps=1.0))
    assert alone.to_dict() == {"videoMetadata": {"fps": 1.0}}
    assert m.Part.from_dict({"videoMetadata": {"startOffset": "1s"}, "thought": True}).thought is True
    with pytest.raises(m.ModelError, match="it holds none"):
        m.Part(thought=True)
    with pytest.raises(m.ModelError, match="it holds text, fileData"):
        m.Part(text="a", file_data=m.FileData(file_uri="https://x"))


def test_instances_are_frozen_and_keyword_only() -> None:
    import dataclasses

    part = m.Part(text="a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        part.text = "b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        m.Part("a")  # type: ignore[misc]
    assert not hasattr(part, "__dict__")  # slots


def test_hostile_nesting_is_a_model_error_not_a_recursion_error() -> None:
    schema: dict[str, Any] = {"type": "STRING"}
    for _ in range(5_000):
        schema = {"type": "ARRAY", "items": schema}
    with pytest.raises(m.ModelError, match="nested too deeply"):
        m.Schema.from_dict(schema)
