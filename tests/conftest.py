"""Session fixtures shared by the whole suite; paths and loaders live in fixture_paths.py."""

from __future__ import annotations

from typing import Any

import pytest
from fixture_paths import REFERENCE_PATH, SCHEMA_PATH, load_json


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    ref: dict[str, Any] = load_json(REFERENCE_PATH)
    return ref


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = load_json(SCHEMA_PATH)
    return loaded
