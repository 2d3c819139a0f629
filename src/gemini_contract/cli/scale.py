"""Where a lint run's work runs: here (the runner picks fork or serial) or, with `--dask ADDRESS`, on a Dask
cluster. The one place `lint` chooses its executor; Dask is imported only when asked for."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from gemini_contract.lint.executors import Executor
from gemini_contract.lint.settings import LintSettings

INSTALL_HINT = "pip install 'gemini-contract[dask]'"


@contextlib.contextmanager
def executor_for(settings: LintSettings) -> Iterator[Executor | None]:
    """None for a local run; a connected Dask executor for `--dask`, closed afterwards. A missing extra or an
    unreachable scheduler is an `InputError` (exit 2), one line naming the address."""
    if settings.dask is None:
        yield None
        return
    from gemini_contract.cli.main import InputError

    try:
        from gemini_contract.dask.executor import ConnectError, connect
    except ImportError as exc:
        raise InputError(f"--dask needs Dask ({exc.name or exc} is not installed): {INSTALL_HINT}") from None
    try:
        with connect(settings.dask, settings.jobs) as executor:
            yield executor
    except ConnectError as exc:
        raise InputError(f"--dask {exc.address}: cannot use the Dask scheduler: {exc.reason}") from None
