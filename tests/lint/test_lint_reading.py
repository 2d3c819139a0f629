"""Safe reading: only regular files are opened, never past the size limit, each failure a one-line cause."""

from __future__ import annotations

import io
import os
import socket
from pathlib import Path

import pytest

from gemini_contract.lint.jsonl import iter_blocks, split_lines
from gemini_contract.lint.reading import ReadProblem, TooLarge, read_document, read_stream


def test_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"{}")
    assert read_document(str(path), 100) == b"{}"


def test_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 101)
    result = read_document(str(path), 100)
    assert result == TooLarge(101, 100)


@pytest.mark.parametrize(
    ("make", "cause"),
    [
        (os.mkfifo, "FIFO"),
        (lambda p: os.symlink("/dev/zero", p), "character device"),
        (lambda p: os.symlink(p, p), "symlink loop"),
        (lambda p: os.symlink(p.parent / "nowhere.json", p), "dangling symlink"),
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "directory"),
    ],
    ids=["fifo", "device", "loop", "dangling", "missing", "directory"],
)
def test_non_regular_paths_are_problems(tmp_path: Path, make: object, cause: str) -> None:
    path = tmp_path / "x.json"
    make(path)  # type: ignore[operator]
    result = read_document(str(path), 1000)
    assert isinstance(result, ReadProblem)
    assert cause in result.message
    assert "\n" not in result.message


def test_socket_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = read_document(str(path), 1000)
    assert isinstance(result, ReadProblem)
    assert "socket" in result.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 files")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "u.json"
    path.write_bytes(b"{}")
    path.chmod(0)
    result = read_document(str(path), 1000)
    assert isinstance(result, ReadProblem)
    assert "permission denied" in result.message


def test_stream_over_the_limit() -> None:
    assert read_stream(io.BytesIO(b"x" * 11), 10) == TooLarge(None, 10)
    assert read_stream(io.BytesIO(b"x" * 10), 10) == b"x" * 10


def test_blocks_hold_whole_lines_and_cut_overlong_ones() -> None:
    lines = [b"a" * 5, b"b" * 50, b"c" * 3, b"d" * 7]
    data = b"\n".join(lines) + b"\n"
    blocks = list(iter_blocks(io.BytesIO(data), max_bytes=10, block_bytes=8))
    got = []
    for block, cut in blocks:
        in_block = split_lines(block)
        got.extend((line, cut and i == len(in_block) - 1) for i, line in enumerate(in_block))
    assert len(got) == 4
    assert got[0] == (lines[0], False)
    assert got[1][1]  # over the limit: flagged, only the part the block read is kept, the rest skipped
    assert len(got[1][0]) <= 8
    assert got[2:] == [(lines[2], False), (lines[3], False)]


def test_a_line_longer_than_the_limit_is_never_held_whole(tmp_path: Path) -> None:
    data = b'{"a":1}\n' + b"x" * (3 * 1024 * 1024) + b'\n{"b":2}\n'
    blocks = list(iter_blocks(io.BytesIO(data), max_bytes=1024 * 1024, block_bytes=64 * 1024))
    assert max(len(block) for block, _ in blocks) <= 64 * 1024
    assert [cut for _, cut in blocks].count(True) == 1
    assert sum(len(split_lines(block)) for block, _ in blocks) == 3


def test_ranges_inside_one_long_line_are_empty_and_cheap(tmp_path: Path) -> None:
    from gemini_contract.lint.jsonl import seek_line_start

    stream = io.BytesIO(b"x" * 100 + b"\nnext\n")
    assert not seek_line_start(stream, 10, 20)
    assert stream.tell() <= 20  # read no further than the range's end
    assert seek_line_start(stream, 10, 200)
    assert stream.tell() == 101
    assert not seek_line_start(io.BytesIO(b"ab\ncd"), 1, 3)  # a line starting at the end is the next range's
    assert seek_line_start(io.BytesIO(b"ab\ncd"), 1, 4)


def test_split_lines_handles_crlf_and_a_missing_final_newline() -> None:
    assert split_lines(b"a\r\nb\n") == [b"a", b"b"]
    assert split_lines(b"a\nb") == [b"a", b"b"]
    assert split_lines(b"a\n\nb\n") == [b"a", b"", b"b"]
