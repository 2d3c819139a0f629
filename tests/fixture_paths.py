"""Paths and loaders for the test suite (importable as `fixture_paths`: tests/ is on sys.path through its
conftest). Not named conftest: other test folders have their own conftest.py, and `from conftest import`
would pick whichever was imported first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
REFERENCE_PATH = FIXTURES / "reference" / "gemini-request-fields.json"
SCHEMA_PATH = REPO / "schema" / "generate_content_request.schema.json"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def corpus_samples() -> list[dict[str, Any]]:
    samples: list[dict[str, Any]] = load_json(CORPUS / "index.json")["samples"]
    return samples


def corpus_and_rule_bodies() -> list[Any]:
    """Every corpus body that parses as a JSON object, then every rule case's body (tests/validator/cases)."""
    loaded = []
    for path in sorted((CORPUS / "valid").glob("*.json")) + sorted((CORPUS / "invalid").glob("*.json")):
        try:
            loaded.append(json.loads(path.read_bytes()))
        except ValueError:
            continue
    cases = load_json(REPO / "tests" / "validator" / "cases" / "rules.json")["cases"]
    return [body for body in loaded if type(body) is dict] + [case["body"] for case in cases]
