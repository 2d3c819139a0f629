"""Running `lint`: settings from the configuration and the options typed, the run, the report, the exit code.

No click here: `lint PATH...` with no option (how pre-commit runs it) comes straight from `cli.main` without
importing click or building the command's options, which were a tenth of a one-file lint's instructions;
every other command line is parsed by the click command in `cli/lint.py`, which calls the same `run_lint`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from gemini_contract import __version__
from gemini_contract.cli.interrupts import stopped_by_signals
from gemini_contract.lint.discovery import Target, discover
from gemini_contract.lint.executors import Executor
from gemini_contract.lint.model import FileResult, Status, exit_code
from gemini_contract.lint.settings import LintSettings, Source, command_line_label
from gemini_contract.reporters import Style, reporter_for
from gemini_contract.validator.findings import Severity

if TYPE_CHECKING:
    from gemini_contract.config import Config


def run_lint(paths: Sequence[str], options: dict[str, Any], *, debug: bool = False) -> int:
    """The exit code of a lint of `paths`. `options` holds the command's options by parameter name, as click
    gives them (None, () or False where not typed) or only those typed; `debug` is `gemini-contract --debug`."""
    from gemini_contract.cli.main import InputError

    if not paths:
        raise InputError("lint: no PATH given (use - for standard input)")
    config = _config(options.pop("config_file", None), bool(options.pop("isolated", False)))
    fix, diff = bool(options.pop("fix", False)), bool(options.pop("diff", False))
    unsafe = bool(options.pop("unsafe_fixes", False))
    color: bool | None = options.pop("color", None)
    write_baseline: str | None = options.pop("write_baseline", None)
    typed = _typed(options)
    if debug:
        typed["debug"] = True  # `gemini-contract --debug lint ...`
    sources = [config.lint_source()] if config is not None else []
    settings = LintSettings.from_sources(*sources, Source("command line", typed, command_line_label))
    with stopped_by_signals():  # SIGTERM/SIGHUP unwind (workers stopped, no report) to exit 143/129
        targets = once(discover(paths, settings.exclude, settings.stdin_filename))
        if write_baseline is not None:
            return _write_baseline(targets, replace(settings, baseline=None), write_baseline)
        if fix or diff:
            code = _fix(targets, settings, write=not diff, unsafe=unsafe)
            if diff:
                return code
        from gemini_contract.cli.scale import executor_for

        with executor_for(settings) as executor:
            results = _run_and_print(targets, settings, executor, color)
    return int(exit_code(results))


def _config(config_file: str | None, isolated: bool) -> Config | None:
    from gemini_contract import config

    return config.load_for_cli(config_file, isolated)


def write_text(stream: TextIO, text: str) -> None:
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
    write_text(sys.stderr, f"gemini-contract: recorded {count:,} findings in {path}\n")
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
        targets, results, settings, unsafe=unsafe, write=write, out=lambda text: write_text(sys.stdout, text)
    )
    if not settings.quiet:
        write_text(sys.stderr, fixed_line(fixes, write) + "\n")
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
                write_text(out, text)
    except KeyboardInterrupt:
        progress.clear()
        raise
    if not reporter.streaming:
        write_text(out, reporter.run(results))
    elif not settings.quiet:  # the summary is a diagnostic: stderr, and only beside a streamed report
        from gemini_contract.reporters.text import summary_line

        write_text(err, summary_line(results) + "\n")
    return results
