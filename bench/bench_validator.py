"""In-process validation speed: gemini-contract's validate() vs the engines alone, in one run.

Usage: .venv/bin/python bench/bench_validator.py  (writes bench/results/validator.md)
Compares, on the same bytes: validate(bytes) (all stages); orjson.loads + jsonschema-rs is_valid (the floor);
json.loads + python-jsonschema Draft202012Validator.is_valid; json.loads + fastjsonschema.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import fastjsonschema
import jsonschema
import jsonschema_rs
import orjson

sys.path.insert(0, str(Path(__file__).parent))
from bodies import body, dumps, five_error_body, invalid_body, unknown_in_parts
from gemini_contract.schema import load_schema
from timing import interleaved, per_call

from gemini_contract import validate

# Sizes of the compact JSON; the bytes column is the text validated (indented by two spaces, as people write).
SIZES = {"small (tools, 2 turns)": 1_000, "medium (10 KB compact)": 10_000, "large (200 KB compact)": 200_000}
# Issue #17's findings-path body: the medium body with five user errors, one of each kind (a wrong role, a
# string temperature, a negative count, a typo'd key, a bad enum value).
FIVE_ERRORS = "medium, issue #17's 5 errors"
# Issue #17's scaling case: one turn of N Parts, each with one unknown field (compact JSON); findings are
# capped at MAX_FINDINGS, so the cost per Part should stay flat as N grows.
PARTS = (1_000, 5_000, 10_000, 20_000)


def fast_valid(validator: Callable[[object], None], doc: object) -> bool:
    try:
        validator(doc)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def main() -> None:
    schema = load_schema()
    rs = jsonschema_rs.Draft202012Validator(schema, pattern_options=jsonschema_rs.RegexOptions())
    py = jsonschema.Draft202012Validator(schema)
    fast = fastjsonschema.compile(schema)
    rows = []
    cases = [
        (label, kind, size, make)
        for label, size in SIZES.items()
        for kind, make in (("valid", body), ("invalid", invalid_body))
    ]
    cases.insert(4, (FIVE_ERRORS, "invalid", SIZES["medium (10 KB compact)"], five_error_body))
    for label, kind, size, make in cases:
        data = dumps(make(size))
        if kind == "valid":
            timed = interleaved(
                {
                    "ours": lambda data=data: validate(data),
                    "floor": lambda data=data: rs.is_valid(orjson.loads(data)),
                }
            )
            python = per_call(lambda data=data: py.is_valid(json.loads(data)), budget=0.2)
            fastjs = per_call(lambda data=data: fast_valid(fast, json.loads(data)))
        else:  # a linter lists every error: is_valid would stop at the first one
            timed = interleaved(
                {
                    "ours": lambda data=data: validate(data),
                    "floor": lambda data=data: list(rs.iter_errors(orjson.loads(data))),
                },
                budget=1.0,
            )
            python = per_call(lambda data=data: list(py.iter_errors(json.loads(data))), budget=0.2)
            fastjs = per_call(lambda data=data: fast_valid(fast, json.loads(data)))  # first error only
        ours, floor = timed["ours"], timed["floor"]
        ok = validate(data).ok
        rows.append((label, kind, len(data), ok, ours, floor, python, fastjs))
    lines = [
        "| body | verdict | bytes | validate() | orjson+jsonschema-rs | python-jsonschema | fastjsonschema | validate ÷ rs floor | python-jsonschema ÷ validate |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, kind, n, ok, ours, floor, python, fastjs in rows:
        lines.append(
            f"| {label} | {kind} (ok={ok}) | {n:,} | {ours * 1e6:,.0f} µs | {floor * 1e6:,.0f} µs | {python * 1e6:,.0f} µs"
            f" | {fastjs * 1e6:,.0f} µs | {ours / floor:.2f}x | {python / ours:.0f}x |"
        )
    table = "\n".join(lines)
    print(table)
    scaling, per_parts = _scaling()
    print(scaling)
    out = Path(__file__).parent / "results" / "validator.md"
    out.parent.mkdir(exist_ok=True)
    note = (
        "validate() runs every stage (read, parse, normalize, schema, rules, positions for findings). "
        "Valid rows: the engines' is_valid. Invalid rows: iter_errors (all errors), fastjsonschema stops at "
        "the first. The invalid bodies carry snake_case names, a lower-case enum, an unknown key and a range "
        "error, so validate() normalizes, explains and places each finding. validate() and its floor are "
        "timed in alternating batches (medians), so the shared machine's drift cancels out of their ratio."
    )
    out.write_text(f"## Validator, in process\n\n{note}\n\n{table}\n\n{scaling}\n", encoding="utf-8")
    # The figures make_readme.py reads for the README's table of issue #17's targets.
    figures = {
        "ratio_to_floor": {f"{label}, {kind}": ours / floor for label, kind, _, _, ours, floor, _, _ in rows},
        "unknown_parts_s": {str(parts): seconds for parts, seconds in per_parts.items()},
    }
    out.with_suffix(".json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def _scaling() -> tuple[str, dict[int, float]]:
    """validate() on N Parts with one unknown field each: the cost per Part, which should not grow with N
    (the table, and seconds per call by N)."""
    lines = [
        "### Many findings: N Parts, each with one unknown field (compact JSON)",
        "",
        "Findings are capped at 1,000 (and one GC336 that counts the rest); the cost per Part should stay flat.",
        "",
        "| Parts | bytes | validate() | per Part | findings listed |",
        "|---:|---:|---:|---:|---:|",
    ]
    timed: dict[int, float] = {}
    for parts in PARTS:
        data = orjson.dumps(unknown_in_parts(parts))
        seconds = timed[parts] = per_call(lambda data=data: validate(data), budget=1.0)
        listed = len(validate(data).findings)
        lines.append(
            f"| {parts:,} | {len(data):,} | {seconds * 1e3:,.1f} ms | {seconds / parts * 1e6:.1f} µs | {listed:,} |"
        )
    return "\n".join(lines), timed


if __name__ == "__main__":
    main()
