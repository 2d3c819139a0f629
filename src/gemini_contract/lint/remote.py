"""Paths that are URLs (`s3://`, `gs://`, `hdfs://`, `file://`, `memory://`): opened and listed through fsspec.

A run on a Dask cluster reads its inputs where the workers are, most often object storage. `reading` and
`discovery` hand a path here only when it looks like a URL (`is_url`, a regular expression: no import), so
a local run never imports fsspec. Whether the URL can be read is answered as `reading` answers it for a
local path: a stream and its size, or a `ReadProblem` in words for the user.
"""

from __future__ import annotations

import io
import re
from typing import Any, BinaryIO, cast

from gemini_contract.lint.reading import ReadProblem

# A scheme of two letters or more, so that `C://x` (a Windows drive) stays a local path.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+://")
_INSTALL = "pip install 'gemini-contract[dask]' (and the filesystem's package: s3fs, gcsfs, ...)"


def is_url(path: str) -> bool:
    return _URL.match(path) is not None


def _filesystem(url: str) -> tuple[Any, str] | ReadProblem:
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        return ReadProblem("reading a URL needs fsspec", _INSTALL)
    try:
        fs, inner = url_to_fs(url)
    except ImportError as exc:  # fsspec knows the scheme, its package is not installed (s3fs, gcsfs)
        return ReadProblem(f"no filesystem for this URL: {exc}".splitlines()[0], _INSTALL)
    except ValueError as exc:  # an unknown scheme
        return ReadProblem(f"no filesystem for this URL: {exc}".splitlines()[0])
    return fs, inner


def _problem(exc: Exception) -> ReadProblem:
    if isinstance(exc, FileNotFoundError):
        return ReadProblem("no such file or directory")
    if isinstance(exc, PermissionError):
        return ReadProblem("permission denied", "check the credentials the workers read with")
    return ReadProblem(f"{type(exc).__name__}: {exc}".splitlines()[0])


def open_url(url: str) -> tuple[BinaryIO, int] | ReadProblem:
    """Open a URL for binary reading if it names a file (not a folder); return it with its size."""
    found = _filesystem(url)
    if isinstance(found, ReadProblem):
        return found
    fs, inner = found
    try:
        info = fs.info(inner)
        if info.get("type") != "file":
            return ReadProblem(
                f"{'a directory' if info.get('type') == 'directory' else 'not a file'}; not opened"
            )
        stream = fs.open(inner, "rb")
    except Exception as exc:  # any filesystem's error (botocore, gcsfs, pyarrow) is a reason, not a bug
        return _problem(exc)
    return _seekable_lines(stream), int(info.get("size") or 0)


def _seekable_lines(stream: Any) -> BinaryIO:
    """A stream that the readers can use from any thread: the JSON Lines reader calls `readline(limit)`, which
    the object stores' files (fsspec's AbstractBufferedFile) do not take, so they are read through a
    standard buffered reader, which does."""
    from fsspec.spec import AbstractBufferedFile

    if isinstance(stream, io.BytesIO):
        # memory:// hands every opener the one stored BytesIO, position and all: threads of a Dask worker
        # reading ranges of one file would move each other's position. A private copy each.
        return io.BytesIO(stream.getvalue())
    if isinstance(stream, AbstractBufferedFile):
        return cast(BinaryIO, io.BufferedReader(cast(Any, stream)))
    return cast(BinaryIO, stream)


def walk_url(url: str) -> list[str] | ReadProblem:
    """The files under a URL that names a folder, sorted, spelled from the URL as given (`s3://b/logs/` gives
    `s3://b/logs/day1.jsonl`); a URL that names a file (or nothing) is itself."""
    found = _filesystem(url)
    if isinstance(found, ReadProblem):
        return found
    fs, inner = found
    try:
        if not fs.isdir(inner):
            return [url]
        names = sorted(fs.find(inner))
    except Exception as exc:
        return _problem(exc)
    base = inner.rstrip("/")
    return [
        url.rstrip("/") + name[len(base) :] if name.startswith(base + "/") else fs.unstrip_protocol(name)
        for name in names
    ]
