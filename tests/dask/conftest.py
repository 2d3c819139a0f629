"""Fixtures for the Dask tests: a cluster in this process (threads, tcp on 127.0.0.1, so the CLI connects to it
by address as it would to a real one) and a JSON Lines batch built from the corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from distributed import LocalCluster
from fixture_paths import CORPUS


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
        # The scheduler's HTTP server (health, metrics) listens on all interfaces at :8787 unless told.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as local:
        yield local


def batch_lines() -> list[str]:
    """Every corpus body on one line (valid and invalid), every third one as a Batch API record with a key,
    and lines no reader can take (blank, broken JSON, not an object)."""
    lines: list[str] = []
    for index, path in enumerate(sorted(CORPUS.rglob("*.json"))):
        if path.name == "index.json":
            continue
        text = path.read_text(encoding="utf-8")
        try:
            parsed = json.loads(text)
        except ValueError:  # kept as written (on one line): the lenient-JSON findings are part of the test
            lines.append(text.replace("\n", " "))
            continue
        if index % 3 == 0 and isinstance(parsed, dict):
            parsed = {"key": f"req-{index}", "request": parsed}
        lines.append(json.dumps(parsed, ensure_ascii=False))
    return [*lines[:40], "", "{not json", "[1, 2]", *lines[40:]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask-batch") / "batch.jsonl"
    path.write_text("\n".join(batch_lines()) + "\n", encoding="utf-8")
    return path
