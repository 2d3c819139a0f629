"""`DaskExecutor`: the linter's `Executor` on a `dask.distributed` cluster, so that `lint --dask ADDRESS` runs the
runner's own code path with the work spread over the cluster's workers.

The work is the runner's: module-level functions bound with `functools.partial` (`checking.check_file`,
`batch.check_range_item`) that Dask pickles to the workers, which need gemini-contract installed (the same
version) and must be able to read the paths as given (absolute paths, or URLs such as `s3://`). Results come
back in item order, so the report is the local one, finding for finding. Files are sent in contiguous chunks
(a file takes ~0.1-0.5 ms to check, a task ~1 ms to schedule); each range of a batch file is a task.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from distributed import Client
from distributed.comm.addressing import get_address_host_port

from gemini_contract.lint.executors import Failure, OnDone

T = TypeVar("T")
R = TypeVar("R")

# Seconds to reach the scheduler and to see a worker: an unreachable address must fail fast, not hang.
CONNECT_TIMEOUT = 5.0
# Chunks per worker thread for `map`: enough that a slow chunk does not leave the others idle at the end.
CHUNKS_PER_WORKER = 4
# At most this many files in one task, so that results stream back during a long run.
MAX_CHUNK = 512


class ConnectError(Exception):
    """The scheduler at `address` could not be used; `reason` is one line."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(f"{address}: {reason}")
        self.address = address
        self.reason = reason


@contextlib.contextmanager
def connect(address: str, jobs: int = 0, timeout: float = CONNECT_TIMEOUT) -> Iterator[DaskExecutor]:
    """A `DaskExecutor` on the scheduler at `address` with at least one worker, closed on exit; `ConnectError`
    within about `timeout` seconds when there is none."""
    try:
        # A malformed address checked first: a Client that fails on one lingers, and blocks exit for 10 s.
        get_address_host_port(address)
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ConnectError(address, _one_line(exc)) from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ConnectError(address, f"no worker joined the scheduler within {timeout:g} s") from exc
        yield DaskExecutor(client, jobs)
    finally:
        client.close()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@dataclass(frozen=True, slots=True)
class DaskExecutor:
    """The cluster's worker threads are the workers; `jobs` (--jobs) caps how many a run uses (0: all)."""

    client: Client
    jobs: int = 0

    def threads(self) -> int:
        total = int(sum(self.client.nthreads().values()))
        return max(1, min(total, self.jobs) if self.jobs else total)

    def workers(self, units: int, min_units_per_worker: int) -> int:
        return max(1, min(self.threads(), units // max(1, min_units_per_worker)))

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], workers: int, on_done: OnDone = None
    ) -> Iterator[R | Failure]:
        bounds = _chunk_bounds(len(items), workers)
        futures = [
            self.client.submit(run_chunk, fn, list(items[start:end]), pure=False)
            for start, end in itertools.pairwise(bounds)
        ]
        try:
            index = 0
            for future, (start, end) in zip(futures, itertools.pairwise(bounds), strict=True):
                for result in _chunk_results(future, end - start):
                    yield result
                    if on_done is not None:
                        on_done(index)
                    index += 1
        finally:
            self.client.cancel(futures)  # a run stopped early (Ctrl-C) leaves no work on the cluster

    def claim(
        self, fn: Callable[[int], R], count: int, workers: int, on_done: OnDone = None
    ) -> tuple[dict[int, R], list[str]]:
        # The scheduler hands tasks out in submission order to whichever worker is free: that is claiming.
        futures = [self.client.submit(fn, item, pure=False) for item in range(count)]
        results: dict[int, R] = {}
        failures: list[str] = []
        try:
            for item, future in enumerate(futures):
                outcome = _result(future)
                if isinstance(outcome, Failure):
                    failures.append(f"range {item}: {outcome.message}")
                    continue
                results[item] = outcome
                if on_done is not None:
                    on_done(item)
        finally:
            self.client.cancel(futures)
        return results, failures


def run_chunk(fn: Callable[[T], R], items: list[T]) -> list[R]:
    """The work of one task: `fn` over a chunk of items, in order (module-level, so that Dask can ship it)."""
    return [fn(item) for item in items]


def _chunk_bounds(count: int, workers: int) -> list[int]:
    """Contiguous chunks (so results stream back in order): CHUNKS_PER_WORKER a worker, at most MAX_CHUNK long."""
    if count == 0:
        return [0]
    chunks = min(count, max(workers * CHUNKS_PER_WORKER, -(-count // MAX_CHUNK)))
    return [count * index // chunks for index in range(chunks + 1)]


def _result(future: Any) -> Any:
    """A task's result, or a `Failure` when it raised or was lost with its workers (Dask's KilledWorker)."""
    try:
        return future.result()
    except Exception as exc:
        return Failure(f"{type(exc).__name__}: {_one_line(exc)} (on the Dask cluster)")


def _chunk_results(future: Any, size: int) -> list[Any]:
    outcome = _result(future)
    return [outcome] * size if isinstance(outcome, Failure) else list(outcome)
