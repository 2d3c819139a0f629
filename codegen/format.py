"""Formatting generated sources with the pinned ruff, run as a subprocess with settings that ignore the cwd."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from importlib import metadata

# The ruff the generated files are formatted with (pinned `==` in the `codegen` extra). Another version may
# format differently, which `check` would report as drift, so the CLI warns about a mismatch.
PINNED_RUFF = "0.17.6"
# Fixed settings, and --isolated so that no pyproject.toml around the output changes the result.
_ARGS = ("format", "--isolated", "--line-length", "110", "--target-version", "py311", "--quiet")


class FormatError(RuntimeError):
    """ruff refused a generated source: a generator bug (the source does not parse)."""


class RuffUnavailable(FormatError):
    """The ruff package (and its binary) is not installed."""


def installed_ruff() -> str | None:
    try:
        return metadata.version("ruff")
    except metadata.PackageNotFoundError:
        return None


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]
    except ImportError:
        raise RuffUnavailable("formatting needs ruff: pip install 'gemini-contract[codegen]'") from None
    return str(find_ruff_bin())


def format_sources(sources: Mapping[str, str]) -> dict[str, str]:
    """Format several files at once (one ruff process each, run in parallel); names are used for messages."""
    binary = ruff_binary()
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
