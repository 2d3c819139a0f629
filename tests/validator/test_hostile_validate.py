"""Every hostile file case (tests/fixtures/hostile, --skip-big) gets the manifest's verdict from validate()."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fixture_paths import FIXTURES

from gemini_contract import Severity, validate

MAKE_CASES = FIXTURES / "hostile" / "make_cases.py"


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict[str, Any], Path]]:
    out = tmp_path_factory.mktemp("hostile")
    subprocess.run([sys.executable, str(MAKE_CASES), str(out), "--skip-big"], check=True, capture_output=True)
    manifest = [json.loads(line) for line in (out / "MANIFEST.jsonl").read_text().splitlines()]
    files = [(case, out / case["name"]) for case in manifest if not case["expect"].startswith("reject-io")]
    return [(case, path) for case, path in files if path.is_file() and not path.is_symlink()]


def test_hostile_file_cases_get_the_manifest_verdict(cases: list[tuple[dict[str, Any], Path]]) -> None:
    # The manifest states the strict profile; google differs only for tolerated syntax (README there).
    wrong = []
    for case, path in cases:
        report = validate(path.read_bytes(), profile="strict")
        expect = case["expect"]
        warned = any(f.severity is Severity.WARNING for f in report.findings)
        ok = report.ok and (expect != "warn" or warned) if expect in ("accept", "warn") else not report.ok
        if expect.startswith("reject") and report.ok:
            ok = False
        if not ok:
            wrong.append((case["name"], expect, [(f.rule, str(f.severity)) for f in report.findings][:4]))
    assert len(cases) > 60
    assert wrong == []


def test_hostile_rejections_name_a_position(cases: list[tuple[dict[str, Any], Path]]) -> None:
    for case, path in cases:
        if case["expect"] in ("reject-parse", "reject-dup"):
            errors = [
                f
                for f in validate(path.read_bytes(), profile="strict").findings
                if f.severity is Severity.ERROR
            ]
            assert errors, case["name"]
            assert errors[0].line is not None, case["name"]


def test_google_profile_tolerates_what_google_reads(cases: list[tuple[dict[str, Any], Path]]) -> None:
    tolerated = {"trailing_comma_object.json", "trailing_comma_array.json", "unquoted_keys.json"}
    for case, path in cases:
        if case["name"] in tolerated:
            findings = validate(path.read_bytes()).findings
            syntax = [f for f in findings if f.rule.startswith("GC01")]
            assert syntax, case["name"]
            assert all(f.severity is Severity.WARNING for f in syntax), case["name"]
