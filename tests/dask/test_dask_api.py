"""`gemini_contract.dask`: a bag of Batch API lines in, findings out as a bag or a dataframe, numbered and ordered
as `lint` numbers and orders them for the same lines in a file."""

from __future__ import annotations

import json
from pathlib import Path

import dask
import dask.bag as db
import pytest
from distributed import Client, LocalCluster

from gemini_contract.cli.main import main
from gemini_contract.dask import COLUMNS, findings_frame, validate_bag
from gemini_contract.dask.records import as_body, check_items
from gemini_contract.errors import SettingsError
from gemini_contract.lint.settings import LintSettings

GOOD = '{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}'
BAD = '{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}], "generationConfig": {"topk": 3}}'


def lint_findings(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    main(["lint", "--format", "json", *args, str(path)])
    report = json.loads(capsys.readouterr().out)
    rows = [
        {column: finding.get(column) for column in COLUMNS if column != "key"}
        for finding in report["files"][0]["findings"]
    ]
    # lint places a finding on its record's line of the file; the API gives its line within the item (1: a
    # batch line is one line), as an item of a bag read from many files has no one line number.
    return [{**row, "line": None if row["line"] is None else 1} for row in rows]


def test_a_bag_read_from_a_batch_gives_lints_findings(
    batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = lint_findings(batch, capsys)
    bag = db.read_text(str(batch), blocksize=20_000)  # several partitions: numbering must cross them
    assert bag.npartitions > 3
    with dask.config.set(scheduler="sync"):
        rows = validate_bag(bag).compute()
    assert [{k: v for k, v in row.items() if k != "key"} for row in rows] == expected
    keyed = {row["key"] for row in rows if row["key"] is not None}
    assert keyed
    assert all(key.startswith("req-") for key in keyed)


def test_options_as_lint_takes_them(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = lint_findings(batch, capsys, "--profile", "strict", "--select", "GC2,GC0", "--max-bytes", "2K")
    with dask.config.set(scheduler="sync"):
        rows = validate_bag(
            db.read_text(str(batch)), profile="strict", select="GC2,GC0", max_bytes="2K"
        ).compute()
    assert [{k: v for k, v in row.items() if k != "key"} for row in rows] == expected
    assert {row["rule"] for row in rows} >= {"GC010"}
    with pytest.raises(SettingsError, match="unknown rule"):
        validate_bag(db.from_sequence([GOOD]), select="XX9")


def test_items_may_be_text_bytes_or_parsed_records() -> None:
    settings = LintSettings()
    items = [GOOD + "\n", BAD.encode() + b"\r\n", {"key": 7, "request": json.loads(BAD)}, json.loads(GOOD)]
    checked = check_items(items, settings)
    assert checked.items == 4
    assert [(row["record"], row["key"], row["rule"]) for row in checked.rows] == [
        (1, None, "GC201"),
        (2, "7", "GC201"),
    ]
    assert as_body(BAD + "\n") == BAD.encode()
    documents = check_items([BAD], settings, documents=True)
    assert [(row["record"], row["key"], row["line"]) for row in documents.rows] == [(0, None, 1)]


def test_findings_as_a_dataframe_on_a_cluster(cluster: LocalCluster, batch: Path) -> None:
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        bag = db.read_text(str(batch), blocksize=30_000)
        frame = findings_frame(validate_bag(bag))
        assert list(frame.columns) == list(COLUMNS)
        local = frame.compute(scheduler="sync")
        remote = client.compute(frame).result()
    assert local.reset_index(drop=True).equals(remote.reset_index(drop=True))
    assert len(remote) > 50
    assert remote.record.is_monotonic_increasing
    assert set(remote.severity) <= {"error", "warning", "info"}
