"""Forked shards: results in order, the parent works too, a dead or failing worker is a failure (never a hang)."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from gemini_contract.cli.main import main
from gemini_contract.lint.forking import CAN_FORK, ShardFailure, fork_map, shard_count

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="shards are forked on Linux only")


def test_results_come_back_in_shard_order() -> None:
    def work(index: int, shard: list[int]) -> tuple[int, int, list[int]]:
        return index, os.getpid(), [value * 2 for value in shard]

    results = fork_map(work, [[1, 2], [3], [4, 5, 6]])
    assert [(r[0], r[2]) for r in results] == [(0, [2, 4]), (1, [6]), (2, [8, 10, 12])]  # type: ignore[index]
    assert results[0][1] == os.getpid()  # type: ignore[index]
    assert len({r[1] for r in results}) == 3  # type: ignore[index]


def test_a_dead_or_failing_worker_is_a_failure() -> None:
    def work(index: int, shard: str) -> str:
        if shard == "die":
            os.kill(os.getpid(), signal.SIGKILL)
        if shard == "raise":
            raise ValueError("broken shard")
        return shard

    ok, died, raised = fork_map(work, ["ok", "die", "raise"])
    assert ok == "ok"
    assert isinstance(died, ShardFailure)
    assert "signal 9" in died.message
    assert died.shard == "die"
    assert isinstance(raised, ShardFailure)
    assert "ValueError: broken shard" in raised.message


def test_shard_count() -> None:
    assert shard_count(jobs=3, units=2, min_units_per_shard=100) == 2
    assert shard_count(jobs=0, units=10, min_units_per_shard=32) == 1
    assert shard_count(jobs=1, units=1000, min_units_per_shard=1) == 1


@pytest.mark.parametrize("jobs", ["2", "3", "5"])
def test_batch_ranges_join_up_like_one_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    good = '{"contents":[{"role":"user","parts":[{"text":"hello there"}]}]}'
    bad = '{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"topk":1}}'
    lines = []
    for index in range(400):
        if index % 37 == 0:
            lines.append('{"key":"' + "k" * 300 + '"}')  # over --max-bytes below: cut and skipped
        elif index % 11 == 0:
            lines.append(bad + "\r")
        elif index % 53 == 0:
            lines.append("")
        else:
            lines.append(good)
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(lines))  # no final newline
    args = ["lint", "--format", "json", "--max-bytes", "200", str(batch)]
    assert main([*args, "-j", "1"]) == 1
    serial = json.loads(capsys.readouterr().out)
    assert main([*args, "-j", jobs]) == 1
    assert json.loads(capsys.readouterr().out) == serial
    records = [f["record"] for f in serial["files"][0]["findings"]]
    assert records == sorted(records)
    assert {f["record"] for f in serial["files"][0]["findings"] if f["rule"] == "GC010"} == set(
        range(1, 401, 37)
    )
