"""The fixture copies are intact, and match ../shared where it exists (a refreshed shared/ must be copied)."""

from __future__ import annotations

import hashlib

import pytest
from fixture_paths import FIXTURES, REPO

MANIFEST = FIXTURES / "MANIFEST.sha256"
SHARED = REPO.parent / "shared"
# copy (relative to tests/fixtures) -> original (relative to shared/)
ORIGINALS = {
    "reference/gemini-request-fields.json": "reference/gemini-request-fields.json",
    "reference/sarif-schema-2.1.0.json": "reference/sarif-schema-2.1.0.json",
    "reference/gemini-v1beta-discovery-20260325.json": "reference/gemini-v1beta-discovery-20260325.json",
    "corpus/index.json": "corpus/index.json",
    "hostile/make_cases.py": "hostile/make_cases.py",
    "models/cases.json": "reference/models/cases.json",
    "models/evidence-notes.md": "reference/models/evidence-notes.md",
}


def _entries() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        digest, path = line.split("  ", 1)
        entries[path] = digest
    return entries


def test_every_fixture_matches_the_manifest() -> None:
    entries = _entries()
    assert len(entries) > 400
    changed = [p for p, d in entries.items() if hashlib.sha256((FIXTURES / p).read_bytes()).hexdigest() != d]
    assert changed == [], "fixtures differ from MANIFEST.sha256; run scripts/refresh-fixtures"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared next to this checkout (a user's clone)")
@pytest.mark.parametrize("copy", sorted(ORIGINALS))
def test_copy_is_current_with_shared(copy: str) -> None:
    original = SHARED / ORIGINALS[copy]
    assert (FIXTURES / copy).read_bytes() == original.read_bytes(), (
        f"{copy} is stale: run scripts/refresh-fixtures"
    )
