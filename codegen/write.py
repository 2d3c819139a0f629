"""Writing a generated package all at once, and comparing it with what is on disk (check mode).

What the generator owns in an output folder: the files it generates now, files it generated before (regular
files whose first line is the generated marker), and its own temporary files (`.NAME.py.XXXXXXXX.tmp`).
Everything else there (other files, symlinks, folders, whatever their names) is the user's: it is never
opened, written, removed nor reported.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gemini_contract.codegen.emit import GENERATED_MARKER
from gemini_contract.codegen.format import same_code
from gemini_contract.codegen.interrupt import Interrupted, SignalGuard

__all__ = ["Drift", "Interrupted", "compare", "leftover_temporaries", "stale_files", "write", "write_atomic"]

# Our temporary files: ".NAME.py.XXXXXXXX.tmp". We write 8 hex digits; earlier versions (tempfile.mkstemp)
# wrote 8 characters of [a-z0-9_]. Only names of exactly this shape are removed as leftovers.
_TEMPORARY = re.compile(r"\.[^/]+\.py\.[a-z0-9_]{8}\.tmp")


@dataclass(frozen=True, slots=True)
class Drift:
    """One generated file that differs from what the schema yields now, or a leftover temporary file."""

    path: Path
    kind: Literal["changed", "missing", "extra", "leftover"]
    diff: str


def stale_files(out_dir: Path, wanted: Mapping[str, str]) -> list[Path]:
    """Generated files (regular files that start with the marker) in `out_dir` that `wanted` does not include."""
    return [
        path
        for path in _regular_files(out_dir)
        if path.suffix == ".py" and path.name not in wanted and _is_generated(path)
    ]


def leftover_temporaries(out_dir: Path) -> list[Path]:
    """Temporary files of ours in `out_dir`: what a generate killed outright (SIGKILL, power loss) leaves."""
    return [path for path in _regular_files(out_dir) if _TEMPORARY.fullmatch(path.name)]


def compare(out_dir: Path, files: Mapping[str, str]) -> list[Drift]:
    """The drift between `files` (name -> text) and `out_dir`, with unified diffs; empty when up to date
    (a file with the same code in another layout is up to date: see `format.same_code`).

    Raises OSError for a generated file's name that is not a readable regular file (a folder named
    `models.py`, say) and for a folder that cannot be listed.
    """
    drifts = []
    for name, text in sorted(files.items()):
        path = out_dir / name
        current = _read(path)
        if current is None:
            drifts.append(Drift(path, "missing", _diff("", text, path)))
        elif not same_code(current, text):
            drifts.append(Drift(path, "changed", _diff(current, text, path)))
    for path in stale_files(out_dir, files):
        drifts.append(Drift(path, "extra", _diff(_read(path) or "", "", path)))
    for path in leftover_temporaries(out_dir):
        note = f"Only in {out_dir}: {path.name} (a temporary file left by an interrupted generate)\n"
        drifts.append(Drift(path, "leftover", note))
    return drifts


def write(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    """Bring `out_dir` up to date, all files or none; return the paths written or removed.

    Every changed file is written to a temporary file beside it and flushed to disk first; only then are
    they renamed over the old ones, one `os.replace` each, `__init__.py` last. Any failure or interrupt
    before the renames (an exception, KeyboardInterrupt, SIGTERM or SIGHUP) removes the temporary files
    and leaves every old file in place; SIGTERM, SIGHUP and SIGINT arriving during the renames are held
    until they are all done. What no process can catch (SIGKILL, a crash of the machine) can still leave
    temporary files, and only during the renames a mix of old and new files: the next `write` removes the
    temporaries and `compare` reports both. Unchanged files are not touched; stale generated files and
    leftover temporaries are removed after the renames. Two runs into one folder at once are not supported
    (each would take the other's temporary files for leftovers).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    # Everything is read and checked before anything is written, so that a folder we cannot use fails
    # with every old file in place.
    # A file that holds the same code in another layout (ruff's, or the built-in one) is up to date.
    changed = {
        out_dir / name: text
        for name, text in _commit_order(files)
        if (current := _read(out_dir / name)) is None or not same_code(current, text)
    }
    removals = [*stale_files(out_dir, files), *leftover_temporaries(out_dir)]
    with SignalGuard() as guard:
        _replace_all(changed, guard)
    for path in removals:
        path.unlink(missing_ok=True)
    return [*changed, *removals]


def write_atomic(path: Path, text: str) -> None:
    """Replace one file in one rename (a package of one file)."""
    with SignalGuard() as guard:
        _replace_all({path: text}, guard)


def _replace_all(changed: Mapping[Path, str], guard: SignalGuard) -> None:
    temporaries: list[Path] = []
    try:
        for path, text in changed.items():
            _stage(path, text, temporaries)
        with guard.deferred():
            for path, temporary in zip(changed, temporaries, strict=True):
                os.replace(temporary, path)
            if changed:
                _sync_folder(next(iter(changed)).parent)
    except BaseException:
        guard.hold()  # a second signal must not cut the clean-up short
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise


def _stage(path: Path, text: str, temporaries: list[Path]) -> None:
    """Write `text` to a new temporary file beside `path`, flushed to disk, with `path`'s mode.

    The name is recorded before the file is created, so that an interrupt at any point leaves it to the
    caller's clean-up (which ignores names that were never created).
    """
    mode = _mode_of(path)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        temporaries.append(temporary)
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:  # not the file we meant to create: leave it alone
            temporaries.pop()
    with os.fdopen(handle, "wb") as stream:
        stream.write(text.encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(temporary, mode)


def _commit_order(files: Mapping[str, str]) -> list[tuple[str, str]]:
    # The package's entry point goes last: a half-renamed package (see `write`) never has a new
    # `__init__.py` in front of old modules.
    return sorted(files.items(), key=lambda item: (item[0] == "__init__.py", item[0]))


def _sync_folder(folder: Path) -> None:
    # Makes the renames durable. Some file systems refuse to fsync a folder (EINVAL); the renames have
    # happened all the same, so that is not an error.
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:  # a new file, or a dangling symlink in its place
        return 0o644


def _regular_files(out_dir: Path) -> Iterable[Path]:
    """The regular files directly in `out_dir`, by name; symlinks and folders are never ours."""
    try:
        entries = sorted(os.scandir(out_dir), key=lambda entry: entry.name)
    except FileNotFoundError:
        return []
    return [Path(entry.path) for entry in entries if entry.is_file(follow_symlinks=False)]


def _read(path: Path) -> str | None:
    """The text of a generated file's path, None when nothing is there (a dangling symlink included)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # Opening a FIFO would block, and a folder is not ours to replace: the user must look at it.
            raise OSError(errno.EINVAL, "not a regular file, where a generated file goes", str(path))
        return path.read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return None


def _is_generated(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.readline().startswith(GENERATED_MARKER.encode("utf-8"))
    except FileNotFoundError:  # removed since the folder was listed
        return False


def _diff(before: str, after: str, path: Path) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{path} (on disk)",
        tofile=f"{path} (from the schema)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def describe(exc: OSError, fallback: Path) -> str:
    """`path: cause` for an OSError, in one line (the message the CLI prints)."""
    where = exc.filename if exc.filename is not None else fallback
    return f"{os.fsdecode(where)}: {exc.strerror or exc}"
