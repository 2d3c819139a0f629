"""Fast start: a lint run imports nothing heavy (no jinja2, datamodel-code-generator, hypothesis, pydantic)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEAVY = ("jinja2", "datamodel_code_generator", "hypothesis", "pydantic", "multiprocessing")

PROBE = """
import sys
from gemini_contract.cli.main import main
code = main(["lint", "--quiet", *sys.argv[1:]])
print(",".join(name for name in {heavy!r} if name in sys.modules))
sys.exit(code)
"""


def test_lint_imports_nothing_heavy() -> None:
    paths = [str(path) for path in sorted(EXAMPLES.glob("*.json"))]
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *paths],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
