"""The `schema` command: print the bundled request schema (the contract itself), or where it is installed.

For tools that want the contract without importing the package: `gemini-contract schema > request.json`,
or `--path` to point an editor or another validator at the installed file.
"""

from __future__ import annotations

import click

from gemini_contract.exit_codes import ExitCode


@click.command("schema")
@click.option("--path", "show_path", is_flag=True, help="Print the schema file's path instead of its text.")
@click.pass_context
def schema(ctx: click.Context, /, *, show_path: bool) -> None:
    """Print the bundled GenerateContentRequest JSON Schema to stdout."""
    from gemini_contract.schema import bundled_path

    path = bundled_path("request")
    if show_path:
        click.echo(str(path))
    else:
        # Bytes go to stdout's binary buffer: the file unchanged, never re-encoded for the terminal's locale.
        click.echo(path.read_bytes(), nl=False)
    ctx.exit(ExitCode.OK)
