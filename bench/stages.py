"""Where validate()'s time goes, stage by stage, on issue #17's two bodies (a valid 10 KB body, the same body with
five errors), next to the floor each is held to. Writes results/stages.md.

Each stage is timed where it runs, inside validate() (its functions wrapped for the run with a timer that
adds its own ~0.1 µs a call), because a stage costs more there than alone: the stages before and after it
evict what it keeps in the caches, and the previous document is freed while the next one is checked. The
stage times therefore add up to validate()'s own time (minus the wrappers' cost), and the "alone" column
times the same call on its own, repeated on one document, to show the difference.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jsonschema_rs
import orjson
from bodies import body, dumps, five_error_body
from gemini_contract.validator import api, engine, locate, normalize, placing, validate
from gemini_contract.validator.checks import CheckTable
from gemini_contract.validator.contract import request_contract
from timing import per_call

RESULTS = Path(__file__).resolve().parent / "results" / "stages.md"
ROUNDS = 2_000

# (stage, owner, attribute): what a stage is, as the functions validate() calls for it. Each is looked up
# where the caller reads it (api calls orjson's functions as module attributes, imports first_look and
# passes by name; the others are module or class attributes). A stage called inside another (normalize in
# _look, offsets_in_layout and orjson.dumps in place) counts for itself only: see _timer.
STAGES = (
    ("read: orjson.loads", orjson, "loads"),
    ("orjson.dumps: the duplicate-key re-serialization (and lengths for placing)", orjson, "dumps"),
    ("first look: the quiet validators, the schema's errors (api._look)", api, "_look"),
    ("integral-float search (requests the quiet validators do not clear)", api, "_may_hold_integral"),
    ("plan the rewrites from the errors (invalid bodies)", normalize.Plan, "from_errors"),
    ("normalize", normalize, "normalize"),
    ("revalidate the rewritten objects, explain the errors", engine, "revalidated"),
    ("quiet validators asked again (a rewritten request; quiet_alone, an invalid one)", api, "passes"),
    ("checks JSON Schema cannot express (cleared requests)", CheckTable, "run_cleared"),
    ("checks JSON Schema cannot express (the others)", CheckTable, "run"),
    ("locate the findings' pointers in the text", locate, "offsets_in_layout"),
    ("place the findings (lines, spans, fixes)", placing, "place"),
)


@contextmanager
def _timed(spent: dict[str, float]) -> Iterator[None]:
    """Every stage's functions wrapped, adding their time (seconds) to spent[stage], for the with-block."""
    saved = []
    inner: list[float] = []
    for stage, owner, name in STAGES:
        raw = vars(owner)[name]  # as stored: a classmethod stays one
        original = getattr(owner, name)
        saved.append((owner, name, raw))
        timed = _timer(original, stage, spent, inner)
        if isinstance(raw, classmethod):
            setattr(owner, name, staticmethod(timed))  # the original is bound to its class already
        else:
            setattr(owner, name, timed)
    try:
        yield
    finally:
        for owner, name, raw in saved:
            setattr(owner, name, raw)


def _timer(
    original: Callable[..., Any], stage: str, spent: dict[str, float], inner: list[float]
) -> Callable[..., Any]:
    """`original`, adding its time to spent[stage] less the time of the timed stages it calls (`inner` is
    the stack of those times, one entry per timed call in progress)."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        inner.append(0.0)
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            spent[stage] += elapsed - inner.pop()
            if inner:
                inner[-1] += elapsed

    return timed


def _stage_times(data: bytes) -> tuple[dict[str, float], float, float]:
    """Per stage, seconds per validate() inside the run; validate() with the timers; validate() without."""
    spent = dict.fromkeys((stage for stage, _, _ in STAGES), 0.0)
    with _timed(spent):
        for _ in range(200):
            validate(data)
        for stage in spent:
            spent[stage] = 0.0
        start = time.perf_counter()
        for _ in range(ROUNDS):
            validate(data)
        timed = (time.perf_counter() - start) / ROUNDS
    bare = statistics.median(per_call(lambda: validate(data), budget=0.3) for _ in range(5))
    return {stage: seconds / ROUNDS for stage, seconds in spent.items()}, timed, bare


def _floor(data: bytes, valid: bool) -> float:
    # The floor guard.py holds validate() to: linear-time regexes, as the contract compiles its own.
    rs = jsonschema_rs.Draft202012Validator(
        request_contract().schema, pattern_options=jsonschema_rs.RegexOptions()
    )
    if valid:
        return per_call(lambda: rs.is_valid(orjson.loads(data)), budget=1.0)
    return per_call(lambda: list(rs.iter_errors(orjson.loads(data))), budget=1.0)


def _table(label: str, data: bytes, valid: bool) -> list[str]:
    stages, timed, bare = _stage_times(data)
    floor = _floor(data, valid)
    rows = [
        f"### {label} ({len(data):,} bytes, indented)",
        "",
        "| stage | in validate() | share |",
        "|---|---:|---:|",
    ]
    for stage, seconds in stages.items():
        if seconds > 0:
            rows.append(f"| {stage} | {seconds * 1e6:.1f} µs | {seconds / timed:.0%} |")
    rest = timed - sum(stages.values())
    rows += [
        f"| the rest (calls between the stages, the report, freeing the document, the timers) "
        f"| {rest * 1e6:.1f} µs | {rest / timed:.0%} |",
        "",
        f"validate() {bare * 1e6:.1f} µs without the timers ({timed * 1e6:.1f} µs with them); the floor "
        f"(orjson.loads + jsonschema-rs {'is_valid' if valid else 'list(iter_errors)'}) {floor * 1e6:.1f} µs: "
        f"**{bare / floor:.2f}x**.",
        "",
    ]
    return rows


def main() -> None:
    lines = [
        "# Where validate()'s time goes: `bench/stages.py`",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}. Issue #17's two validate() figures, "
        "stage by stage, each stage timed inside validate() (see the script's docstring); one run.",
        "",
        *_table("valid body (target ≤ 1.5x)", dumps(body(10_000)), valid=True),
        *_table("five errors (target ≤ 3x)", dumps(five_error_body(10_000)), valid=False),
        "Reproduce: `.venv/bin/python bench/stages.py`.",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
