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
