"""The schemas' `$id`s: URNs of one documented form (issue 13), never a URL of a site that does not exist, and
every reference between bundled schemas made by those URNs (docs/editors.md, "Identifiers")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fixture_paths import REPO, load_json
from gemini_contract.schema import BUNDLED, load_bundled

# `urn:gemini-contract:schema:<file name less .schema.json>`: stable across releases (the version is not in
# it; generated headers carry the schema's canonical sha256 for that).
PREFIX = "urn:gemini-contract:schema:"
SCHEMA_FILES = sorted((REPO / "schema").glob("*.schema.json"))


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_schema_id_is_a_urn_named_after_its_file(path: Any) -> None:
    assert load_json(path)["$id"] == PREFIX + path.name.removesuffix(".schema.json")


def test_references_between_bundled_schemas_use_their_urns() -> None:
    ids = {load_bundled(name)["$id"] for name in BUNDLED}
    external = [ref for name in BUNDLED for ref in _refs(load_bundled(name)) if not ref.startswith("#")]
    assert external, "the response schema shares Content with the request schema by $ref"
    assert {ref.partition("#")[0] for ref in external} <= ids


def test_the_generated_models_name_the_request_urn() -> None:
    header = (REPO / "generated" / "models.py").read_text(encoding="utf-8").splitlines()[1]
    assert header.startswith(f"# Schema: {PREFIX}generate_content_request (canonical sha256 ")
