"""Formatting generated sources: with an installed ruff in a compatible range when there is one, otherwise
with the built-in layout (the template output, tidied). Neither is needed to generate.

Whether a folder is up to date does not depend on which one ran: `write.compare` treats two sources with
the same syntax tree and the same comments as the same file (`same_code`), so `check` gives one verdict on
every machine, and `generate` leaves a file alone when only its layout would change. This repository
formats its own generated/ with the ruff pinned in constraints.txt (a test checks the bytes).
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import tokenize
from collections.abc import Mapping
from importlib import metadata

# ruff releases whose formatter reads these arguments (`--isolated`, `--stdin-filename`, `--target-version
# py311` are all older than 0.6); any ruff 0.x from 0.6 on is used, whatever the user pins.
COMPATIBLE_RUFF = ((0, 6), (1, 0))
# Fixed settings, and --isolated so that no pyproject.toml around the output changes the result.
_ARGS = ("format", "--isolated", "--line-length", "110", "--target-version", "py311", "--quiet")
_VERSION = re.compile(r"(\d+)\.(\d+)")


class FormatError(RuntimeError):
    """ruff refused a generated source: a generator bug (the source does not parse)."""


def installed_ruff() -> str | None:
    try:
        return metadata.version("ruff")
    except metadata.PackageNotFoundError:
        return None


def usable_ruff(version: str | None) -> bool:
    """Whether a ruff of this version (None: not installed) formats our output."""
    found = _VERSION.match(version or "")
    if found is None:
        return False
    low, high = COMPATIBLE_RUFF
    return low <= (int(found[1]), int(found[2])) < high


def ruff_binary() -> str | None:
    """The ruff executable to format with, or None (not installed, or outside COMPATIBLE_RUFF)."""
    if not usable_ruff(installed_ruff()):
        return None
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]
    except ImportError:
        return None
    return str(find_ruff_bin())


def format_sources(sources: Mapping[str, str]) -> dict[str, str]:
    """Format several files at once: ruff (one process each, run in parallel) or the built-in layout."""
    binary = ruff_binary()
    if binary is None:
        return {name: builtin_layout(text) for name, text in sources.items()}
    running = {
        name: subprocess.Popen(
            [binary, *_ARGS, "--stdin-filename", name, "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in sources
    }
    formatted = {}
    for name, process in running.items():
        out, err = process.communicate(sources[name].encode("utf-8"))
        if process.returncode != 0:
            raise FormatError(
                f"ruff could not format generated {name}: {err.decode('utf-8', 'replace').strip()}"
            )
        formatted[name] = out.decode("utf-8")
    return formatted


def builtin_layout(text: str) -> str:
    """The template output with trailing spaces removed, at most two blank lines in a row and one final
    newline: deterministic, and the same code as ruff's layout (`same_code`)."""
    lines = [line.rstrip() for line in text.splitlines()]
    kept: list[str] = []
    for line in lines:
        if not line and len(kept) >= 2 and not kept[-1] and not kept[-2]:
            continue
        kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"


def same_code(first: str, second: str) -> bool:
    """Equal text, or the same program laid out differently: equal syntax trees (docstrings and every
    literal included) and equal comments, in order."""
    if first == second:
        return True
    try:
        return ast.dump(ast.parse(first)) == ast.dump(ast.parse(second)) and _comments(first) == _comments(
            second
        )
    except (SyntaxError, ValueError, tokenize.TokenError):
        return False


def _comments(text: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]
