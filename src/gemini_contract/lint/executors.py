"""Executors: where the linter's work runs. `ForkExecutor` spreads it over forked worker processes (see
`forking`), `SerialExecutor` runs it here, one item after another; another (Dask) can follow.

Work is given as module-level functions (or partials of them) of one item, so that an executor that ships
work elsewhere can pickle it. Progress stays with the caller's process: `on_done(index)` is called there
for each item finished there (every item, serially; the parent's own share, when forked), and the caller
draws it. An item whose worker died or raised comes back as a `Failure`, never as a hang.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

OnDone = Callable[[int], None] | None


class Failure(NamedTuple):
    """An item lost with its worker (it died or raised): what happened, in one line."""

    message: str


class Executor(Protocol):
    def workers(self, units: int, min_units_per_worker: int) -> int:
        """How many workers `units` of work deserve (1: run it here)."""
        ...

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], workers: int, on_done: OnDone = None
    ) -> Iterator[R | Failure]:
        """`fn(item)` for every item over `workers` workers, results in item order (lazily where the
        executor can: the serial one yields each result as soon as it is known)."""
        ...

    def claim(
        self, fn: Callable[[int], R], count: int, workers: int, on_done: OnDone = None
    ) -> tuple[dict[int, R], list[str]]:
        """`fn(item)` for items 0..count-1, each worker claiming the next item when it is free, in order.
        Returns the results by item and one message per lost worker (its items are missing)."""
        ...


class SerialExecutor:
    """Everything here, in order: for one CPU, platforms without fork, and tests."""

    def __repr__(self) -> str:
        return "SerialExecutor()"

    def workers(self, units: int, min_units_per_worker: int) -> int:
        return 1

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], workers: int = 1, on_done: OnDone = None
    ) -> Iterator[R | Failure]:
        for index, item in enumerate(items):
            result = fn(item)
            if on_done is not None:
                on_done(index)
            yield result

    def claim(
        self, fn: Callable[[int], R], count: int, workers: int = 1, on_done: OnDone = None
    ) -> tuple[dict[int, R], list[str]]:
        results: dict[int, R] = {}
        for item in range(count):
            results[item] = fn(item)
            if on_done is not None:
                on_done(item)
        return results, []


class ForkExecutor:
    """Forked children on Linux (this process is worker 0); `jobs` as --jobs gives it (0 = one per CPU)."""

    __slots__ = ("jobs",)

    def __init__(self, jobs: int = 0) -> None:
        self.jobs = jobs

    def __repr__(self) -> str:
        return f"ForkExecutor({self.jobs})"

    def workers(self, units: int, min_units_per_worker: int) -> int:
        if units <= 1:
            return 1  # nothing to spread (and a one-file run never imports the fork machinery)
        from gemini_contract.lint.forking import shard_count

        return shard_count(self.jobs, units, min_units_per_worker)

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], workers: int, on_done: OnDone = None
    ) -> Iterator[R | Failure]:
        if workers <= 1 or len(items) <= 1:
            yield from SerialExecutor().map(fn, items, 1, on_done)
            return
        from gemini_contract.lint.forking import MAX_CLAIMED_ITEMS, fork_claim

        # Runs of consecutive items, each claimed by whichever worker is free: strided shards gave one
        # worker six times the bytes of the other on a folder whose file sizes repeat every ten files, and a
        # core slowed by other load held the whole run up. Runs keep the claims within the claim pipe.
        count = min(len(items), MAX_CLAIMED_ITEMS)
        bounds = [len(items) * run // count for run in range(count + 1)]

        def work(worker: int, run: int) -> list[R]:
            results = []
            for position in range(bounds[run], bounds[run + 1]):
                results.append(fn(items[position]))
                if worker == 0 and on_done is not None:
                    on_done(position)
            return results

        # Every child is collected (or stopped) inside fork_claim, before the first result is yielded.
        done, failures = fork_claim(work, count, workers)
        lost = Failure("; ".join(failures) or "a worker lost its work")
        for run in range(count):
            outcome = done.get(run)
            for index in range(bounds[run + 1] - bounds[run]):
                yield lost if outcome is None else outcome[index]

    def claim(
        self, fn: Callable[[int], R], count: int, workers: int, on_done: OnDone = None
    ) -> tuple[dict[int, R], list[str]]:
        def work(worker: int, item: int) -> R:
            result = fn(item)
            if worker == 0 and on_done is not None:
                on_done(item)
            return result

        from gemini_contract.lint.forking import fork_claim

        return fork_claim(work, count, workers)


def executor_for(settings_jobs: int) -> Executor:
    """Forked workers; serial where the platform cannot fork (`forking` decides), for small work or --jobs 1."""
    return ForkExecutor(settings_jobs)
