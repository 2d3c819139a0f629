"""The `lint` and `rules` commands: parse options, run the linter, print a format, exit with the run's code.

Start-up matters here (pre-commit runs `lint` on every commit): only click, the linter and the validator
are imported (no jinja2, hypothesis or pydantic), and worker processes are forked only for large runs. The
run itself is `cli.linting.run_lint`, which `lint PATH...` with no option reaches without click.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from typing import Any

import click

from gemini_contract import __version__
from gemini_contract.cli.linting import run_lint, write_text
from gemini_contract.cli.options import config_options
from gemini_contract.lint.model import all_rules
from gemini_contract.lint.settings import KINDS, PROFILES, SEVERITIES, LintSettings
from gemini_contract.reporters import FORMATS

_DEFAULTS = LintSettings()  # shown in --help; an option the user does not type is left to the settings


class _PathsAfterOptions(click.Command):
    """Treats an unknown `-name` that exists on disk as a path (pre-commit passes `-x.json` bare), keeping order."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        return super().parse_args(ctx, reorder_paths(args, takes_value))


def reorder_paths(args: list[str], takes_value: dict[str, bool]) -> list[str]:
    """Options first, then `--`, then every path in its original order (so `-x.json` cannot read as an option)."""
    options: list[str] = []
    paths: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            paths.extend(tokens)
            break
        name = token.split("=", 1)[0]
        if token == "-" or not token.startswith("-"):
            paths.append(token)
        elif name in takes_value:
            options.append(token)
            if takes_value[name] and name == token:  # the value is the next token (not `--opt=value`)
                options.extend(itertools.islice(tokens, 1))
        elif os.path.lexists(token):
            paths.append(token)
        else:
            options.append(token)  # `-j4`, `-qj4`, or unknown: click parses it (and reports an unknown one)
    return [*options, "--", *paths] if paths else options


@click.command(cls=_PathsAfterOptions)
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    show_default=_DEFAULTS.profile,
    help="google: accept what Google's front end accepts (leniencies are warnings); strict: canonical JSON only.",
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    show_default=_DEFAULTS.kind,
    help="request: request bodies; response: recorded responses (.json, a JSON-array stream, .sse streams).",
)
@click.option(
    "--select", multiple=True, metavar="RULE,...", help="Report only these rules (ids, prefixes or names)."
)
@click.option(
    "--ignore", multiple=True, metavar="RULE,...", help="Do not report these rules (ids, prefixes or names)."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    show_default=str(_DEFAULTS.fail_on),
    help="Lowest severity that makes a file invalid (exit 1).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    show_default=_DEFAULTS.format,
    help="Output format.",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOB", help="Skip files and folders whose name or path matches."
)
@click.option(
    "--max-bytes",
    show_default=str(_DEFAULTS.max_bytes),
    metavar="SIZE",
    help="Largest document (file, stdin or batch line) read, e.g. 20M; larger ones are reported, not read.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    help="Worker processes (0 = one per CPU, used where it pays).",
)
@click.option(
    "--stdin-filename", metavar="NAME", help="Name to report for `-` (a .jsonl name reads stdin as a batch)."
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    default=None,
    help="Print only findings at or above --fail-on; no summary, no progress.",
)
@click.option(
    "--model",
    metavar="ID",
    help="The model the requests are for (gemini-2.5-flash, models/...): apply its rules from the model table, "
    "where a file names no model of its own.",
)
@click.option(
    "--recognize/--no-recognize",
    default=None,
    help="Skip JSON files whose top-level keys are not a request's (package.json, tsconfig.json, ...) "
    "[default: recognize]; --no-recognize checks every file given.",
)
@click.option(
    "--baseline", metavar="FILE", help="Report only findings not recorded in FILE (--write-baseline)."
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    help="Record today's findings in FILE (by file, rule and pointer) and exit 0; adopt the linter gradually.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Color the text format [default: when stdout is a terminal and NO_COLOR is not set].",
)
@click.option(
    "--fix", is_flag=True, default=False, help="Rewrite what has a canonical form (GC1xx, JSON text)."
)
@click.option(
    "--diff", is_flag=True, default=False, help="Print the --fix edits as a unified diff; write nothing."
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    default=False,
    help="With --fix/--diff, also rewrite what changes meaning.",
)
@config_options
@click.option("--debug", is_flag=True, default=None, help="Show the traceback of an internal error.")
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Run on the workers of this Dask scheduler (tcp://host:8786); see docs/dask.md.",
)
@click.version_option(__version__, "--version", prog_name="gemini-contract")
@click.pass_context
def lint(ctx: click.Context, /, paths: tuple[str, ...], **kwargs: Any) -> None:
    """Check Gemini request files, folders (*.json, *.jsonl, *.ndjson), batch files and `-` (stdin).

    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 a path could not be checked or a
    usage error, 3 internal error; 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP, 141 output closed.
    """
    debug = bool((ctx.find_root().obj or {}).get("debug"))
    ctx.exit(run_lint(paths, kwargs, debug=debug))


@click.command()
@click.argument("rule", required=False, metavar="[RULE]")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules(rule: str | None, output_format: str) -> None:
    """List every rule: id, severity (google, and strict where it differs), name, doc and source; or explain
    one RULE (id or name): what, why (its sources), a bad and a good example."""
    from gemini_contract.reporters.rules import render_rules_json, render_rules_text, rule_dict

    table = all_rules()
    if rule is not None:
        from gemini_contract import ruledocs
        from gemini_contract.cli.main import InputError

        found = [item for item in table if rule.upper() == item.id or rule.lower() == item.name]
        if not found:
            raise InputError(f"rules: unknown rule {rule!r} (see `gemini-contract rules`)")
        doc = ruledocs.load()[found[0].id]
        if output_format == "json":
            write_text(
                sys.stdout, json.dumps({**rule_dict(found[0]), **doc}, ensure_ascii=False, indent=2) + "\n"
            )
        else:
            write_text(sys.stdout, ruledocs.render_text(found[0], doc))
        return
    write_text(sys.stdout, render_rules_json(table) if output_format == "json" else render_rules_text(table))
