"""The click group of every command: commands are imported only when one runs or `--help` lists them.

`cli.main` reaches it for every command line but the plain `lint PATH...` and `--version` (see
`cli.main.main`), so that those never import click.
"""

from __future__ import annotations

import importlib
import importlib.util
import signal
from typing import Any

import click

from gemini_contract import __version__
from gemini_contract.cli.interrupts import Interrupted
from gemini_contract.cli.main import COMMANDS, SUMMARIES, OutputClosed


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
