"""Checking Gemini request bodies inside a Dask pipeline: `validate_bag` turns a `dask.bag` of Batch API lines
(request bodies or `{"key", "request"}` records) into a bag of findings, `findings_frame` into a dataframe.

    import dask.bag as db
    from gemini_contract.dask import findings_frame, validate_bag

    lines = db.read_text("s3://bucket/batch/*.jsonl")
    frame = findings_frame(validate_bag(lines, profile="strict"))
    frame[frame.severity == "error"].to_parquet("s3://bucket/findings/")

Each finding is a dict with COLUMNS: `record` (the item's 1-based position in the bag: the line number for a
single file read with `read_text`), `key` (a Batch API record's key, else None), `rule`, `severity`,
`pointer`, `line` and `column` (within the item: line 1 for a batch line, as `lint` places it),
`message`, `hint`. The bag is checked partition by partition on the workers; only the count of each
partition's items travels to number the next one.

This package is the one place Dask is imported (DESIGN: scale-out is an adapter over the lint machinery);
`executor` is the `lint --dask` side of it. It needs the `[dask]` extra.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import dask.bag as db
from dask.delayed import delayed

from gemini_contract.dask.records import COLUMNS, check_items, count_of, numbered
from gemini_contract.lint.settings import LintSettings, Source

__all__ = ["COLUMNS", "findings_frame", "validate_bag"]


def validate_bag(
    bag: db.Bag,
    *,
    profile: str = "google",
    select: str | Sequence[str] | None = None,
    ignore: str | Sequence[str] | None = None,
    max_bytes: int | str | None = None,
    documents: bool = False,
) -> db.Bag:
    """A bag of finding dicts (see COLUMNS), in the order of the items and, within one, of their positions.
    Options as `lint` takes them (`select="GC2,GC301"`); `documents=True`: each item is a whole request
    document rather than a Batch API line."""
    values: dict[str, object] = {"profile": profile}
    for name, value in (("select", select), ("ignore", ignore), ("max_bytes", max_bytes)):
        if value is not None:
            values[name] = value
    settings = LintSettings.from_sources(Source("gemini_contract.dask", values))
    checked = [delayed(check_items)(part, settings, documents) for part in bag.to_delayed()]
    parts = []
    offset: Any = 0
    for part in checked:
        parts.append(delayed(numbered)(part, offset))
        # A chain of additions over the counts only: each partition's numbering waits for the counts
        # before it, never for their findings.
        offset = delayed(operator.add)(offset, delayed(count_of)(part))
    bag_of_findings: db.Bag = db.from_delayed(parts)
    return bag_of_findings


def findings_frame(findings: db.Bag) -> Any:
    """The findings of `validate_bag` as a `dask.dataframe.DataFrame` with COLUMNS (needs pandas)."""
    import pandas as pd

    meta = pd.DataFrame(
        {
            "record": pd.Series(dtype="int64"),
            "key": pd.Series(dtype="object"),
            "rule": pd.Series(dtype="object"),
            "severity": pd.Series(dtype="object"),
            "pointer": pd.Series(dtype="object"),
            "line": pd.Series(dtype="Int64"),
            "column": pd.Series(dtype="Int64"),
            "message": pd.Series(dtype="object"),
            "hint": pd.Series(dtype="object"),
        }
    )
    return findings.to_dataframe(meta=meta)
