"""Hostile inputs (tests/fixtures/hostile, --skip-big set): each case ends as its manifest says, no traceback, no hang.

`expect` is for the strict profile; under google, syntax Google's parser tolerates may be a warning instead.
A FIFO or device can never hang these tests: every run has a timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gemini_contract.validator.ruleset import RULES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MAKE_CASES = FIXTURES / "hostile" / "make_cases.py"
LINT = [sys.executable, "-c", "from gemini_contract.cli.main import entry; entry()", "lint"]
# Reading rules that are warnings under google and errors under strict: text Google's parser tolerates.
TOLERATED_SYNTAX = {
    rule.id
    for rule in RULES
    if rule.id.startswith("GC0") and rule.severity_in("google") < rule.severity_in("strict")
}
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("hostile")
    subprocess.run(
        [sys.executable, str(MAKE_CASES), str(out), "--skip-big"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    manifest = [json.loads(line) for line in (out / "MANIFEST.jsonl").read_text().splitlines()]
    return out, manifest


def expected(case: dict[str, Any]) -> str:
    if case["name"] == "unreadable.json" and IS_ROOT:
        return "accept"  # root reads mode-000 files: the case is a valid request then
    return str(case["expect"])


def lint_all(out: Path, manifest: list[dict[str, Any]], profile: str) -> dict[str, dict[str, Any]]:
    paths = [str(out / case["name"]) for case in manifest]
    done = subprocess.run(
        # --no-recognize: every hostile body is checked, even those that are not objects (`42`, `[]`),
        # which content recognition (issue #13) would skip as not a request.
        [*LINT, "--format", "json", "--no-recognize", "--profile", profile, "--", *paths],
        check=False,
        capture_output=True,
        timeout=120,
        text=True,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, done.stderr  # the reject-io cases
    report = json.loads(done.stdout)
    return {Path(entry["path"]).name: entry for entry in report["files"]}


def check_case(case: dict[str, Any], entry: dict[str, Any], profile: str) -> str | None:
    """None if the case ended as expected, else a description of what happened."""
    expect = expected(case)
    status = entry["status"]
    findings = entry["findings"]
    severities = {f["severity"] for f in findings}
    rules = {f["rule"] for f in findings}
    if expect == "accept":
        ok = status == "valid"
    elif expect == "warn":
        ok = status == "valid" and "warning" in severities
    elif expect == "reject-io":
        ok = status == "error" and [f["rule"] for f in findings] == ["GC900"]
    else:
        placed = any(f["severity"] == "error" and f["line"] is not None for f in findings)
        ok = status == "invalid" and (placed or expect == "reject-schema")
        if profile == "google" and expect == "reject-parse" and status == "valid":
            ok = bool(rules & TOLERATED_SYNTAX) and "warning" in severities
    if ok:
        return None
    return f"{case['name']}: expected {expect}, got {status} {sorted(rules)}"


@pytest.mark.parametrize("profile", ["strict", "google"])
def test_every_case_ends_as_the_manifest_says(cases: tuple[Path, list[dict[str, Any]]], profile: str) -> None:
    out, manifest = cases
    entries = lint_all(out, manifest, profile)
    problems = [check_case(case, entries[case["name"]], profile) for case in manifest]
    assert [problem for problem in problems if problem] == []


def test_io_cases_alone_exit_2_quickly_with_one_line(cases: tuple[Path, list[dict[str, Any]]]) -> None:
    out, manifest = cases
    for case in manifest:
        if expected(case) != "reject-io":
            continue
        done = subprocess.run(
            [*LINT, "--", case["name"]],
            cwd=out,
            check=False,
            capture_output=True,
            timeout=20,
            text=True,
        )
        assert done.returncode == 2, case["name"]
        lines = done.stdout.splitlines()
        assert len(lines) == 1, done.stdout
        assert lines[0].startswith(f"{case['name']}: GC900 error: cannot "), lines[0]
        assert "Traceback" not in done.stderr


def test_dash_leading_name_is_a_path_without_double_dash(cases: tuple[Path, list[dict[str, Any]]]) -> None:
    out, _ = cases
    done = subprocess.run(
        [*LINT, "-dash-leading.json"],
        cwd=out,
        check=False,
        capture_output=True,
        timeout=20,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_unreadable_file_is_an_io_error(cases: tuple[Path, list[dict[str, Any]]]) -> None:
    """Root reads mode-000 files; dropping the capabilities that let it (setpriv) shows the real case."""
    out, _ = cases
    prefix: list[str] = []
    if IS_ROOT:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv reads mode-000 files")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    done = subprocess.run(
        [*prefix, *LINT, "unreadable.json"], cwd=out, check=False, capture_output=True, timeout=20, text=True
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout.startswith("unreadable.json: GC900 error: cannot read: permission denied")
