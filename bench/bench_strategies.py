"""Benchmark: valid full requests per second drawn by `requests()`, against hypothesis-jsonschema on sub-types.

Usage: .venv/bin/python bench/bench_strategies.py [--runs 5] [--examples 500] [--skip-hjs]

Ours: `requests()` (canonical and google profiles), `mutations()` and `for_type(T)`, each drawn through an
inner `@given` (generation phase only, no database), timed with perf_counter; the median of --runs runs.
Every drawn request is then checked (gemini_contract.validate, strict profile, and python-jsonschema) so
the rate counts valid requests only. hypothesis-jsonschema 0.23.1 no longer runs with the current
Hypothesis (it uses a private API that is gone: `'many' object has no attribute 'more'`), so it runs in
its own virtualenv (bench/_work/hjs-venv, Hypothesis 6.100.0, created on first use) as a subprocess of
this same run, on the sub-types it can handle. Its rates include building the strategy (canonicalising
the schema), which is most of its cost, so ours are given the same way too ("first 20").
Writes bench/results/strategies.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "strategies.md"
HJS_VENV = REPO / "bench" / "_work" / "hjs-venv"
SUB_TYPES = (
    "SafetySetting",
    "Blob",
    "ThinkingConfig",
    "LatLng",
    "Interval",
    "VideoMetadata",
    "FunctionCall",
    "Part",
    "Content",
)
HJS_EXAMPLES = {"Content": 5}  # it needs about 8 s per Content
# One fresh process per side, timer started after the imports: building the strategy counts, as in a test.
PROBE = r"""
import json, sys, time
from hypothesis import HealthCheck, Phase, given, settings
schema = json.load(open(sys.argv[1]))
def build(name):
    if sys.argv[3] == "hjs":
        from hypothesis_jsonschema import from_schema
        return from_schema({"$defs": schema["$defs"], "$ref": "#/$defs/" + name})
    from gemini_contract.strategies import for_type
    return for_type(name)
for name, n in json.loads(sys.argv[2]):
    start, count = time.perf_counter(), [0]
    try:
        strategy = build(name)
        @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(strategy)
        def draw(value):
            count[0] += 1
        draw()
        print(json.dumps([name, count[0], time.perf_counter() - start, None]), flush=True)
    except Exception as exc:
        print(json.dumps([name, 0, time.perf_counter() - start, type(exc).__name__ + ": " + str(exc)[:80]]), flush=True)
"""


def timed_draw(strategy: Any, n: int) -> tuple[list[Any], float]:
    from hypothesis import HealthCheck, Phase, given, settings

    drawn: list[Any] = []

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw(value: Any) -> None:
        drawn.append(value)

    start = time.perf_counter()
    draw()
    return drawn, time.perf_counter() - start


def rate(strategy: Any, n: int, runs: int) -> tuple[float, list[Any]]:
    """Median examples per second over `runs` runs (after one warm-up that builds the strategy)."""
    timed_draw(strategy, 10)
    rates, last = [], []
    for _ in range(runs):
        last, seconds = timed_draw(strategy, n)
        rates.append(len(last) / seconds)
    return statistics.median(rates), last


def invalid_count(bodies: list[dict[str, Any]]) -> int:
    from gemini_contract.schema import load_schema
    from jsonschema import Draft202012Validator

    import gemini_contract

    oracle = Draft202012Validator(load_schema())
    return sum(
        1 for b in bodies if not gemini_contract.validate(b, profile="strict").ok or not oracle.is_valid(b)
    )


def ours(runs: int, examples: int) -> dict[str, Any]:
    from hypothesis import strategies as st

    from gemini_contract.strategies import for_type, mutations, requests

    out: dict[str, Any] = {}
    # Calibration: a flat strategy of 90 one-choice draws, to read the other rates against this machine's
    # state (the same run on a busy machine is slower for everything, this included).
    out["baseline"] = rate(st.tuples(*(st.sampled_from("abc") for _ in range(90))), examples, runs)[0]
    canonical, bodies = rate(requests(), examples, runs)
    out["requests"] = (canonical, len(bodies), invalid_count(bodies))
    out["google"] = rate(requests("google"), examples, runs)[0]
    out["mutations"] = rate(mutations(), examples // 2, runs)[0]
    first = probe(sys.executable, "ours")
    out["types"] = {}
    for name in (*SUB_TYPES, "GenerationConfig", "GenerateContentRequest"):
        steady = canonical if name == "GenerateContentRequest" else rate(for_type(name), 200, 3)[0]
        out["types"][name] = (first[name][0], steady)
    return out


def hypothesis_jsonschema() -> dict[str, tuple[float, str | None]]:
    python = HJS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(HJS_VENV)], check=True)
        pins = ["hypothesis==6.100.0", "hypothesis-jsonschema==0.23.1"]
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *pins], check=True)
    return probe(str(python), "hjs")


def probe(python: str, side: str) -> dict[str, tuple[float, str | None]]:
    """Examples per second of the first examples of each type, strategy construction included."""
    names = (*SUB_TYPES, "GenerationConfig", "GenerateContentRequest")
    todo = [[name, HJS_EXAMPLES.get(name, 20) if side == "hjs" else 20] for name in names]
    schema = REPO / "schema" / "generate_content_request.schema.json"
    proc = subprocess.run(
        [python, "-c", PROBE, str(schema), json.dumps(todo), side],
        capture_output=True,
        text=True,
        check=True,
    )
    results: dict[str, tuple[float, str | None]] = {}
    for line in proc.stdout.splitlines():
        name, count, seconds, error = json.loads(line)
        results[name] = (count / seconds if count else 0.0, error)
    return results


def table(
    mine: dict[str, Any], theirs: dict[str, tuple[float, str | None]] | None, args: argparse.Namespace
) -> str:
    import hypothesis

    per_second, n, invalid = mine["requests"]
    lines = [
        "# Strategies benchmark",
        "",
        f"`.venv/bin/python bench/bench_strategies.py --runs {args.runs} --examples {args.examples}`; "
        f"Hypothesis {hypothesis.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. "
        "Medians of the runs; one warm-up run builds the strategies first.",
        "",
        "| strategy | examples/s (median) | note |",
        "|---|---:|---|",
        f"| `requests()` full valid requests | {per_second:.0f} | {invalid} of the last {n} drawn invalid (validate strict + python-jsonschema) |",
        f'| `requests(profile="google")` | {mine["google"]:.0f} | ProtoJSON re-spellings |',
        f"| `mutations()` | {mine['mutations']:.0f} | one invalid edit + oracle re-check each |",
        f"| calibration: 90 `sampled_from` draws | {mine['baseline']:.0f} | Hypothesis' own cost per example of about the same number of choices as a request |",
        "",
        "Sub-types: `for_type(T)` against hypothesis-jsonschema `from_schema` (0.23.1, in its own venv with "
        'Hypothesis 6.100.0: it fails with the current Hypothesis). "first 20" = build the strategy and draw '
        "20 examples, as one test meets it.",
        "",
        "| type | ours, first 20 (/s) | ours, steady (/s) | hypothesis-jsonschema, first 20 (/s) | ratio (first 20) |",
        "|---|---:|---:|---:|---:|",
    ]
    names = [*SUB_TYPES, "GenerationConfig", "GenerateContentRequest"]
    for name in names:
        first, steady = mine["types"][name]
        if theirs is None:
            other, note = "not run (--skip-hjs)", ""
        else:
            hjs_rate, error = theirs.get(name, (0.0, "not run"))
            other = f"{hjs_rate:.1f}" if not error else f"cannot draw ({error.split(':')[0]})"
            note = f"{first / hjs_rate:.0f}x" if first and hjs_rate and not error else "n/a"
        first_text = f"{first:.0f}" if first else "-"
        steady_text = f"{steady:.0f}" if steady else "-"
        lines.append(f"| {name} | {first_text} | {steady_text} | {other} | {note} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--skip-hjs", action="store_true", help="do not run hypothesis-jsonschema")
    args = parser.parse_args()
    mine = ours(args.runs, args.examples)
    theirs = None if args.skip_hjs else hypothesis_jsonschema()
    text = table(mine, theirs, args)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
