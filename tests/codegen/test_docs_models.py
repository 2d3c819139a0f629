"""docs/models.md's Python examples run as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def test_the_building_example_runs_and_gives_json() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    namespace: dict[str, object] = {"png_bytes": b"\x89PNG\r\n"}
    exec(blocks[0], namespace)  # the doc's own code
    body = namespace["body"]
    json.dumps(body)
    from gemini_contract import validate

    assert validate(body).ok
