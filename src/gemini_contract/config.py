"""The configuration file: found from the working directory upward as ruff finds its own (`gemini-contract.toml`,
or a `pyproject.toml` with a `[tool.gemini-contract]` table), validated against its JSON Schema
(`config.schema.json`), and turned into the settings source that the command line's options override.

Only the CLI calls this module, and only it reads the file. tomllib, the schema and the validator are loaded
only when a file is found (lint start-up stays fast in repositories without one). A bad file is a
`SettingsError` that names the file, the key's line and the key; the CLI exits 2 on it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from gemini_contract.errors import SettingsError

if TYPE_CHECKING:
    from gemini_contract.lint.settings import Source

STANDALONE = "gemini-contract.toml"
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "gemini-contract")
LINT_KEYS = (
    "profile",
    "select",
    "ignore",
    "fail-on",
    "exclude",
    "include",
    "recognize",
    "per-file-ignores",
    "max-bytes",
    "baseline",
    "model",
    "per-file-models",
)
CODEGEN_KEYS = ("schema", "out", "flavor")
_TABLE_HEADER = re.compile(r'^\s*\[\s*tool\s*\.\s*(?:"gemini-contract"|gemini-contract)\s*\]', re.MULTILINE)


class Config(NamedTuple):
    """The settings one file gives (keys as written, hyphenated), and where they came from."""

    path: Path
    values: dict[str, Any]
    text: str  # the file's text, to find a key's line for an error

    @property
    def root(self) -> Path:
        return self.path.parent

    def where(self, key: str) -> str:
        """`select (pyproject.toml, line 12)`: how an error names a key."""
        return f"{key} ({self.path}, line {key_line(self.text, key, self.path.name == PYPROJECT)})"

    def lint_source(self, cwd: Path | None = None) -> Source:
        from gemini_contract.lint.settings import Source

        values: dict[str, object] = {
            key.replace("-", "_"): value for key, value in self.values.items() if key in LINT_KEYS
        }
        if isinstance(values.get("baseline"), str):  # relative to the config's folder
            values["baseline"] = str(self.root / str(values["baseline"]))
        if "exclude" in values:  # discovery matches globs against paths as given (relative to the cwd)
            values["exclude"] = rebase(values["exclude"], self.root, cwd or Path.cwd())
        values["root"] = str(self.root)
        return Source(str(self.path), values, lambda key: self.where(key.replace("_", "-")))

    def path_value(self, key: str) -> Path | None:
        """A path setting (`schema`, `out`), relative to the file's folder."""
        value = self.values.get(key)
        return None if value is None else self.root / value


def find(start: Path) -> Path | None:
    """The nearest configuration file in `start` or a parent: gemini-contract.toml, else a pyproject.toml
    that has a [tool.gemini-contract] table (one without it is passed over, as ruff does)."""
    for folder in (start, *start.parents):
        standalone = folder / STANDALONE
        if standalone.is_file():
            return standalone
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        return _TABLE_HEADER.search(pyproject.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


def load_for_cli(config_file: str | None, isolated: bool, cwd: Path | None = None) -> Config | None:
    """The configuration a command uses: `--config FILE`, none with `--isolated`, else the nearest one."""
    if isolated:
        return None
    if config_file is not None:
        return load(Path(config_file))
    found = find((cwd or Path.cwd()).resolve())
    return load(found) if found is not None else None


def load(path: Path) -> Config:
    """Read, parse and validate one file; any problem is a SettingsError naming the file (and line)."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(str(path), f"cannot read: {exc}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(str(path), f"not valid TOML: {exc}") from None
    values: object = document
    if path.name != STANDALONE:
        values = document.get("tool", {}).get("gemini-contract", {})
    if not isinstance(values, dict):
        raise SettingsError(str(path), "[tool.gemini-contract] must be a table")
    config = Config(path, values, text)
    _validate(config)
    return config


def _validate(config: Config) -> None:
    """The file against config.schema.json: the first problem, at its key."""
    from importlib import resources

    import jsonschema_rs

    schema = json.loads(resources.files("gemini_contract").joinpath("config.schema.json").read_text("utf-8"))
    known = schema["properties"]
    for key in config.values:
        if key not in known:
            hint = "; ".join(_did_you_mean(key, known)) or f"known keys: {', '.join(known)}"
            raise SettingsError(config.where(key), f"unknown key ({hint})")
    for error in jsonschema_rs.validator_for(schema).iter_errors(config.values):
        path = [str(part) for part in error.instance_path]
        key = path[0] if path else next(iter(config.values), "")
        raise SettingsError(
            config.where(key), f"{'.'.join(path[1:]) + ': ' if path[1:] else ''}{error.message}"
        )


def _did_you_mean(key: str, known: dict[str, object]) -> list[str]:
    import difflib

    close = difflib.get_close_matches(key.replace("_", "-"), list(known), n=1)
    return [f"did you mean {close[0]!r}?"] if close else []


def key_line(text: str, key: str, in_pyproject: bool) -> int:
    """The 1-based line where `key` is set in the file's gemini-contract table (or a sub-table named after
    it); the table's own line when it cannot be found (tomllib keeps no positions)."""
    lines = text.splitlines()
    start = 0
    if in_pyproject:
        found = _TABLE_HEADER.search(text)
        start = text.count("\n", 0, found.start()) if found else 0
    quoted = re.escape(key)
    assignment = re.compile(rf'^\s*(?:{quoted}|"{quoted}"|\'{quoted}\')\s*[=.]')
    subtable = re.compile(rf'^\s*\[[^\]]*(?:{quoted}|"{quoted}")\s*\]')
    for number in range(start, len(lines)):
        if assignment.match(lines[number]) or subtable.match(lines[number]):
            return number + 1
    return start + 1


def rebase(globs: object, root: Path, cwd: Path) -> object:
    """Globs written relative to the config's folder, also as paths relative to the working directory (a
    glob without a `/` matches names anywhere and is kept as it is)."""
    items = [globs] if isinstance(globs, str) else globs
    if root.resolve() == cwd.resolve() or not isinstance(items, list):
        return globs
    rebased = [
        os.path.relpath(root / glob, cwd).replace(os.sep, "/")
        for glob in items
        if isinstance(glob, str) and "/" in glob
    ]
    return [*items, *rebased]
