"""`--record FILE`: every exchange as one JSON line (request, findings, status, response or stream chunks),
appended and flushed as it happens, so a test can read the file while the server runs."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import orjson

from gemini_contract.validator import Finding


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.name.lower(),
        "pointer": finding.pointer,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
    }


class Recorder:
    """Appends records to a JSONL file; one lock keeps lines whole when the proxy's threads write too."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seq = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("ab")

    def write(self, record: dict[str, Any]) -> None:
        with self._lock:
            self._seq += 1
            try:
                line = orjson.dumps({"seq": self._seq, **record}, default=str) + b"\n"
            except TypeError:  # nested past orjson's 255 levels (hostile requests): keep the rest
                trimmed = {**record, "request": "(nested too deeply to record)"}
                line = orjson.dumps({"seq": self._seq, **trimmed}, default=str) + b"\n"
            self._file.write(line)
            self._file.flush()

    def close(self) -> None:
        self._file.close()


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records written so far (a missing file: none)."""
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
