"""The `lint` and `rules` commands: parse options, run the linter, print a format, exit with the run's code.

Start-up matters here (pre-commit runs `lint` on every commit): only click, the linter and the validator
are imported (no jinja2, hypothesis or pydantic), and worker processes are forked only for large runs.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from dataclasses import replace
from typing import Any, TextIO

import click

from gemini_contract import __version__
from gemini_contract.cli.interrupts import stopped_by_signals
from gemini_contract.cli.options import config_options, load_for_cli
from gemini_contract.lint.discovery import Target, discover
from gemini_contract.lint.executors import Executor
from gemini_contract.lint.model import FileResult, Status, all_rules, exit_code
from gemini_contract.lint.settings import (
    KINDS,
    PROFILES,
    SEVERITIES,
    LintSettings,
    Source,
    command_line_label,
)
from gemini_contract.reporters import FORMATS, Style, reporter_for
from gemini_contract.validator.findings import Severity

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


def _write(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show a character: show its escape instead
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


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
    from gemini_contract.cli.main import InputError

    if not paths:
        raise InputError("lint: no PATH given (use - for standard input)")
    config = load_for_cli(kwargs.pop("config_file"), bool(kwargs.pop("isolated")))
    fix, diff, unsafe = bool(kwargs.pop("fix")), bool(kwargs.pop("diff")), bool(kwargs.pop("unsafe_fixes"))
    color: bool | None = kwargs.pop("color")
    write_baseline: str | None = kwargs.pop("write_baseline")
    typed = _typed(kwargs)
    if (ctx.find_root().obj or {}).get("debug"):
        typed["debug"] = True  # `gemini-contract --debug lint ...`
    sources = [config.lint_source()] if config is not None else []
    settings = LintSettings.from_sources(*sources, Source("command line", typed, command_line_label))
    with stopped_by_signals():  # SIGTERM/SIGHUP unwind (workers stopped, no report) to exit 143/129
        targets = once(discover(paths, settings.exclude, settings.stdin_filename))
        if write_baseline is not None:
            ctx.exit(_write_baseline(targets, replace(settings, baseline=None), write_baseline))
        if fix or diff:
            code = _fix(targets, settings, write=not diff, unsafe=unsafe)
            if diff:
                ctx.exit(code)
        from gemini_contract.cli.scale import executor_for

        with executor_for(settings) as executor:
            results = _run_and_print(targets, settings, executor, color)
    ctx.exit(exit_code(results))


def _write_baseline(targets: list[Target], settings: LintSettings, path: str) -> int:
    from gemini_contract.lint.baseline import baseline_text
    from gemini_contract.lint.fixing import write_atomic
    from gemini_contract.lint.runner import run

    stdin = getattr(sys.stdin, "buffer", None) if any(t.stdin for t in targets) else None
    results = list(run(targets, settings, stdin=stdin))
    text = baseline_text(results, path)
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8"):
            pass  # write_atomic replaces a file (and keeps its mode)
    write_atomic(path, text)
    count = sum(len(result.findings) for result in results)
    _write(sys.stderr, f"gemini-contract: recorded {count:,} findings in {path}\n")
    return int(exit_code(results)) if any(r.status is Status.ERROR for r in results) else 0


def once(targets: list[Target]) -> list[Target]:
    """Each file once, however it was named (`a.json`, `./a.json`, its absolute path, a link to it)."""
    seen: set[tuple[str, object]] = set()
    kept: list[Target] = []
    for target in targets:
        key = (target.kind, target.path if target.stdin or target.reader is None else _identity(target.path))
        if key not in seen:
            seen.add(key)
            kept.append(target)
    return kept


def _identity(path: str) -> object:
    """The file a path names: its device and inode (one stat; realpath took an lstat per path component,
    16 us a file), or the path made absolute where it cannot be stat'ed (missing, a URL)."""
    if "://" in path:
        return path
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return os.path.abspath(path)
    return (found.st_dev, found.st_ino)


def _fix(targets: list[Target], settings: LintSettings, *, write: bool, unsafe: bool) -> int:
    """Fix (or diff) the files with findings; the exit code for --diff: 1 when there is a change."""
    from gemini_contract.cli.fixes import fix_targets, fixed_line
    from gemini_contract.lint.runner import run

    stdin = getattr(sys.stdin, "buffer", None) if any(t.stdin for t in targets) else None
    results = list(run(targets, settings, stdin=stdin))
    fixes = fix_targets(
        targets, results, settings, unsafe=unsafe, write=write, out=lambda text: _write(sys.stdout, text)
    )
    if not settings.quiet:
        _write(sys.stderr, fixed_line(fixes, write) + "\n")
    return 1 if any(fix.changed for fix in fixes) else 0


def _typed(kwargs: dict[str, Any]) -> dict[str, object]:
    """Only the options the user typed: click gives None for the others (and () for repeatable ones)."""
    values = {("format" if key == "output_format" else key): value for key, value in kwargs.items()}
    return {key: value for key, value in values.items() if value is not None and value != ()}


def _run_and_print(
    targets: list[Target], settings: LintSettings, executor: Executor | None, color: bool | None = None
) -> list[FileResult]:
    from gemini_contract.lint.progress import Progress
    from gemini_contract.lint.runner import run

    out, err = sys.stdout, sys.stderr
    # Only touched when `-` is given: stdin may be closed or replaced (pythonw, test runners).
    stdin = getattr(sys.stdin, "buffer", None) if any(t.stdin for t in targets) else None
    style = Style(
        color=settings.format == "text" and (use_color(out) if color is None else color),
        at_least=settings.fail_on if settings.quiet else Severity.INFO,
        version=__version__,
    )
    reporter = reporter_for(settings.format, style)
    progress = Progress(err, enabled=False if settings.quiet else None)
    results: list[FileResult] = []
    try:
        for result in run(targets, settings, stdin=stdin, progress=progress, executor=executor):
            results.append(result)
            text = reporter.file(result) if reporter.streaming else ""
            if text:
                progress.clear()  # findings never share a line with the progress drawn on the same terminal
                _write(out, text)
    except KeyboardInterrupt:
        progress.clear()
        raise click.Abort() from None
    if not reporter.streaming:
        _write(out, reporter.run(results))
    elif not settings.quiet:  # the summary is a diagnostic: stderr, and only beside a streamed report
        from gemini_contract.reporters.text import summary_line

        _write(err, summary_line(results) + "\n")
    return results


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
            _write(
                sys.stdout, json.dumps({**rule_dict(found[0]), **doc}, ensure_ascii=False, indent=2) + "\n"
            )
        else:
            _write(sys.stdout, ruledocs.render_text(found[0], doc))
        return
    _write(sys.stdout, render_rules_json(table) if output_format == "json" else render_rules_text(table))
