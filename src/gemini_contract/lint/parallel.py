"""The worker pool of a run: started only when the work pays for it, fed in order with a bounded window.

On Linux the pool forks after the parent has warmed the validator, so workers start with the schema
compiled; elsewhere the platform's default start method is used. The pool is a ProcessPoolExecutor, not a
multiprocessing.Pool, because a worker that dies (out of memory, a crash in native code) then raises
BrokenProcessPool instead of hanging the run. It is imported only when started, to keep small runs fast.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from gemini_contract.lint.checking import BlockResult, check_block, check_document
from gemini_contract.lint.model import FileResult, LintOptions

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")

# Below these sizes a pool costs more (fork, pickling) than it saves; measured with bench/bench_lint.py.
MIN_PARALLEL_FILES = 48
MIN_PARALLEL_BATCH_BYTES = 2 * 1024 * 1024

_options = LintOptions()  # set in each worker by _init_worker


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _init_worker(options: LintOptions) -> None:
    import signal

    global _options  # noqa: PLW0603 (per-process worker state is what a module global is for)
    _options = options
    # Ctrl-C is the parent's to handle: it stops the pool; workers printing tracebacks would be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _document_task(path: str) -> FileResult:
    return check_document(path, _options)


def _block_task(block: bytes) -> BlockResult:
    return check_block(block, _options)


class Workers:
    """A process pool shared by every target of a run, created on first use and closed by `close`."""

    def __init__(self, options: LintOptions, warm: Callable[[], object] | None = None) -> None:
        self.options = options
        self.jobs = options.jobs if options.jobs > 0 else available_cpus()
        self._warm = warm
        self._pool: ProcessPoolExecutor | None = None

    def wants_files(self, count: int) -> bool:
        return self.jobs > 1 and count >= (2 if self.options.jobs > 1 else MIN_PARALLEL_FILES)

    def wants_batch(self, size: int | None) -> bool:
        """A pool for a batch of `size` bytes; of unknown size (stdin) only when --jobs asks for one."""
        if self.options.jobs > 1:
            return True
        return self.jobs > 1 and size is not None and size >= MIN_PARALLEL_BATCH_BYTES

    def _get(self) -> ProcessPoolExecutor:
        if self._pool is None:
            if self._warm is not None:
                self._warm()
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = "fork" if sys.platform == "linux" else None
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=multiprocessing.get_context(method),
                initializer=_init_worker,
                initargs=(self.options,),
            )
        return self._pool

    def documents(self, paths: list[str]) -> Iterator[FileResult]:
        """Results for many request files, in the order given."""
        chunk = max(1, min(32, len(paths) // (self.jobs * 8)))
        return self._get().map(_document_task, paths, chunksize=chunk)

    def blocks(self, blocks: Iterable[bytes]) -> Iterator[BlockResult]:
        """Results for batch blocks, in order, with at most a few blocks in flight (flat memory)."""
        return ordered(self._get(), _block_task, blocks, window=self.jobs * 3)

    def close(self) -> None:
        """Wait for the workers to finish (normal end of a run)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def terminate(self) -> None:
        """Stop now (interrupt or error): queued work is dropped, running workers are killed."""
        if self._pool is not None:
            processes = list(getattr(self._pool, "_processes", {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            self._pool = None


def ordered(
    pool: ProcessPoolExecutor, func: Callable[[Any], T], items: Iterable[Any], window: int
) -> Iterator[T]:
    """Like `pool.map`, but reads `items` only as results are taken, so a huge input never piles up."""
    pending: deque[Future[T]] = deque()
    for item in items:
        pending.append(pool.submit(func, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
