"""Forked shards: results in order, the parent works too, a dead or failing worker is a failure (never a hang)."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from gemini_contract.cli.main import main
from gemini_contract.lint.batch import chunk_bounds
from gemini_contract.lint.forking import (
    CAN_FORK,
    MAX_CLAIMED_ITEMS,
    ShardFailure,
    fork_claim,
    fork_map,
    shard_count,
)

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


def test_every_item_is_claimed_once_and_the_workers_share_them() -> None:
    parent = os.getpid()

    def work(worker: int, item: int) -> tuple[int, int]:
        if os.getpid() == parent:
            time.sleep(0.005)  # a slow worker: the others must take over what it has not claimed
        return os.getpid(), item * item

    results, failures = fork_claim(work, 200, 3)
    assert failures == []
    assert sorted(results) == list(range(200))
    assert all(square == item * item for item, (_, square) in results.items())
    by_parent = sum(pid == parent for pid, _ in results.values())
    assert by_parent < 100  # the fast workers took most of them


def test_a_worker_that_dies_loses_only_the_item_it_held() -> None:
    parent = os.getpid()

    def work(worker: int, item: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # the child dies on the first item it claims
        time.sleep(0.005)  # the parent is slow enough that the child gets an item
        return item

    results, failures = fork_claim(work, 60, 2)
    assert len(failures) == 1
    assert "signal 9" in failures[0]
    assert len(results) == 59
    assert all(results[item] == item for item in results)


def test_chunk_bounds_cover_the_file_in_order() -> None:
    assert chunk_bounds(1000, 1) == [0, 1000]
    bounds = chunk_bounds(50_000_000, 2)
    assert bounds[0] == 0
    assert bounds[-1] == 50_000_000
    assert bounds == sorted(set(bounds))
    assert 40 <= len(bounds) - 1 <= 60  # about a megabyte each
    assert len(chunk_bounds(100, 3)) - 1 == 12  # a small file still gives every worker several
    assert len(chunk_bounds(10**11, 2)) - 1 == MAX_CLAIMED_ITEMS  # 100 GB: larger ranges, never more


def test_the_most_items_fit_the_claim_pipe() -> None:
    results, failures = fork_claim(lambda worker, item: item, MAX_CLAIMED_ITEMS, 2)
    assert failures == []
    assert sorted(results) == list(range(MAX_CLAIMED_ITEMS))


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


def test_a_batch_worker_that_dies_is_reported_not_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gemini_contract.lint import batch
    from gemini_contract.lint.checking import BlockResult
    from gemini_contract.lint.settings import LintSettings as LintOptions

    parent = os.getpid()
    check_range = batch.check_range

    def dying(path: str, start: int, end: int | None, options: LintOptions) -> BlockResult:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.05)  # leaves the child time to claim a range
        return check_range(path, start, end, options)

    monkeypatch.setattr(batch, "check_range", dying)
    bad = '{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"topk":1}}'
    (tmp_path / "in.jsonl").write_text((bad + "\n") * 300)
    main(["lint", "--format", "json", "-j", "2", str(tmp_path / "in.jsonl")])
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["status"] == "error"
    assert any("signal 9" in finding["message"] for finding in report["findings"])
    records = [finding["record"] for finding in report["findings"] if finding["record"] is not None]
    assert len(records) < 300  # none at all when the child claimed the first range
    assert records == list(range(1, len(records) + 1))  # every record of the ranges before the lost one
