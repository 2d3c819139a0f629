"""Turning the command line's paths into an ordered list of targets: files, stdin, folders walked, each with
the reader that reads it, as the reader registry says (by suffix).

Nothing here opens a file: whether a path can be read is decided once, in `reading`, right before it is.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from gemini_contract.lint.readers import DEFAULT, name_for, suffixes

if TYPE_CHECKING:
    from gemini_contract.results import Referenced

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
    BATCH = "jsonl"  # JSON Lines: one request body or Batch API record per line
    STDIN = "stdin:" + DOCUMENT  # one request body read from standard input
    STDIN_BATCH = "stdin:" + BATCH  # JSON Lines read from standard input (--stdin-filename *.jsonl)
    UNCHECKABLE = "uncheckable"  # a folder without any request file under it, or one that cannot be listed


class Target(NamedTuple):
    path: str  # as given, or joined onto the folder as given
    reader: str | None  # the name of the reader that reads it; None: nothing can be checked there
    stdin: bool = False  # read from standard input; `path` is the name to report
    note: str = ""  # when there is no reader: why nothing could be checked there
    # A file another one sends as a body (`curl -d @body.json` in Markdown; see `lint.references`): the model
    # its URL names (wins over --model and per-file-models) and where it was named.
    model: str | None = None
    via: Referenced | None = None

    @property
    def kind(self) -> str:
        if self.reader is None:
            return Kind.UNCHECKABLE
        return "stdin:" + self.reader if self.stdin else self.reader


def is_request_path(path: str) -> bool:
    """Whether a folder walk keeps `path`: a reader is registered for its suffix."""
    return name_for(path) is not None


def _reader_name(path: str) -> str:
    """The reader for a path named on the command line: by suffix, else the default (a JSON document)."""
    return name_for(path) or DEFAULT.name


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
    if "://" in path:
        from gemini_contract.lint.remote import is_url

        if is_url(path):
            yield from _walk_url(path, exclude)
            return
    # isdir follows symlinks and is False for anything it cannot stat: the reader reports those.
    if os.path.isdir(path):
        yield from _walk(path, exclude)
        return
    yield Target(path, _reader_name(path))


def _walk(root: str, exclude: tuple[str, ...]) -> Iterator[Target]:
    found = excluded = 0
    problems: list[OSError] = []
    listed_root = False  # the walk yields nothing at all when the root cannot be listed
    for dirpath, dirnames, filenames in walk(root, onerror=problems.append):
        listed_root = True
        # Pruning in place keeps the walk out of skipped and excluded folders; symlinked folders are
        # not followed, so a link cycle cannot make the walk endless.
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


def walk(root: str, onerror: Callable[[OSError], object]) -> Iterator[tuple[str, list[str], list[str]]]:
    """`os.walk(root, onerror=onerror)` (top-down, symlinked folders listed but not entered), with a stack
    instead of recursion: os.walk recurses once per level before Python 3.12, so a tree ~1,000 folders deep
    ended the run in a RecursionError. Folders come out in the same order, the caller prunes `dirnames` in
    place the same way, and `onerror` gets the same errors at the same points."""
    stack = [root]
    while stack:
        top = stack.pop()
        dirs: list[str] = []
        nondirs: list[str] = []
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()  # follows symlinks, like os.walk
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else nondirs).append(entry.name)
        except OSError as exc:  # the folder cannot be listed, or stopped listing part way
            onerror(exc)
            continue
        yield top, dirs, nondirs
        # Reversed onto the stack, so that the first (pruned, sorted) folder is walked next.
        for name in reversed(dirs):
            path = os.path.join(top, name)
            if not os.path.islink(path):
                stack.append(path)


def _walk_url(url: str, exclude: tuple[str, ...]) -> Iterator[Target]:
    """A URL (`s3://bucket/logs/`) through fsspec: a file is itself, a folder its request files, as for a local
    folder (tool folders are not skipped: object stores have none)."""
    from gemini_contract.lint.reading import ReadProblem
    from gemini_contract.lint.remote import walk_url

    listed = walk_url(url)
    if isinstance(listed, ReadProblem):
        yield Target(url, None, note=f"cannot list: {listed.message}")
        return
    if listed == [url]:
        yield Target(url, _reader_name(url))
        return
    kept = [
        path
        for path in listed
        if is_request_path(path)
        and not path.lower().endswith(SIDECAR_SUFFIX)
        and not is_excluded(path, exclude, url)
    ]
    if not kept:
        yield Target(url, None, note=f"directory has no {_listed(suffixes())} file")
    yield from (Target(path, _reader_name(path)) for path in kept)


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
