"""Write every finding the linter and the Python API report on the corpus and the hostile set, in order.

For refactors that promise "behaviour unchanged": run it before and after, then `cmp` the two files.

    .venv/bin/python scripts/findings_snapshot.py /tmp/before.txt
    ... change ...
    .venv/bin/python scripts/findings_snapshot.py /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

Covered: `lint --format json` and the text format over the corpus and the hostile cases (`--skip-big`) in both
profiles, the corpus as one JSONL batch (records, ranges over two processes), and `validate()` on the same
bodies given as bytes, str and parsed dicts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
CLI = [sys.executable, "-m", "gemini_contract.cli.main"]


def _lint(args: list[str], cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from gemini_contract.cli.main import entry; entry()", "lint", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        timeout=600,
    )
    out = done.stdout.decode("utf-8", "backslashreplace")
    err = done.stderr.decode("utf-8", "backslashreplace")
    return f"$ lint {' '.join(args)}\nexit {done.returncode}\n{out}--- stderr\n{err}"


def _api(paths: list[Path]) -> str:
    from gemini_contract.validator import validate

    lines = []
    for path in paths:
        data = path.read_bytes()
        for label, value in (("bytes", data), ("str", data.decode("utf-8", "surrogateescape"))):
            for profile in ("google", "strict"):
                report = validate(value, profile=profile)
                found = [f.to_dict() for f in report.findings]
                lines.append(f"{path.name} {label} {profile} {json.dumps(found, ensure_ascii=True)}")
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):
            continue
        report = validate(parsed)
        lines.append(
            f"{path.name} dict {json.dumps([f.to_dict() for f in report.findings], ensure_ascii=True)}"
        )
    return "\n".join(lines) + "\n"


def main(out: str) -> None:
    chunks: list[str] = []
    corpus = FIXTURES / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        hostile = Path(tmp) / "hostile"
        subprocess.run(
            [sys.executable, str(FIXTURES / "hostile" / "make_cases.py"), str(hostile), "--skip-big"],
            check=True,
            capture_output=True,
        )
        batch = Path(tmp) / "corpus.jsonl"
        bodies = sorted((corpus / "valid").glob("*.json")) + sorted((corpus / "invalid").glob("*.json"))
        with batch.open("wb") as stream:
            for path in bodies * 40:  # ~ a few MB: large enough to be cut into ranges over two processes
                stream.write(path.read_bytes().replace(b"\r", b"").replace(b"\n", b" ") + b"\n")
        for profile in ("google", "strict"):
            for fmt in ("json", "text"):
                chunks.append(_lint(["--profile", profile, "--format", fmt, "valid", "invalid"], corpus))
                chunks.append(_lint(["--profile", profile, "--format", fmt, "."], hostile))
            chunks.append(_lint(["--profile", profile, "--format", "json", "-j", "2", str(batch)], Path(tmp)))
        chunks.append(_lint(["--format", "sarif", "invalid"], corpus))
        chunks.append(_lint(["--format", "github", "invalid"], corpus))
        hostile_files = sorted(p for p in hostile.iterdir() if p.is_file() and p.suffix == ".json")
        chunks.append(_api(bodies + hostile_files))
    Path(out).write_text("".join(chunks).replace(tmp, "<tmp>"), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
