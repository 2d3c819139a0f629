"""Turning the command line's paths into an ordered list of targets: files, stdin, folders walked, each with
the reader that reads it, as the reader registry says (by suffix).

Nothing here opens a file: whether a path can be read is decided once, in `reading`, right before it is.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gemini_contract.lint.jsonl import JSON_LINES
from gemini_contract.lint.readers import DEFAULT, reader_for, suffixes

STDIN = "-"

# Folders a walk never enters: tool caches and environments are full of JSON that is not a request.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
    }
)


# Files a walk skips: the expectation sidecars `gemini-contract sample --invalid --out` writes next to the
# bodies (rule and pointer, not requests). Named on the command line, such a file is still checked.
SIDECAR_SUFFIX = ".expect.json"


class Kind:
    """A target's kind, as a string: its reader's name, `stdin:` and the name for standard input, or
    UNCHECKABLE. The names of today's two readers are spelled out for callers that ask for one."""

    DOCUMENT = DEFAULT.name  # one request body
    BATCH = JSON_LINES.name  # JSON Lines: one request body or Batch API record per line
    STDIN = "stdin:" + DOCUMENT  # one request body read from standard input
    STDIN_BATCH = "stdin:" + BATCH  # JSON Lines read from standard input (--stdin-filename *.jsonl)
    UNCHECKABLE = "uncheckable"  # a folder without any request file under it, or one that cannot be listed


@dataclass(frozen=True, slots=True)
class Target:
    path: str  # as given, or joined onto the folder as given
    reader: str | None  # the name of the reader that reads it; None: nothing can be checked there
    stdin: bool = False  # read from standard input; `path` is the name to report
    note: str = ""  # when there is no reader: why nothing could be checked there

    @property
    def kind(self) -> str:
        if self.reader is None:
            return Kind.UNCHECKABLE
        return "stdin:" + self.reader if self.stdin else self.reader


def is_request_path(path: str) -> bool:
    """Whether a folder walk keeps `path`: a reader is registered for its suffix."""
    return reader_for(path) is not None


def _reader_name(path: str) -> str:
    """The reader for a path named on the command line: by suffix, else the default (a JSON document)."""
    return (reader_for(path) or DEFAULT).name


def is_excluded(path: str, patterns: tuple[str, ...], root: str | None = None) -> bool:
    """A glob matches a path if it matches its name, the whole path (with or without a leading `./`), or the
    path relative to the folder being walked (`--exclude 'tmp/*'` skips requests/tmp/ under requests/)."""
    if not patterns:
        return False
    name = os.path.basename(path.rstrip("/" + os.sep)) or path
    posix = path.replace(os.sep, "/")
    candidates = {name, posix, posix.removeprefix("./")}
    if root is not None:
        candidates.add(os.path.relpath(path, root).replace(os.sep, "/"))
    return any(fnmatch.fnmatchcase(candidate, pattern) for pattern in patterns for candidate in candidates)


def discover(
    paths: Iterable[str], exclude: tuple[str, ...] = (), stdin_name: str | None = None
) -> list[Target]:
    """Targets in command-line order; folders expand to their request files, sorted; duplicates once."""
    targets: list[Target] = []
    seen: set[str] = set()
    for path in paths:
        for target in _expand(path, exclude, stdin_name):
            key = f"{target.kind}:{target.path}"
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _expand(path: str, exclude: tuple[str, ...], stdin_name: str | None) -> Iterator[Target]:
    if path == STDIN:
        name = stdin_name or STDIN
        yield Target(name, _reader_name(name), stdin=True)
        return
    if is_excluded(path, exclude):
        return
    # isdir follows symlinks and is False for anything it cannot stat: the reader reports those.
    if os.path.isdir(path):
        yield from _walk(path, exclude)
        return
    yield Target(path, _reader_name(path))


def _walk(root: str, exclude: tuple[str, ...]) -> Iterator[Target]:
    found = excluded = 0
    problems: list[OSError] = []
    listed_root = False  # os.walk yields nothing at all when the root cannot be listed
    for dirpath, dirnames, filenames in os.walk(root, onerror=problems.append):
        listed_root = True
        # Pruning in place keeps os.walk out of skipped and excluded folders; symlinked folders are
        # not followed (followlinks=False), so a link cycle cannot make the walk endless.
        dirnames[:] = sorted(
            name
            for name in dirnames
            if name not in SKIPPED_DIRS and not is_excluded(_join(root, dirpath, name), exclude, root)
        )
        for name in sorted(filenames):
            if not is_request_path(name) or name.lower().endswith(SIDECAR_SUFFIX):
                continue
            path = _join(root, dirpath, name)
            if is_excluded(path, exclude, root):
                excluded += 1
                continue
            found += 1
            yield Target(path, _reader_name(name))
        yield from _unlisted(root, problems)
    yield from _unlisted(root, problems)  # the root itself, or the last folders listed
    if not found and listed_root:
        detail = f" ({excluded} excluded)" if excluded else ""
        yield Target(root, None, note=f"directory has no {_listed(suffixes())} file{detail}")


def _unlisted(root: str, problems: list[OSError]) -> Iterator[Target]:
    while problems:
        exc = problems.pop(0)
        where = str(exc.filename) if exc.filename is not None else root
        reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
        yield Target(where, None, note=f"cannot list directory: {reason}")


def _join(root: str, dirpath: str, name: str) -> str:
    joined = os.path.join(dirpath, name)
    # A walk of "." reports "./a/b.json"; show "a/b.json" like the rest of the tool chain does.
    if root == "." and joined.startswith("." + os.sep):
        return joined[2:]
    return joined


def _listed(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)
