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
import importlib
import importlib.util
import os
import signal
import sys
from typing import Any, TextIO

import click

from gemini_contract import __version__
from gemini_contract.cli.interrupts import Interrupted, exit_status
from gemini_contract.errors import SettingsError
from gemini_contract.exit_codes import ExitCode

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


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        # Click turns KeyboardInterrupt into Abort after a blank line on stderr, and a broken pipe into
        # exit 1: both are taken here first, so that main() says one line (or nothing) and exits as a
        # shell expects.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted(signal.SIGINT) from None
        except BrokenPipeError:
            raise OutputClosed() from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if _importable(COMMANDS[name]))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES[name]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not _importable(target):
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


def _importable(target: str) -> bool:
    return importlib.util.find_spec(target.split(":", maxsplit=1)[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="gemini-contract")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Lint Gemini generateContent request bodies against their contract, and generate typed models."""
    ctx.obj = {"debug": debug}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return (and exit with) its exit code; never lets a traceback through unasked."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        code = cli.main(args=argv, prog_name="gemini-contract", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE
    except Interrupted as exc:
        code = _interrupted(exc.signum)
    except OutputClosed:
        code = _output_closed()
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C, caught by a command on its way out
            code = _interrupted(signal.SIGINT)
        else:
            click.echo("gemini-contract: aborted", err=True)
            code = ExitCode.USAGE
    except SettingsError as exc:
        click.echo(f"Error: Invalid value for {exc.source}: {exc.message}", err=True)
        code = ExitCode.USAGE
    except InputError as exc:
        click.echo(f"gemini-contract: {exc}", err=True)
        code = ExitCode.USAGE
    except BrokenPipeError:  # raised outside a command (an error message of its own)
        code = _output_closed()
    except Exception as exc:  # the one place an unexpected error becomes a line, not a traceback
        if debug:
            raise
        click.echo(
            f"gemini-contract: internal error: {type(exc).__name__}: {exc} "
            "(please report it with --debug output at the project's issue tracker)",
            err=True,
        )
        code = ExitCode.INTERNAL
    return int(ExitCode.OK if code is None else code)


def _interrupted(signum: int) -> int:
    """One line on stderr (its reader may be gone too) and 128 + the signal's number."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(f"gemini-contract: {Interrupted(signum)}", err=True)
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
    code = main()
    if code - 128 in _ENDED_BY_SIGNAL:
        _end_by_signal(code - 128)
    sys.exit(code)


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
