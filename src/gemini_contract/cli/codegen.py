"""The `generate` and `check` commands: resolve the schema and output folder, run the codegen pipeline,
then write the package all at once or report drift as unified diffs.

jinja2, ruff and datamodel-code-generator are imported only when one of these commands runs.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import signal
from pathlib import Path
from typing import Any

import click

from gemini_contract.cli.main import InputError
from gemini_contract.cli.options import config_options, load_for_cli
from gemini_contract.exit_codes import ExitCode

_FLAVORS = ("dataclasses", "pydantic", "msgspec", "typeddict")


def default_out_dir() -> Path:
    """This repo's generated/: the folder of the gemini_contract.generated package, symlinks resolved
    (the strict editable install is a tree of links to the real files)."""
    spec = importlib.util.find_spec("gemini_contract.generated")
    if spec is None or spec.origin is None:
        raise InputError("cannot locate the gemini_contract.generated package; pass --out")
    return Path(os.path.realpath(spec.origin)).parent


def _options(command: Any) -> Any:
    command = click.option(
        "--flavor",
        type=click.Choice(_FLAVORS),
        default=None,
        help="dataclasses (ours, stdlib only), or pydantic / msgspec / typeddict (datamodel-code-generator) "
        "[default: the config's flavor, else the one recorded in the folder's generated files, else dataclasses].",
    )(command)
    command = click.option(
        "--out",
        "out",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the generated package [default: the config's out; in this project, its generated/].",
    )(command)
    command = config_options(command)
    return click.option(
        "--schema",
        "schema",
        type=click.Path(dir_okay=False, path_type=Path),
        help="JSON Schema to generate from [default: the config's schema, else the bundled contract].",
    )(command)


def _resolved(
    schema: Path | None, out: Path | None, flavor: str | None, config_file: str | None, isolated: bool
) -> tuple[Path | None, Path | None, str | None]:
    """The command line's schema, out and flavor, else the configuration file's (its paths relative to it)."""
    config = load_for_cli(config_file, isolated)
    if config is not None:
        schema = schema if schema is not None else config.path_value("schema")
        out = out if out is not None else config.path_value("out")
        flavor = flavor if flavor is not None else config.values.get("flavor")
    if out is None and not _in_this_project():
        # Comparing the installed package's own models with themselves can never fail (a pre-commit hook
        # in another repository would always pass): a folder must be named.
        raise InputError(
            'no generated folder to check: pass --out DIR or set out = "DIR" in [tool.gemini-contract]'
        )
    return schema, out, flavor  # None: the folder's header decides (see _resolve)


def _in_this_project() -> bool:
    """Whether the working directory is this project's source tree (its generated/ is the default folder)."""
    try:
        return default_out_dir().is_relative_to(Path.cwd().resolve())
    except InputError:
        return False


def _recorded(folder: Path) -> Any:
    """The options recorded in the header of the folder's models.py, if it is one of ours."""
    from gemini_contract.codegen.emit import read_header

    try:
        with (folder / "models.py").open(encoding="utf-8") as handle:
            head = "".join(handle.readline() for _ in range(3))
    except (OSError, UnicodeDecodeError):
        return None
    return read_header(head)


def _resolve(schema: Path | None, out: Path | None, flavor: str | None) -> tuple[Path, str]:
    """The output folder and the flavor: as given, else as the folder's generated header records them."""
    if out is not None and out.suffix == ".py" and not out.is_dir():
        raise InputError(
            f"--out {out} names a module, but generate writes a package folder (models.py and "
            f"__init__.py): use --out {out.with_suffix('')} to import it as {out.stem}.models"
        )
    folder = out if out is not None else default_out_dir()
    recorded = _recorded(folder)
    if recorded is not None and schema is None and recorded.schema_given:
        raise InputError(
            f"{folder} was generated from {recorded.schema_file} with --schema: pass --schema PATH"
        )
    chosen = flavor or (recorded.flavor if recorded is not None and recorded.flavor in _FLAVORS else None)
    return folder, chosen or "dataclasses"


def _sources(schema: Path | None, out: Path | None, flavor: str | None) -> tuple[Path, str, dict[str, str]]:
    """The output folder, the flavor and every file the generator owns in the folder (name -> text);
    nothing is written."""
    from gemini_contract.codegen.load import SchemaProblem
    from gemini_contract.codegen.pipeline import generate_sources, regenerate_command
    from gemini_contract.schema import schema_path

    if out is None and (schema is not None or (flavor or "dataclasses") != "dataclasses"):
        # Never replace this package's own models with another schema's or another flavor's.
        raise InputError("--schema and --flavor need --out: the default folder holds this package's models")
    folder, chosen = _resolve(schema, out, flavor)
    command = regenerate_command(schema_given=schema is not None, out_given=out is not None, flavor=chosen)  # type: ignore[arg-type]
    try:
        result = generate_sources(schema or schema_path(), chosen, command)  # type: ignore[arg-type]
    except ImportError as exc:
        raise InputError(
            f"the {chosen} flavor needs {exc.name}: pip install 'gemini-contract[codegen]'"
        ) from None
    if isinstance(result, SchemaProblem):
        raise InputError(str(result))
    return folder, chosen, result


def _fix_command(schema: Path | None, out: Path | None, flavor: str) -> str:
    # The flavor is recorded in the header, but naming it keeps the advice right for a folder whose
    # header was lost.
    words = ["gemini-contract", "generate"]
    words += ["--schema", str(schema)] if schema is not None else []
    words += ["--out", str(out)] if out is not None else []
    words += ["--flavor", flavor] if flavor != "dataclasses" else []
    return shlex.join(words)


@click.command()
@_options
@click.pass_context
def generate(
    ctx: click.Context, /, schema: Path | None, out: Path | None, flavor: str | None, **config: Any
) -> None:
    """Generate typed models from the schema into a package folder (all files or none; unchanged ones untouched)."""
    from gemini_contract.codegen.write import Interrupted, describe, write

    schema, out, flavor = _resolved(schema, out, flavor, config["config_file"], config["isolated"])
    folder, _, files = _sources(schema, out, flavor)
    try:
        touched = write(folder, files)
    except OSError as exc:
        raise InputError(f"cannot write {describe(exc, folder)}") from None
    except Interrupted as exc:
        # The writer has cleaned up and put the previous handlers back: end the way the signal would have.
        click.echo(f"gemini-contract: {exc}; the package is all old or all new", err=True)
        signal.raise_signal(exc.signum)
        ctx.exit(128 + exc.signum)  # the previous handler was a Python function that returned
    for path in touched:
        click.echo(f"{'updated' if path.exists() else 'removed'} {path}")
    if not touched:
        click.echo(f"up to date: {folder}", err=True)
    ctx.exit(ExitCode.OK)


@click.command()
@_options
@click.option("--quiet", "-q", is_flag=True, help="No diff and no message: the exit code only.")
@click.option(
    "--stat", "stat", is_flag=True, help="One line per out-of-date file (lines added, removed), no diff."
)
@click.pass_context
def check(
    ctx: click.Context,
    /,
    *,
    schema: Path | None,
    out: Path | None,
    flavor: str | None,
    quiet: bool,
    stat: bool,
    **config: Any,
) -> None:
    """Exit 1 with a unified diff when generated files are changed, missing or extra; 0 when up to date.

    The flavor (and whether another schema was used) is read from the folder's generated header, so
    `check --out DIR` checks what `generate` wrote there."""
    from gemini_contract.codegen.write import compare, describe

    schema, out, flavor = _resolved(schema, out, flavor, config["config_file"], config["isolated"])
    folder, chosen, files = _sources(schema, out, flavor)
    try:
        drifts = compare(folder, files)
    except OSError as exc:
        raise InputError(f"cannot check {describe(exc, folder)}") from None
    if not drifts:
        if not quiet:
            click.echo(f"up to date: {folder}", err=True)
        ctx.exit(ExitCode.OK)
    if quiet:
        ctx.exit(ExitCode.FINDINGS)
    for drift in drifts:
        click.echo(_stat_line(drift) if stat else drift.diff, nl=stat)
    summary = ", ".join(f"{drift.path.name} {drift.kind}" for drift in drifts)
    click.echo(
        f"gemini-contract: generated files out of date ({summary}); run: {_fix_command(schema, out, chosen)}",
        err=True,
    )
    ctx.exit(ExitCode.FINDINGS)


def _stat_line(drift: Any) -> str:
    """`models.py | changed +12 -3`: the counts of a unified diff's added and removed lines."""
    lines = drift.diff.splitlines()
    added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
    return f"{drift.path} | {drift.kind} +{added} -{removed}"
