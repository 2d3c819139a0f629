"""Draw a fixed number of examples from a strategy outside a test, deterministically for a seed.

Runs an inner `@given` function under `@seed(seed)` with no example database, generation only, quiet
output: the same seed gives the same examples with the same Hypothesis release. Public API only
(no `.example()`, which is random, slow and meant for the REPL).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

T = TypeVar("T")
# Hypothesis may repeat an example; drawing stops after this many test cases per example asked for.
_ATTEMPTS_PER_EXAMPLE = 4


class _Enough(Exception):
    """Stops the inner test once enough examples are in."""


def draw_examples(
    strategy: st.SearchStrategy[T], n: int, seed_value: int = 0, *, key: Callable[[T], str] | None = None
) -> list[T]:
    """`n` distinct examples (fewer only if the strategy cannot produce that many), deterministic for a seed.
    Distinctness is by `key` (canonical JSON by default)."""
    identify = key or _json_key
    found: dict[str, T] = {}

    @seed(seed_value)
    @settings(
        max_examples=max(n, 1) * _ATTEMPTS_PER_EXAMPLE,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate],
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(strategy)
    def collect(value: T) -> None:
        if len(found) >= n:
            raise _Enough  # also reached when Hypothesis replays the stopping example
        found.setdefault(identify(value), value)
        if len(found) >= n:
            raise _Enough

    with contextlib.suppress(_Enough):
        collect()
    return list(found.values())[:n]


def _json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)
