"""The process exit codes every command returns, kept in one place (the CLI maps errors to them; lint computes them)."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0  # clean
    FINDINGS = 1  # findings at or above --fail-on (or drift, for `check`)
    USAGE = 2  # a usage error, or a path that could not be checked
    INTERNAL = 3  # a bug: an unexpected error

    INPUT = 2  # alias of USAGE: an input that could not be checked
