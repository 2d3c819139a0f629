"""The `gemini-contract` entry point: command registry (lazy) and the one place that maps errors to exit codes.

Exit codes: 0 clean, 1 findings (or drift for `check`), 2 usage or input error, 3 internal error (a bug).
`main` returns 128 + the signal's number for a run a signal stopped (130 SIGINT, 129 SIGHUP, 143 SIGTERM)
and 141 when standard output was closed before everything was written (`| head`); `entry` then ends the
process by that signal, so that a shell shows the same number (see `entry`).
Each command module exposes a click command that returns its exit code via `ctx.exit`, or raises
`InputError` for a path it could not check; everything else that escapes is an internal error.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from typing import TYPE_CHECKING, Any, TextIO, cast

from gemini_contract import __version__
from gemini_contract.cli.interrupts import Interrupted, exit_status
from gemini_contract.errors import SettingsError
from gemini_contract.exit_codes import ExitCode

if TYPE_CHECKING:
    import click

# The status of a process whose reader went away: what a shell shows for `yes | head -1`'s `yes`.
OUTPUT_CLOSED = 128 + 13  # SIGPIPE

# Command name -> "module:attribute". Imported only when the command runs, so `lint` never pays
# for jinja2, datamodel-code-generator or hypothesis.
COMMANDS: dict[str, str] = {
    "lint": "gemini_contract.cli.lint:lint",
    "rules": "gemini_contract.cli.lint:rules",
    "generate": "gemini_contract.cli.codegen:generate",
    "check": "gemini_contract.cli.codegen:check",
    "sample": "gemini_contract.cli.sample:sample",
    "schema": "gemini_contract.cli.schema:schema",
    "mock": "gemini_contract.cli.mock:mock",
}
# What `gemini-contract --help` lists for each: kept here so that the listing imports no command module
# (it took as long as a lint run). tests/test_packaging.py holds the two tables to the same names.
SUMMARIES: dict[str, str] = {
    "lint": "Check request files, folders, JSONL batches and stdin.",
    "rules": "List every rule, or explain one (id or name).",
    "generate": "Generate typed models from the schema into a package folder.",
    "check": "Exit 1 with a diff when generated models are out of date.",
    "sample": "Write example request bodies drawn from the contract.",
    "schema": "Print the bundled request JSON Schema (or its path).",
    "mock": "Serve an offline Gemini API that validates every request.",
}


class InputError(Exception):
    """A path or option the command could not use; message is one line for the user."""


class OutputClosed(BaseException):
    """Standard output (or error) was closed by its reader; a BaseException so that click's own handling of
    a broken pipe (exit 1, as if there were findings, with stderr replaced) never sees it."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return (and exit with) its exit code; never lets a traceback through unasked."""
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    try:
        code = _without_click(args)
        if code is _CLICK:
            from gemini_contract.cli.group import cli

            code = cli.main(args=args, prog_name="gemini-contract", standalone_mode=False)
    except _click_error("Exit") as exc:
        code = cast("click.exceptions.Exit", exc).exit_code
    except _click_error("ClickException") as exc:
        cast("click.ClickException", exc).show()
        code = ExitCode.USAGE
    except Interrupted as exc:
        code = _interrupted(exc.signum)
    except OutputClosed:
        code = _output_closed()
    except _click_error("Abort") as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C, caught by a command on its way out
            code = _interrupted(signal.SIGINT)
        else:
            _echo_error("gemini-contract: aborted")
            code = ExitCode.USAGE
    except SettingsError as exc:
        _echo_error(f"Error: Invalid value for {exc.source}: {exc.message}")
        code = ExitCode.USAGE
    except InputError as exc:
        _echo_error(f"gemini-contract: {exc}")
        code = ExitCode.USAGE
    except BrokenPipeError:  # raised outside a command (an error message of its own)
        code = _output_closed()
    except Exception as exc:  # the one place an unexpected error becomes a line, not a traceback
        if debug:
            raise
        _echo_error(
            f"gemini-contract: internal error: {type(exc).__name__}: {exc} "
            "(please report it with --debug output at the project's issue tracker)"
        )
        code = ExitCode.INTERNAL
    return int(ExitCode.OK if code is None else code)


_CLICK: Any = object()  # what _without_click returns for a command line that click must parse
# Set: click completes the command line instead of running it (its `_<PROG>_COMPLETE` variable).
_COMPLETE_VAR = "_GEMINI_CONTRACT_COMPLETE"
_QUIET = frozenset(("--quiet", "-q"))  # a flag: wherever it stands, it is not a path (cli.lint.reorder_paths)


def _without_click(args: list[str]) -> Any:
    """The exit code of the command lines that need no parsing, run without importing click: `lint PATH...`
    with no option but `--quiet`/`-q` (pre-commit runs it with none on every commit; CI often quiet), and
    `--version`. Click and the lint command's two dozen options were a tenth of a one-file lint's
    instructions. _CLICK for anything else (another option, `-` or `--` among the paths, shell completion),
    which click parses as it always has."""
    if _COMPLETE_VAR in os.environ:
        return _CLICK
    if args == ["--version"]:
        sys.stdout.write(f"gemini-contract, version {__version__}\n")  # click's version_option, verbatim
        sys.stdout.flush()
        return ExitCode.OK
    if not args or args[0] != "lint":
        return _CLICK
    paths = [arg for arg in args[1:] if arg not in _QUIET]
    if not paths or any(path.startswith("-") for path in paths):
        return _CLICK
    options = {"quiet": True} if len(paths) < len(args) - 1 else {}
    # As the click group's invoke does for a command: a shell's exit status, not click's.
    try:
        from gemini_contract.cli.linting import run_lint

        return run_lint(paths, options)
    except KeyboardInterrupt:
        raise Interrupted(signal.SIGINT) from None
    except BrokenPipeError:
        raise OutputClosed() from None


class _NoClickError(Exception):
    """Matches no exception that is raised: stands for a click exception class while click is not imported
    (then no click exception can have been raised)."""


def _click_error(name: str) -> type[BaseException]:
    click = sys.modules.get("click")
    found: type[BaseException] = getattr(click.exceptions, name) if click is not None else _NoClickError
    return found


def _echo_error(message: str) -> None:
    """A line on stderr, written by click.echo as it always was (it strips escape sequences where stderr is not
    a terminal): imported here, on the way out, where a plain lint did not need it."""
    import click

    click.echo(message, err=True)


def _interrupted(signum: int) -> int:
    """One line on stderr (its reader may be gone too) and 128 + the signal's number."""
    with contextlib.suppress(OSError, ValueError):
        _echo_error(f"gemini-contract: {Interrupted(signum)}")
    return exit_status(signum)


def _output_closed() -> int:
    """The reader of stdout (or stderr) went away: not an error of ours, and nothing to say. What is still
    buffered for it goes to /dev/null instead, so that the interpreter's flush at exit cannot fail with a
    traceback; the other stream stays as it is."""
    closed = [stream for stream in (sys.stdout, sys.stderr) if _reader_gone(stream)]
    for stream in closed or [sys.stdout]:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
    return OUTPUT_CLOSED


def _reader_gone(stream: TextIO | Any) -> bool:
    """Whether the pipe or socket `stream` writes to has no reader left (poll says POLLERR)."""
    try:
        import select

        poller = select.poll()
        poller.register(stream.fileno(), 0)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def entry() -> None:
    """Console-script entry point. A run a signal stopped (or whose reader went away) ends by that signal,
    once it has cleaned up and said so, as Python itself does for an uncaught KeyboardInterrupt: a shell
    shows the same 130/143/129/141, and one running a loop of commands stops at Ctrl-C instead of
    taking the exit as handled and going on with the next."""
    linting = sys.argv[1:2] == ["lint"]
    if linting:
        # The cyclic garbage collector ran every 700 allocations of containers: 42 times in a one-file lint
        # (imports, the schemas, compiling them), 3.6% of its instructions and 4% of a thousand files'. A
        # lint makes little cyclic garbage (reference counting frees the rest), so it runs less often.
        gc.set_threshold(_LINT_GC_THRESHOLD, *gc.get_threshold()[1:])
    code = main()
    if code - 128 in _ENDED_BY_SIGNAL:
        _end_by_signal(code - 128)
    if linting or "click" not in sys.modules:  # a lint, or --version
        _exit_without_teardown(code)
    sys.exit(code)


_LINT_GC_THRESHOLD = 100_000


def _exit_without_teardown(code: int) -> None:
    """Exit with `code` once standard output and error are flushed, skipping the interpreter's teardown: it
    freed every object and module one by one, 13 ms of a one-file lint and 17 ms of a thousand files, for a
    process about to end. Only after a lint (or --version): it registers nothing to run at exit
    (tests/lint/test_lint_startup.py holds it to that) and has closed every file it wrote (--fix, a
    baseline); other commands may leave that to the teardown. Where something else did register (coverage,
    a profiler, --dask's client; a weakref finalizer registers an atexit hook too), or a flush fails (the
    reader went away), the usual exit instead, which runs it, or tries the flush again and reports it, as it
    always did."""
    import atexit

    if getattr(atexit, "_ncallbacks", lambda: 1)() != 0:
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


_ENDED_BY_SIGNAL = frozenset(
    int(getattr(signal, name)) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE") if hasattr(signal, name)
)


def _end_by_signal(signum: int) -> None:
    """Die by `signum` with its default action; returns only where that is impossible (then exit as usual)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    try:
        signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
        signal.raise_signal(signum)
    except (OSError, ValueError, AttributeError):
        return
