"""Writing generated files atomically, and comparing them with what is on disk (check mode)."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gemini_contract.codegen.emit import GENERATED_MARKER


@dataclass(frozen=True, slots=True)
class Drift:
    """One generated file that differs from what the schema yields now."""

    path: Path
    kind: Literal["changed", "missing", "extra"]
    diff: str


def stale_files(out_dir: Path, wanted: Mapping[str, str]) -> list[Path]:
    """Generated files (they start with the marker) in `out_dir` that the current output does not include.

    Other files in the directory are the user's and are never touched nor reported.
    """
    if not out_dir.is_dir():
        return []
    return sorted(p for p in out_dir.glob("*.py") if p.name not in wanted and _is_generated(p))


def compare(out_dir: Path, files: Mapping[str, str]) -> list[Drift]:
    """The drift between `files` (name -> text) and `out_dir`, with unified diffs; empty when up to date."""
    drifts = []
    for name, text in sorted(files.items()):
        path = out_dir / name
        current = _read(path)
        if current is None:
            drifts.append(Drift(path, "missing", _diff("", text, path)))
        elif current != text:
            drifts.append(Drift(path, "changed", _diff(current, text, path)))
    for path in stale_files(out_dir, files):
        drifts.append(Drift(path, "extra", _diff(_read(path) or "", "", path)))
    return drifts


def write(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    """Bring `out_dir` up to date: replace changed files atomically, remove stale generated ones.

    Returns the paths written or removed. A file is never half-written: each goes to a temporary file in
    the same directory first and then replaces the old one in one rename. Unchanged files are not touched.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    touched = []
    for name, text in sorted(files.items()):
        path = out_dir / name
        if _read(path) != text:
            write_atomic(path, text)
            touched.append(path)
    for path in stale_files(out_dir, files):
        path.unlink()
        touched.append(path)
    return touched


def write_atomic(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None
    except UnicodeDecodeError:
        return path.read_bytes().decode("utf-8", "replace")


def _is_generated(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.readline().startswith(GENERATED_MARKER.encode("utf-8"))


def _diff(before: str, after: str, path: Path) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{path} (on disk)",
        tofile=f"{path} (from the schema)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
