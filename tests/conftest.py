"""Shared paths and loaders for the test suite; the fixtures under tests/fixtures are copies with provenance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    ref: dict[str, Any] = load_json(REFERENCE_PATH)
    return ref


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = load_json(SCHEMA_PATH)
    return loaded
