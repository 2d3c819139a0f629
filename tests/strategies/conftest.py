"""Hypothesis profiles for the property suite: `ci` (default) and `dev` (select with HYPOTHESIS_PROFILE=dev).

`ci` is loaded unless HYPOTHESIS_PROFILE names another profile: derandomized (the same examples on every
run, so CI is never flaky and a failure reproduces locally), no deadline (shared 2-core runners), no
example database. The whole strategies suite stays under 90 s on 2 cores with it. `dev` draws ten times
as many examples with a fresh random seed and the example database, for hunting bugs by hand.
Tests that need a different count scale from `settings.default.max_examples`, so both profiles apply.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    max_examples=1000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
