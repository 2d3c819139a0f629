"""Lint settings: every option of a lint run with its default, and the merge of the sources that set them.

Sources are plain mappings of what a user wrote (the command line today; a config file next, issue #13),
each with a name for its errors. Later sources win. Parsing (sizes, rule lists, choices) happens here, once,
and a bad value is a `SettingsError` naming where it came from (`--select`), never a click exception: the
CLI maps it to exit 2 in its one error-mapping place. The object is frozen and holds only plain values, so
worker processes (and other executors) receive it as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, NamedTuple

from gemini_contract.errors import SettingsError
from gemini_contract.validator import DEFAULT_MAX_BYTES
from gemini_contract.validator.findings import Severity
from gemini_contract.validator.ruleset import RULES

PROFILES = ("google", "strict")
KINDS = ("request", "response")  # the contract a body is checked against (`--kind`)
SEVERITIES = ("error", "warning", "info")
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

__all__ = ["LintSettings", "SettingsError", "Source", "command_line_label", "parse_rule_ids", "parse_size"]


@dataclass(frozen=True, slots=True)
class LintSettings:
    """What a lint run does; the defaults are the documented ones."""

    profile: str = "google"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: Severity = Severity.ERROR
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 0  # 0 = decide from the work and the CPUs available
    debug: bool = False  # let an internal error's traceback through
    exclude: tuple[str, ...] = ()
    format: str = "text"  # a name in the reporters' format registry (checked where formats are known)
    quiet: bool = False
    stdin_filename: str | None = None
    model: str | None = None  # the model the bodies are for, where their file names none (model rules)
    kind: str = "request"  # request bodies, or recorded responses (.json, JSON-array streams, .sse)
    dask: str | None = None  # a dask.distributed scheduler address: run the work on its workers
    recognize: bool = True  # skip files whose content is not a request (lint.recognize); False: check all
    include: tuple[str, ...] = ()  # globs of files always checked as requests, whatever their content
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule ids) pairs
    per_file_models: tuple[tuple[str, str], ...] = ()  # (glob, model): the model of the files a glob matches
    root: str | None = None  # the folder the config's globs are relative to (the config file's)
    baseline: str | None = None  # report only findings not recorded in this file (lint.baseline)

    @classmethod
    def from_sources(cls, *sources: Source) -> LintSettings:
        """The defaults, overridden by each source in turn (so a later source wins)."""
        settings = cls()
        for source in sources:
            settings = replace(settings, **source.parsed())
        return settings


class Source(NamedTuple):
    """The raw values one source gives (only those it sets), by setting name, and how to name each one in an
    error: `label` turns a setting name into the user's spelling (the command line's is `--max-bytes`)."""

    name: str
    values: Mapping[str, object]
    label: Callable[[str], str] = lambda key: key

    def parsed(self) -> dict[str, Any]:  # Any: each value was parsed to its field's type
        known = {field.name for field in fields(LintSettings)}
        parsed: dict[str, Any] = {}
        for key, raw in self.values.items():
            if key not in known:
                raise SettingsError(self.label(key), "unknown setting")
            parse = _PARSERS.get(key)
            parsed[key] = parse(raw, self.label(key)) if parse is not None else raw
        return parsed


def command_line_label(key: str) -> str:
    return "--" + key.replace("_", "-")


def parse_size(value: object, source: str = "--max-bytes") -> int:
    """A size in bytes from `1000000`, `500K`, `100M`, `1G` (a trailing B or iB allowed); an int as it is."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    text = str(value).strip().upper().removesuffix("B").removesuffix("I")
    unit = text[-1:] if text[-1:] in _UNITS and not text[-1:].isdigit() else ""
    number = text[: len(text) - len(unit)]
    if not number.isdigit() or int(number) <= 0:
        raise SettingsError(source, f"{value!r} is not a size such as 1000000, 500K, 100M or 1G")
    return int(number) * _UNITS[unit]


def parse_rule_ids(values: object, source: str) -> tuple[str, ...] | None:
    """Comma-separated rule ids or id prefixes (GC2 = every GC2xx rule), in one string or several; unknown
    ones are an error. None when nothing is named (every rule)."""
    items = (values,) if isinstance(values, str) else tuple(_strings(values, source))
    ids = tuple(_rule_id(token.strip()) for value in items for token in value.split(",") if token.strip())
    if not ids:
        return None
    known = [rule.id for rule in RULES]
    unknown = [token for token in ids if not any(rule_id.startswith(token) for rule_id in known)]
    if unknown:
        raise SettingsError(source, f"unknown rule {', '.join(unknown)} (see `gemini-contract rules`)")
    return ids


def _rule_id(token: str) -> str:
    """A rule id (or prefix) from an id in any case or a rule's name (`unknown-field` -> GC201)."""
    return _BY_NAME.get(token.lower(), token.upper())


_BY_NAME = {rule.name: rule.id for rule in RULES}


def _per_file_ignores(value: object, source: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A table of glob -> rules (a list, or one comma-separated string), as (glob, ids) pairs."""
    if isinstance(value, tuple):
        return value  # already parsed (LintSettings' own form)
    if not isinstance(value, dict):
        raise SettingsError(source, f"{value!r} is not a table of glob = [rules]")
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for glob, rules in value.items():
        ids = parse_rule_ids(rules, f"{source}.{glob!r}" if "." in source else f"{source} {glob!r}")
        pairs.append((str(glob), ids or ()))
    return tuple(pairs)


def _per_file_models(value: object, source: str) -> tuple[tuple[str, str], ...]:
    """A table of glob -> model id, as (glob, model) pairs."""
    if isinstance(value, tuple):
        return value  # already parsed (LintSettings' own form)
    if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
        raise SettingsError(source, f'{value!r} is not a table of glob = "model"')
    return tuple((str(glob), str(model)) for glob, model in value.items())


def _strings(values: object, source: str) -> list[str]:
    if not isinstance(values, list | tuple) or not all(isinstance(value, str) for value in values):
        raise SettingsError(source, f"{values!r} is not a list of strings")
    return list(values)


def _choice(choices: tuple[str, ...]) -> Callable[[object, str], str]:
    def parse(value: object, source: str) -> str:
        if value not in choices:
            raise SettingsError(source, f"{value!r} is not one of {', '.join(choices)}")
        return str(value)

    return parse


def _severity(value: object, source: str) -> Severity:
    return Severity.parse(_choice(SEVERITIES)(value, source))


def _jobs(value: object, source: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SettingsError(source, f"{value!r} is not a number of processes (0 or more)")
    return value


def _flag(value: object, source: str) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(source, f"{value!r} is not true or false")
    return value


def _globs(value: object, source: str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(_strings(value, source))


def _text(value: object, source: str) -> str:
    if not isinstance(value, str):
        raise SettingsError(source, f"{value!r} is not a string")
    return value


_PARSERS: dict[str, Callable[[object, str], object]] = {
    "profile": _choice(PROFILES),
    "kind": _choice(KINDS),
    "select": parse_rule_ids,
    "ignore": parse_rule_ids,
    "fail_on": _severity,
    "max_bytes": parse_size,
    "jobs": _jobs,
    "debug": _flag,
    "exclude": _globs,
    "format": _text,
    "quiet": _flag,
    "stdin_filename": _text,
    "dask": _text,
    "model": _text,
    "recognize": _flag,
    "include": _globs,
    "per_file_ignores": _per_file_ignores,
    "per_file_models": _per_file_models,
    "root": _text,
    "baseline": _text,
}
