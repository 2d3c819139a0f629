"""Timing helpers shared by the benchmark scripts: medians of calibrated batches, not single runs."""

from __future__ import annotations

import resource
import statistics
import subprocess
import time
from collections.abc import Callable


def _batch(fn: Callable[[], object], n: int) -> float:
    """Seconds for `n` calls of `fn`."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - start


def _calibrated(fn: Callable[[], object], seconds: float) -> int:
    """A batch size (a power of two) whose batch takes at least about `seconds`."""
    fn()
    n = 1
    while _batch(fn, n) < seconds:
        n *= 2
    return n


def per_call(fn: Callable[[], object], budget: float = 0.5) -> float:
    """Median seconds per call over timed batches of a calibrated size."""
    n = _calibrated(fn, 0.01)
    batches = []
    deadline = time.perf_counter() + budget
    while time.perf_counter() < deadline or len(batches) < 5:
        batches.append(_batch(fn, n) / n)
    return statistics.median(batches)


def interleaved(fns: dict[str, Callable[[], object]], budget: float = 2.0) -> dict[str, float]:
    """Median seconds per call of each function, measured in alternating batches.

    The machine is shared and its speed drifts within seconds; timing one function after the other lets
    that drift into their ratio. Here every round times each function once (a batch of a calibrated size),
    so a slow spell slows all of them alike, and the median over rounds ignores the outliers.
    """
    sizes = {name: _calibrated(fn, 0.003) for name, fn in fns.items()}
    samples: dict[str, list[float]] = {name: [] for name in fns}
    deadline = time.perf_counter() + budget
    while time.perf_counter() < deadline or min(map(len, samples.values())) < 11:
        for name, fn in fns.items():
            samples[name].append(_batch(fn, sizes[name]) / sizes[name])
    return {name: statistics.median(values) for name, values in samples.items()}


def cpu_seconds(command: list[str]) -> float:
    """CPU time (user + system) of one run of `command`: load on a shared machine moves it less than wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
