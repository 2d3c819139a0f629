"""Opening a path safely: only regular files are opened (never a FIFO, device or socket), and never read past a limit.

The type is checked with `os.stat` before opening, and again with `os.fstat` on the open descriptor
(opened non-blocking) so that a file swapped for a FIFO in between cannot block the linter.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Callable
from typing import BinaryIO, NamedTuple

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class ReadProblem:
    """Why a path could not be read, in words for the user (one line, no path). Not a tuple: it stands in
    unions with tuples; not a frozen dataclass, whose definition cost 0.7% of a one-file lint."""

    __slots__ = ("hint", "message")

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint

    def __repr__(self) -> str:
        return f"ReadProblem(message={self.message!r}, hint={self.hint!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReadProblem):
            return NotImplemented
        return (self.message, self.hint) == (other.message, other.hint)

    def __hash__(self) -> int:
        return hash((self.message, self.hint))

    def __reduce__(self) -> tuple[type[ReadProblem], tuple[str, str | None]]:
        return ReadProblem, (self.message, self.hint)


class TooLarge(NamedTuple):
    """A regular file (or stream) larger than the limit; it was not read."""

    size: int | None  # None when the length is not known (stdin: only "more than the limit")
    limit: int


def describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def describe_os_error(path: str, exc: OSError) -> ReadProblem:
    code = exc.errno
    if code == errno.ELOOP:
        return ReadProblem("symlink loop (too many levels of symbolic links)")
    if code == errno.ENOENT:
        if os.path.islink(path):
            return ReadProblem(f"dangling symlink (target {_readlink(path)!r} does not exist)")
        return ReadProblem("no such file or directory")
    if code in (errno.EACCES, errno.EPERM):
        return ReadProblem("permission denied", "check the file's mode and owner")
    reason = os.strerror(code).lower() if code else type(exc).__name__
    return ReadProblem(reason)


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def open_regular(path: str) -> tuple[BinaryIO, int] | ReadProblem:
    """Open `path` for binary reading if (and only if) it is a regular file; return it with its size. A URL
    (`s3://...`) is opened through fsspec, imported only then (see `remote`)."""
    if "://" in path:  # a substring test first: the local path pays nothing for URLs
        from gemini_contract.lint.remote import is_url, open_url

        if is_url(path):
            return open_url(path)
    opened = _open_fd(path)
    if isinstance(opened, ReadProblem):
        return opened
    fd, size = opened
    return os.fdopen(fd, "rb"), size


def _open_fd(path: str) -> tuple[int, int] | ReadProblem:
    """A descriptor open for reading on `path` if (and only if) it is a regular file, with its size."""
    try:
        before = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: embedded NUL in the path
        return describe_os_error(path, exc) if isinstance(exc, OSError) else ReadProblem("invalid path")
    if not stat.S_ISREG(before.st_mode):
        return ReadProblem(f"{describe_mode(before.st_mode)}, not a regular file; not opened")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return describe_os_error(path, exc)
    try:
        after = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        return describe_os_error(path, exc)
    if not stat.S_ISREG(after.st_mode):
        os.close(fd)
        return ReadProblem(f"{describe_mode(after.st_mode)}, not a regular file; not read")
    return fd, after.st_size


def read_document(path: str, max_bytes: int) -> bytes | ReadProblem | TooLarge:
    """The whole content of a regular file of at most `max_bytes` bytes."""
    if "://" in path:  # a URL: through its stream (see open_regular)
        opened = open_regular(path)
        if isinstance(opened, ReadProblem):
            return opened
        stream, size = opened
        with stream:
            return _whole(size, max_bytes, path, stream.read)
    local = _open_fd(path)
    if isinstance(local, ReadProblem):
        return local
    fd, size = local
    # os.read on the descriptor, not a BufferedReader around it: half the time of a small file's read (a
    # lint of 1000 files reads 1000 of them).
    try:
        return _whole(size, max_bytes, path, functools.partial(_read_fd, fd))
    finally:
        os.close(fd)


def _read_fd(fd: int, count: int) -> bytes:
    """Up to `count` bytes from `fd`, fewer only at its end (a read may return less than asked)."""
    data = os.read(fd, count)
    if len(data) in (0, count):
        return data
    pieces = [data]
    got = len(data)
    while got < count:
        piece = os.read(fd, count - got)
        if not piece:
            break
        pieces.append(piece)
        got += len(piece)
    return b"".join(pieces)


def _whole(
    size: int, max_bytes: int, path: str, read: Callable[[int], bytes]
) -> bytes | ReadProblem | TooLarge:
    if size > max_bytes:
        return TooLarge(size, max_bytes)
    try:
        # One byte more than expected tells a file that grew since fstat from one that did not.
        data = read(min(size, max_bytes) + 1)
    except OSError as exc:
        return describe_os_error(path, exc)
    if len(data) > max_bytes:
        return TooLarge(None, max_bytes)
    if len(data) != size:
        # Written to while we read it: what we hold is a cut of it (a document cut short reads as an
        # unterminated string or a missing bracket), so no finding about its content would be true.
        return changed_while_read(size, len(data))
    return data


def changed_while_read(size: int, read: int) -> ReadProblem:
    grew = "more" if read > size else f"{read:,}"
    return ReadProblem(
        f"the file changed while being read ({size:,} bytes when opened, {grew} read)",
        "check it again once whatever writes it is done",
    )


def read_stream(stream: BinaryIO, max_bytes: int) -> bytes | ReadProblem | TooLarge:
    """At most `max_bytes` bytes from an already open stream (stdin); more is reported, not read."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        return ReadProblem(os.strerror(exc.errno).lower() if exc.errno else str(exc))
    if len(data) > max_bytes:
        return TooLarge(None, max_bytes)
    return data
