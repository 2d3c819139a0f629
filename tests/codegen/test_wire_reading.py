"""Issue 14, item 2: one reading of the wire. Non-strict `from_dict` reads every body the google profile
accepts, through the validator's own normaliser, and gives back the body `validate` calls canonical."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gemini_contract.generated import models as m
from gemini_contract.validator import validate
from hypothesis import HealthCheck, given, settings

from codegen.support import GOLDEN
from gemini_contract.strategies import requests, respellings

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
VALID = [
    sample["file"]
    for sample in json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))["samples"]
    if sample["expected_verdict"] == "valid"
]


def test_the_corpus_has_valid_bodies() -> None:
    assert len(VALID) > 100


@pytest.mark.parametrize("name", VALID)
def test_from_dict_reads_the_corpus_as_validate_does(name: str) -> None:
    body = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    report = validate(body)
    assert report.ok
    assert m.GenerateContentRequest.from_dict(body).to_dict() == report.canonical


SNAKE = {
    "contents": {"role": "user", "parts": [{"inline_data": {"mime_type": "image/png", "data": "-_8"}}]},
    "generation_config": {"top_k": 40.0, "max_output_tokens": "64"},
    "safety_settings": [{"category": 7, "threshold": "block_none"}],
}


def test_protojson_spellings_read_as_the_canonical_model() -> None:
    request = m.GenerateContentRequest.from_dict(SNAKE)
    assert request.to_dict() == validate(SNAKE).canonical
    assert request.contents[0].parts[0].inline_data == m.Blob(mime_type="image/png", data="+/8=")


def test_strict_keeps_the_canonical_form_only() -> None:
    with pytest.raises(m.ModelError) as caught:
        m.GenerateContentRequest.from_dict(SNAKE, strict=True)
    assert caught.value.pointer == "/contents"
    canonical: Any = validate(SNAKE).canonical
    assert m.GenerateContentRequest.from_dict(canonical, strict=True).to_dict() == canonical


def test_a_problem_is_reported_where_it_was_written() -> None:
    body = {"contents": [{"parts": [{"text": "a"}]}], "generation_config": {"top_k": "many"}}
    with pytest.raises(m.ModelError) as caught:
        m.GenerateContentRequest.from_dict(body)
    assert caught.value.pointer == "/generation_config/top_k"


def test_nested_classes_read_leniently_too() -> None:
    assert m.Part.from_dict({"function_call": {"name": "f"}}) == m.Part(
        function_call=m.FunctionCall(name="f")
    )


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(respellings())
def test_every_google_spelling_reads_as_its_canonical_body(pair: tuple[Any, Any]) -> None:
    google, canonical = pair
    assert m.GenerateContentRequest.from_dict(google) == m.GenerateContentRequest.from_dict(canonical)
    assert m.GenerateContentRequest.from_dict(google).to_dict() == canonical


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_canonical_bodies_never_reach_the_normaliser(body: Any) -> None:
    # The fast path: strict decoding accepts them, so non-strict from_dict costs nothing more.
    assert m.GenerateContentRequest.from_dict(body, strict=True).to_dict() == body


def test_models_of_another_schema_read_the_canonical_form_only() -> None:
    source = (GOLDEN / "nested.py").read_text(encoding="utf-8")
    assert "gemini_contract" not in source  # stdlib only: no lenient reader to import
    assert "return None  # another schema: only the canonical form is read" in source
