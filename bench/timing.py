"""Timing helpers shared by the benchmark scripts: medians of calibrated batches, not single runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def per_call(fn: Callable[[], object], budget: float = 0.5) -> float:
    """Median seconds per call over timed batches of a calibrated size."""
    fn()
    n, elapsed = 1, 0.0
    while elapsed < 0.02:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        n *= 2
    batches = []
    deadline = time.perf_counter() + budget
    while time.perf_counter() < deadline or len(batches) < 5:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        batches.append((time.perf_counter() - start) / n)
    return statistics.median(batches)


def interleaved(fns: dict[str, Callable[[], object]], budget: float = 2.0) -> dict[str, float]:
    """Median seconds per call of each function, measured in alternating batches.

    The machine is shared and its speed drifts within seconds; timing one function after the other lets
    that drift into their ratio. Here every round times each function once (a batch of a calibrated size),
    so a slow spell slows all of them alike, and the median over rounds ignores the outliers.
    """
    sizes = {}
    for name, fn in fns.items():
        fn()
        n, elapsed = 1, 0.0
        while elapsed < 0.005:
            start = time.perf_counter()
            for _ in range(n):
                fn()
            elapsed = time.perf_counter() - start
            n *= 2
        sizes[name] = n
    samples: dict[str, list[float]] = {name: [] for name in fns}
    deadline = time.perf_counter() + budget
    while time.perf_counter() < deadline or len(samples[next(iter(fns))]) < 11:
        for name, fn in fns.items():
            n = sizes[name]
            start = time.perf_counter()
            for _ in range(n):
                fn()
            samples[name].append((time.perf_counter() - start) / n)
    return {name: statistics.median(values) for name, values in samples.items()}
