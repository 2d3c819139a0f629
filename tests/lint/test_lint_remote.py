"""Paths as fsspec URLs (`lint/remote.py`): read, listed and reported as local paths are, and fsspec imported
only for a URL. `memory://` and `file://` stand in for object stores; a filesystem whose files are fsspec's
AbstractBufferedFile (as s3fs's, gcsfs's are) checks the JSON Lines reader's `readline(limit)`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

fsspec = pytest.importorskip("fsspec")

from fsspec.implementations.memory import MemoryFileSystem  # noqa: E402
from fsspec.spec import AbstractBufferedFile  # noqa: E402

from gemini_contract.cli.main import main  # noqa: E402
from gemini_contract.lint.reading import ReadProblem, open_regular  # noqa: E402
from gemini_contract.lint.remote import is_url, walk_url  # noqa: E402

GOOD = b'{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}'
BAD = b'{"contents": [{"role": "user", "parts": [{"text": "Hello"}]}], "generationConfig": {"topk": 3}}'


@pytest.fixture
def memory() -> Iterator[MemoryFileSystem]:
    fs = MemoryFileSystem()
    root = "/gc-remote-test"
    fs.pipe(
        {
            f"{root}/a/good.json": GOOD,
            f"{root}/a/bad.json": BAD,
            f"{root}/b.jsonl": GOOD + b"\n" + BAD + b"\n",
        }
    )
    fs.pipe({f"{root}/a/bad.expect.json": b"{}", f"{root}/a/notes.txt": b"x"})
    yield fs
    fs.rm(root, recursive=True)


def test_urls_are_told_from_paths() -> None:
    assert is_url("s3://bucket/x.jsonl")
    assert is_url("memory://a/b.json")
    assert not is_url("C://x.json")  # a Windows drive
    assert not is_url("dir/s3://x")
    assert not is_url("plain.json")


def test_a_url_reads_and_reports_like_a_local_file(
    memory: MemoryFileSystem, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_bytes(BAD)
    assert main(["lint", str(tmp_path / "bad.json")]) == 1
    local = capsys.readouterr().out
    assert main(["lint", "memory://gc-remote-test/a/bad.json"]) == 1
    remote = capsys.readouterr().out
    assert remote == local.replace(str(tmp_path / "bad.json"), "memory://gc-remote-test/a/bad.json")
    assert main(["lint", f"file://{tmp_path}/bad.json"]) == 1
    assert capsys.readouterr().out == local.replace(str(tmp_path / "bad.json"), f"file://{tmp_path}/bad.json")


def test_a_url_folder_is_walked_like_a_local_one(memory: MemoryFileSystem) -> None:
    listed = walk_url("memory://gc-remote-test/")
    assert not isinstance(listed, ReadProblem)
    assert "memory://gc-remote-test/a/good.json" in listed
    from gemini_contract.lint.discovery import discover

    targets = discover(["memory://gc-remote-test/"], exclude=("good.json",))
    assert [(t.path, t.reader) for t in targets] == [
        ("memory://gc-remote-test/a/bad.json", "json"),
        ("memory://gc-remote-test/b.jsonl", "jsonl"),
    ]


def test_a_batch_url_gets_its_records(memory: MemoryFileSystem, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", "memory://gc-remote-test/b.jsonl"]) == 1
    out = capsys.readouterr().out
    assert '"record": 2' in out
    assert '"record": 1' not in out


def test_what_cannot_be_read_is_an_input_error(
    memory: MemoryFileSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", "memory://gc-remote-test/missing.json"]) == 2
    assert "no such file or directory" in capsys.readouterr().out
    assert main(["lint", "nosuchscheme://x/y.json"]) == 2
    assert "no filesystem for this URL" in capsys.readouterr().out
    problem = open_regular("memory://gc-remote-test/a")
    assert isinstance(problem, ReadProblem)
    assert "directory" in problem.message


class _BufferedFile(AbstractBufferedFile):  # type: ignore[misc]
    def _fetch_range(self, start: int, end: int) -> bytes:
        data: bytes = self.fs.store[self.path][start:end]
        return data


class _ObjectStore(fsspec.AbstractFileSystem):  # type: ignore[misc,name-defined]
    """Files as an object store serves them: AbstractBufferedFile, whose readline takes no limit."""

    protocol = "gctestobj"
    store: dict[str, bytes] = {}  # noqa: RUF012

    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        path = "/" + self._strip_protocol(path).lstrip("/")
        if path not in self.store:
            raise FileNotFoundError(path)
        return {"name": path, "size": len(self.store[path]), "type": "file"}

    def isdir(self, path: str) -> bool:
        return False

    def _open(self, path: str, mode: str = "rb", **kwargs: Any) -> _BufferedFile:
        path = "/" + self._strip_protocol(path).lstrip("/")
        return _BufferedFile(self, path, mode, block_size=64, size=len(self.store[path]))


def test_object_store_files_read_lines_with_a_limit(capsys: pytest.CaptureFixture[str]) -> None:
    fsspec.register_implementation("gctestobj", _ObjectStore, clobber=True)
    lines = [GOOD, BAD, b"x" * 300, GOOD]
    _ObjectStore.store["/batch.jsonl"] = b"\n".join(lines) + b"\n"
    # --jobs 2 cuts even this small file into ranges: each seeks to its first line with readline(limit).
    assert (
        main(["lint", "--format", "json", "--max-bytes", "200", "--jobs", "2", "gctestobj:///batch.jsonl"])
        == 1
    )
    out = capsys.readouterr().out
    assert '"GC201"' in out
    assert '"GC010"' in out  # the long line was read up to the limit only, through readline(limit)


def test_a_local_run_does_not_import_fsspec(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_bytes(GOOD)
    code = (
        "import sys; from gemini_contract.cli.main import main; rc = main(['lint', '-q', sys.argv[1]]); "
        "assert 'fsspec' not in sys.modules, 'fsspec imported'; assert 'dask' not in sys.modules; sys.exit(rc)"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "good.json")], check=True)
