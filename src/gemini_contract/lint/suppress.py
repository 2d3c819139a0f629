"""Which files are checked and which findings are kept, by path and rule: the config's `include` (always a
request), content recognition, `per-file-ignores`, and `--select`/`--ignore` applied to every finding of a
result (the validator applies them to a body's findings; this catches the file- and batch-level ones too,
such as an empty batch's GC016 or a long line's GC010).

The linter's own GC9xx (a path that could not be checked, an internal error) are never suppressed: they say
that nothing was checked.
"""

from __future__ import annotations

import os
from dataclasses import replace

from gemini_contract.lint.discovery import SIDECAR_SUFFIX, is_excluded
from gemini_contract.lint.model import FileResult, Located, Status, status_for
from gemini_contract.lint.settings import LintSettings

_NEVER_SUPPRESSED = "GC9"


def matches(path: str, globs: tuple[str, ...], settings: LintSettings) -> bool:
    """A glob matches a path's name, the path as given, or the path relative to the config's folder."""
    return is_excluded(path, globs, settings.root)


def should_recognize(path: str, settings: LintSettings) -> bool:
    """Whether the file's content decides if it is checked (not when recognition is off or `include` names it)."""
    if settings.kind != "request":  # recognition knows request files; --kind response checks what it is given
        return False
    return settings.recognize and not (settings.include and matches(path, settings.include, settings))


def for_file(path: str, settings: LintSettings) -> LintSettings:
    """The settings for one file: the model of the first per-file-models glob that matches it, if any (the
    file's own URL, in a host file, still wins over it as over --model)."""
    for glob, model in settings.per_file_models:
        if matches(path, (glob,), settings):
            return replace(settings, model=model)
    return settings


def has_sidecar(path: str) -> bool:
    """A negative fixture of `sample --invalid` (x.json next to x.expect.json) is a request whatever it holds:
    its mutation may have removed every key that recognition looks for."""
    stem, dot, _ = path.rpartition(".")
    return bool(dot) and os.path.isfile(stem + SIDECAR_SUFFIX)


def skipped(path: str) -> FileResult:
    return FileResult(path, Status.SKIPPED, ())


def ignored_for(path: str, settings: LintSettings) -> tuple[str, ...]:
    """Rule ids (or prefixes) the config's per-file-ignores turn off for `path`."""
    return tuple(
        rule
        for glob, rules in settings.per_file_ignores
        if matches(path, (glob,), settings)
        for rule in rules
    )


def _kept(rule: str, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> bool:
    if rule.startswith(_NEVER_SUPPRESSED):
        return True
    if select is not None and not rule.startswith(select):
        return False
    return not (ignore and rule.startswith(ignore))


def suppress(result: FileResult, settings: LintSettings) -> FileResult:
    """The result without the findings its rules are suppressed for; its status follows what is left."""
    if result.status is Status.SKIPPED or not result.findings:
        return result
    ignore = (*(settings.ignore or ()), *ignored_for(result.path, settings))
    if settings.select is None and not ignore:
        return result
    kept: tuple[Located, ...] = tuple(
        item for item in result.findings if _kept(item.finding.rule, settings.select, ignore)
    )
    if len(kept) == len(result.findings):
        return result
    status = result.status if result.status is Status.ERROR else status_for(kept, settings.fail_on)
    return result._replace(findings=kept, status=status)
