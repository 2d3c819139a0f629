"""Using every CPU: shards of work run in forked children, the first shard in this process; results in shard order.

Forking (Linux only) costs a few milliseconds and nothing is re-imported: children inherit the imported
modules and the compiled validator, read their own input (paths, or a byte range of a batch file) and
send back only their results, pickled through a pipe. No multiprocessing machinery is imported, which
keeps small runs fast; a child that dies (out of memory, a crash in native code) becomes a failure for
its shard instead of a hang. Elsewhere, or with one CPU, the shards run one after the other here.

Children never outlive the parent, whatever ends it: an exception here (KeyboardInterrupt, or the
exception the CLI's SIGTERM/SIGHUP handler raises) kills and reaps them on its way out, and for what cannot
be caught (SIGKILL, a crash) each child asks the kernel for SIGKILL when its parent dies
(`PR_SET_PDEATHSIG`). Children take the parent's signal dispositions as they were before the CLI's
handlers: an ignored signal stays ignored (a run started with SIGINT ignored keeps its workers when the
group gets one), any other one is the default, so that the signal ends a child at once instead of running
the parent's Python handler in it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CAN_FORK = sys.platform == "linux" and hasattr(os, "fork")


@dataclass(frozen=True, slots=True)
class ShardFailure(Generic[T]):
    """A shard whose worker died or raised: what happened, in one line, and the shard itself."""

    message: str
    shard: T


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def shard_count(jobs: int, units: int, min_units_per_shard: int) -> int:
    """How many processes `units` of work deserve: --jobs if given, else one per CPU where each gets enough."""
    if not CAN_FORK or units <= 1:
        return 1
    if jobs > 0:
        return max(1, min(jobs, units))
    return max(1, min(available_cpus(), units // min_units_per_shard))


def fork_map(work: Callable[[int, T], R], shards: Sequence[T]) -> list[R | ShardFailure[T]]:
    """`work(index, shard)` for every shard, shard 0 here and the others in forked children, in order."""
    if len(shards) <= 1 or not CAN_FORK:
        return [work(index, shard) for index, shard in enumerate(shards)]
    # Unflushed output would be written once more by every child otherwise.
    sys.stdout.flush()
    sys.stderr.flush()
    children: list[tuple[int, int]] = []
    die_with_parent = _death_signal_setter()
    try:
        for index in range(1, len(shards)):
            # Held over the fork: a handler that raised between fork() and the append would leave a child
            # that nobody stops, and one that ran in the child would run the parent's code there.
            with _signals_held():
                children.append(_spawn(work, index, shards[index], die_with_parent))
        results: list[R | ShardFailure[T]] = [work(0, shards[0])]
        for shard in shards[1:]:
            results.append(_collect(children, shard))
        return results
    finally:
        _stop(children)  # interrupted or failed here: children must not outlive the run


# Item numbers are written to a pipe up front, before anyone reads it, so all of them must fit in its buffer
# even where Linux shrinks new pipes to one page (a user over pipe-user-pages-soft): 4,096 bytes, 4 per item.
MAX_CLAIMED_ITEMS = 1024


def fork_claim(work: Callable[[int, int], R], count: int, workers: int) -> tuple[dict[int, R], list[str]]:
    """`work(worker, item)` for items 0..count-1 over `workers` processes (this one is worker 0), each
    claiming its next item when it is free, so that a core slowed by other load takes fewer: static shards of
    a batch file finished up to 28% apart here. Returns the results by item, and one message per worker that
    died or raised (its items are missing from the results)."""
    assert count <= MAX_CLAIMED_ITEMS, "more items than the claim pipe holds"
    if workers <= 1 or count <= 1 or not CAN_FORK:
        return {item: work(0, item) for item in range(count)}, []
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, b"".join(item.to_bytes(4, "big") for item in range(count)))
    finally:
        os.close(write_fd)  # once the numbers are drained, every worker reads end-of-file

    def drain(worker: int, _: None) -> dict[int, R]:
        done: dict[int, R] = {}
        # A read of 4 bytes takes one whole number: Linux copies a pipe read under the pipe's lock, and
        # only whole numbers were written.
        while token := os.read(read_fd, 4):
            item = int.from_bytes(token, "big")
            done[item] = work(worker, item)
        return done

    try:
        outcomes = fork_map(drain, [None] * workers)
    finally:
        os.close(read_fd)
    results: dict[int, R] = {}
    failures: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, ShardFailure):
            failures.append(outcome.message)
        else:
            results.update(outcome)
    return results, failures


def _spawn(
    work: Callable[[int, T], R], index: int, shard: T, die_with_parent: Callable[[], None]
) -> tuple[int, int]:
    """Fork a child that runs `work(index, shard)` and pickles its outcome into a pipe; call it with the
    stopping signals held (`_signals_held`): the child puts them back itself."""
    parent = os.getpid()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 0
        try:
            _child_signals()
            die_with_parent()
            if os.getppid() != parent:  # the parent died before the request above: nobody to report to
                os._exit(code)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
            os.close(read_fd)
            try:
                payload = pickle.dumps((True, work(index, shard)), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:
                payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
                code = 1
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        except BaseException:
            code = 2
        finally:
            os._exit(code)  # no atexit handlers, no flushing of buffers inherited from the parent
    os.close(write_fd)
    return pid, read_fd


# The signals that stop a run; a child must not run the parent's Python handlers for them.
STOPPING = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Block the stopping signals over the body (they are delivered, in this process, right after it)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _child_signals() -> None:
    """In a new child: each stopping signal back to its default action, unless it is ignored (SIG_IGN)."""
    for signum in STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)


@functools.cache
def _death_signal_setter() -> Callable[[], None]:
    """A function a child calls to be sent SIGKILL when its parent dies; resolved in the parent, once, so that no
    child loads a library. Does nothing where prctl cannot be called."""
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return lambda: None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int

    def die_with_parent() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    return die_with_parent


def _collect(children: list[tuple[int, int]], shard: T) -> R | ShardFailure[T]:
    """The outcome of the first child in `children`, which leaves the list once reaped. `children` is exactly
    the children not yet reaped, with their pipes still open: what `_stop` kills, reaps and closes when an
    interrupt unwinds through here. So the close, the reaping and the removal are one step with the stopping
    signals held (the child has closed its end, so it is exiting or dead, and the wait is short): an
    interrupt in between would have `_stop` close an fd number, or signal a pid, that may be reused."""
    pid, fd = children[0]
    with open(fd, "rb", closefd=False) as stream:
        payload = stream.read()
    # Unpickled before the child is reaped: its exit (unmapping its memory) takes 1.5-2 ms, which now
    # overlaps the 4 ms this takes for 500 files' results. The status still decides first, below.
    try:
        ok, value = pickle.loads(payload)
    except Exception:
        ok, value = None, None  # unreadable: the child died or failed part way through writing
    with _signals_held():
        os.close(fd)
        _, status = os.waitpid(pid, 0)
        children.pop(0)
    if os.WIFSIGNALED(status):
        return ShardFailure(f"worker process killed by signal {os.WTERMSIG(status)}", shard)
    if ok is None:
        return ShardFailure(f"worker process exited with status {os.waitstatus_to_exitcode(status)}", shard)
    if not ok:
        return ShardFailure(f"worker process failed: {value}", shard)
    result: R = value
    return result


def _stop(children: list[tuple[int, int]]) -> None:
    for pid, fd in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        with contextlib.suppress(OSError):
            os.close(fd)
