"""The `gemini-contract` entry point: command registry (lazy) and the one place that maps errors to exit codes.

Exit codes: 0 clean, 1 findings (or drift for `check`), 2 usage or input error, 3 internal error (a bug).
Each command module exposes a click command that returns its exit code via `ctx.exit`, or raises
`InputError` for a path it could not check; everything else that escapes is an internal error.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from gemini_contract import __version__
from gemini_contract.errors import SettingsError
from gemini_contract.exit_codes import ExitCode

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


class InputError(Exception):
    """A path or option the command could not use; message is one line for the user."""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if _importable(COMMANDS[name]))

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
    except click.exceptions.Abort:
        click.echo("gemini-contract: aborted", err=True)
        code = ExitCode.USAGE
    except SettingsError as exc:
        click.echo(f"Error: Invalid value for {exc.source}: {exc.message}", err=True)
        code = ExitCode.USAGE
    except InputError as exc:
        click.echo(f"gemini-contract: {exc}", err=True)
        code = ExitCode.USAGE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not our error, and nothing more to say.
        sys.stderr.close()
        code = ExitCode.FINDINGS
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


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
