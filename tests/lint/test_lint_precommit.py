"""The pre-commit hook, for real: a temporary git repository whose commit hook runs `pre-commit try-repo` on
this repository's `gemini-contract-lint`; a commit with a bad request file is blocked and the finding shown.

try-repo installs the hook's environment from this repository (uncommitted changes included, through a
temporary commit), so the test needs `pre-commit` and network access to PyPI; it is skipped without them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
GOOD = '{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}\n'
BAD = '{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}], "generationConfig": {"topk": 3}}\n'


def test_manifest_is_valid_and_selects_request_files(tmp_path: Path) -> None:
    """The hook list loads as pre-commit reads it, and selects *.json, *.jsonl and *.ndjson (fast check)."""
    clientlib = pytest.importorskip("pre_commit.clientlib")
    identify = pytest.importorskip("identify.identify")
    hooks = {hook["id"]: hook for hook in clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"gemini-contract-lint", "gemini-contract-check"}
    lint = hooks["gemini-contract-lint"]
    assert lint["entry"] == "gemini-contract lint"
    assert hooks["gemini-contract-check"]["pass_filenames"] is False
    for name, selected in [
        ("a.json", True),
        ("b.jsonl", True),
        ("c.ndjson", True),
        ("d.txt", False),
        ("e.json5", False),
    ]:
        path = tmp_path / name
        path.write_text("{}\n")
        tags = identify.tags_from_path(str(path))
        matches = re.search(lint["files"], name) is not None and bool(tags & set(lint["types_or"]))
        assert matches is selected, name


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # A commit runs the hook, which installs the hook's environment from PyPI: allow it minutes.
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=False, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
@pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git")
def test_commit_with_a_bad_request_is_blocked(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
    }
    assert git(work, "init", "-q").returncode == 0
    hook = work / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\nexec '{PRE_COMMIT}' try-repo '{REPO}' gemini-contract-lint\n")
    hook.chmod(0o755)
    (work / "good.json").write_text(GOOD)
    (work / "bad.json").write_text(BAD)
    assert git(work, "add", "good.json", "bad.json").returncode == 0
    done = git(work, "commit", "-q", "-m", "requests", env=env)
    output = done.stdout + done.stderr
    if "Could not find a version" in output or "Failed to establish a new connection" in output:
        pytest.skip("PyPI is not reachable")
    assert done.returncode != 0, output
    assert "bad.json:1:" in output
    assert "GC201" in output
    assert "good.json:" not in output
    assert git(work, "rev-parse", "--verify", "HEAD").returncode != 0  # nothing was committed
    (work / "bad.json").write_text(GOOD)
    assert git(work, "add", "bad.json").returncode == 0
    done = git(work, "commit", "-q", "-m", "fixed", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
