"""What pausing the cyclic garbage collector saves (validator/api.py, _Run.pause_gc): validate() as shipped
against validate() with the pause switched off, in alternating batches (bench/timing.interleaved), on valid
bodies of 10 KB to 200 KB and on N Parts each with one unknown member. Writes results/gc_pause.md.

The collector runs when allocations outnumber deallocations by 700; a large or invalid document allocates
thousands of objects that live until its report is made, and each collection (the older generations above
all) traverses them again, so its cost grows faster than the document."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import orjson
from bodies import body, five_error_body, unknown_in_parts
from gemini_contract.validator import api, validate
from timing import interleaved

RESULTS = Path(__file__).resolve().parent / "results" / "gc_pause.md"
_PAUSE = api._Run.pause_gc


def _no_pause(_run: object) -> None:
    return None


def _unpaused(data: bytes) -> Callable[[], object]:
    def run() -> object:
        api._Run.pause_gc = _no_pause  # type: ignore[method-assign]
        try:
            return validate(data)
        finally:
            api._Run.pause_gc = _PAUSE  # type: ignore[method-assign]

    return run


def cases() -> list[tuple[str, bytes]]:
    return [
        ("valid, 10 KB", orjson.dumps(body(10_000))),
        ("valid, 100 KB", orjson.dumps(body(100_000))),
        ("valid, 200 KB", orjson.dumps(body(200_000))),
        ("issue #17's 5 errors, 10 KB", orjson.dumps(five_error_body(10_000))),
        *(
            (f"{n:,} Parts, an unknown member each", orjson.dumps(unknown_in_parts(n)))
            for n in (500, 2_000, 20_000)
        ),
    ]


def main() -> None:
    rows = [
        "| body | bytes | paused (as shipped) | collector running | running ÷ paused |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, data in cases():
        budget = 2.0 if len(data) < 100_000 else 6.0
        times = interleaved({"paused": lambda data=data: validate(data), "running": _unpaused(data)}, budget)
        paused, running = times["paused"], times["running"]
        rows.append(
            f"| {label} | {len(data):,} | {paused * 1e6:,.0f} µs | {running * 1e6:,.0f} µs | {running / paused:.2f}x |"
        )
        print(rows[-1], flush=True)
    text = "\n".join(
        [
            "# Pausing the garbage collector: `bench/gc_pause.py`",
            "",
            f"Machine: {platform.machine()}, Python {platform.python_version()}. validate() pauses the cyclic "
            f"collector for a document of {api._PAUSE_GC_BYTES // 1024} KiB or more and for the findings path "
            "of an invalid one; the other column switches the pause off. Medians of alternating batches.",
            "",
            *rows,
            "",
            "Reproduce: `.venv/bin/python bench/gc_pause.py`.",
            "",
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
