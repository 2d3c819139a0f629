"""Both hooks, with the real `pre-commit`, in an application repository that holds much JSON that is not a
request, configured with exactly the README's snippet (only the repository URL and rev point at a snapshot of
this working tree): the lint hook skips the unrelated files and catches the broken requests, the check hook
catches a hand edit of the configured generated folder.

The hooks' environments are installed from the package index (pip's configured one): minutes the first time.
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

# Files an application repository holds that are not requests: none may be reported.
UNRELATED = {
    "package.json": '{"name": "app", "version": "1.0.0", "scripts": {"test": "jest"}, "dependencies": {}}\n',
    "tsconfig.json": '{\n  // compiler settings\n  "compilerOptions": {"target": "es2022", "strict": true,},\n'
    '  /* paths */ "include": ["src"],\n}\n',
    ".vscode/settings.json": '{\n  "editor.tabSize": 2, // two\n  "files.exclude": {"**/.git": true},\n}\n',
    "schemas/user.schema.json": '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",'
    ' "properties": {"contents": {"type": "string"}}, "required": ["contents"]}\n',
    "maps/regions.json": '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry":'
    ' {"type": "Point", "coordinates": [1, 2]}, "properties": {"name": "x"}}]}\n',
    "locales/en.json": '{"greeting": "Hello", "menu": {"contents": "Contents", "tools": "Tools"}}\n',
    "logs/events.jsonl": '{"ts": 1, "event": "login", "user": "a"}\n{"ts": 2, "event": "logout"}\n',
}
# Requests in two folders: good ones pass, each bad one is caught at its rule.
GOOD_REQUESTS = {
    "requests/hello.json": GOOD,
    "prompts/summary.json": '{"systemInstruction": {"parts": [{"text": "Be brief"}]},\n' + GOOD[1:],
    "prompts/batch.jsonl": '{"key": "a", "request": ' + GOOD.strip() + "}\n",
}
BAD_REQUESTS = {
    "requests/typo.json": ('{"contens": [{"role": "user", "parts": [{"text": "Hi"}]}]}\n', "GC201"),
    "prompts/snake.json": (
        '{"contents": [{"role": "assistant", "parts": [{"text": "Hi"}]}], "generation_config": {}}\n',
        "GC204",
    ),
    "prompts/trailing.json": ('{"contents": [{"role": "user", "parts": [{"text": "Hi"},]}],}\n', "GC012"),
    "prompts/openai.json": ('{"model": "gemini-2.5-flash", "messages": [], "max_tokens": 5}\n', "GC201"),
}


def readme_snippet() -> str:
    """The README's pre-commit configuration, as a user pastes it."""
    text = (REPO / "README.md").read_text()
    section = text[text.index("### pre-commit") :]
    found = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, check=False, capture_output=True, text=True, timeout=900)


def snapshot(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """This working tree (uncommitted and new files included) as a one-commit repository pre-commit can clone."""
    listed = run(REPO, "git", "ls-files", "-co", "--exclude-standard", "-z").stdout.split("\0")
    copy = tmp_path / "hooks-repo"
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "snapshot")):
        assert run(copy, "git", *args, env=env).returncode == 0
    return copy, run(copy, "git", "rev-parse", "HEAD").stdout.strip()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


@pytest.mark.slow
@pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git")
def test_hooks_fit_an_application_repository(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
    }
    hooks_repo, rev = snapshot(tmp_path, env)
    work = tmp_path / "app"
    work.mkdir()
    config = readme_snippet().replace("https://github.com/<your-org>/gemini-contract", str(hooks_repo))
    write(work, {".pre-commit-config.yaml": config.replace("v0.1.0", rev), **UNRELATED, **GOOD_REQUESTS})
    write(
        work, {"pyproject.toml": '[project]\nname = "app"\n\n[tool.gemini-contract]\nout = "src/app/gen"\n'}
    )
    generated = run(work, str(Path(sys.executable).parent / "gemini-contract"), "generate", env=env)
    assert generated.returncode == 0, generated.stderr
    assert run(work, "git", "init", "-q").returncode == 0
    assert run(work, PRE_COMMIT, "install", env=env).returncode == 0
    assert run(work, "git", "add", "-A").returncode == 0

    done = run(work, "git", "commit", "-q", "-m", "app", env=env)  # everything passes: nothing to say
    output = done.stdout + done.stderr
    if "Could not find a version" in output or "Failed to establish a new connection" in output:
        pytest.skip("the package index is not reachable")
    assert done.returncode == 0, output
    assert "GC" not in output

    write(work, {name: text for name, (text, _) in BAD_REQUESTS.items()})
    assert run(work, "git", "add", "-A").returncode == 0
    done = run(work, "git", "commit", "-q", "-m", "bad requests", env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    for name, (_, rule) in BAD_REQUESTS.items():
        assert re.search(rf"{re.escape(name)}:\d+:\d+: {rule} ", output), (name, output)
    for name in [*UNRELATED, *GOOD_REQUESTS]:
        assert f"{name}:" not in output, output

    run(work, "git", "reset", "-q", "--hard")
    run(work, "git", "clean", "-qfd")
    models = work / "src/app/gen/models.py"
    models.write_text(models.read_text().replace("class Content", "class Contents", 1))
    assert run(work, "git", "add", "-A").returncode == 0
    done = run(work, "git", "commit", "-q", "-m", "hand edit", env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "generated files out of date" in output
    assert "models.py" in output
