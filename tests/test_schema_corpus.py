"""The contract against the acceptance corpus at the schema level, with plain python-jsonschema (no normalizer)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from fixture_paths import CORPUS, corpus_samples, load_json

from gemini_contract import Severity, validate

NON_STRICT_TEXT = "non-strict JSON text"
# Canonical bodies whose index does not list a leniency they do exercise (found by this test).
UNLISTED_LENIENCY = {
    "pydantic-ai-test_code_execution-i1": "thoughtSignature in URL-safe base64 (json_encoding.bytes)",
}
# Invalid samples whose defect JSON Schema cannot express: the validator's rules catch them (GC3xx).
SEMANTIC_ONLY = {
    "issue-snow-cli-104-missing-thought-signature": "function call/response pairing (GC320)",
    "mut-fewer-function-responses": "function call/response pairing (GC320)",
    "mut-response-schema-object-no-properties": "empty properties only inside responseSchema (GC317)",
}


def _canonical(sample: dict[str, Any]) -> bool:
    leniencies = [x for x in sample.get("api_leniency_exercised", []) if not x.startswith(NON_STRICT_TEXT)]
    return not leniencies and sample["id"] not in UNLISTED_LENIENCY


CANONICAL_VALID = [s for s in corpus_samples() if s["expected_verdict"] == "valid" and _canonical(s)]
INVALID = [s for s in corpus_samples() if s["expected_verdict"] == "invalid" and s["id"] not in SEMANTIC_ONLY]
SEMANTIC = [s for s in corpus_samples() if s["id"] in SEMANTIC_ONLY]


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def test_the_corpus_has_canonical_bodies() -> None:
    assert len(CANONICAL_VALID) >= 40


@pytest.mark.parametrize("sample", CANONICAL_VALID, ids=lambda s: s["id"])
def test_canonical_valid_body_validates(
    sample: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    errors = [
        f"{e.json_path}: {e.message[:120]}" for e in validator.iter_errors(load_json(CORPUS / sample["file"]))
    ]
    assert errors == []


@pytest.mark.parametrize("sample", INVALID, ids=lambda s: s["id"])
def test_schema_level_defect_is_rejected(
    sample: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    assert not validator.is_valid(load_json(CORPUS / sample["file"]))


@pytest.mark.parametrize("sample", SEMANTIC, ids=lambda s: s["id"])
def test_semantic_only_defects_are_caught_by_a_rule(sample: dict[str, Any]) -> None:
    report = validate((CORPUS / sample["file"]).read_bytes())
    assert any(f.rule.startswith("GC3") and f.severity is Severity.ERROR for f in report.findings)
