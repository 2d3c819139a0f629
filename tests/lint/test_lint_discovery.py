"""File discovery: folders walked in order, request suffixes only, --exclude, skipped tool folders, stdin."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gemini_contract.lint.discovery import Kind, discover, is_excluded, walk


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in [
        "b.json",
        "a.jsonl",
        "c.NDJSON",
        "notes.txt",
        "sub/d.json",
        "sub/deep/e.json",
        ".venv/lib/x.json",
        "node_modules/y.json",
        "fixtures/skip.json",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_walk_is_sorted_and_keeps_request_suffixes(tree: Path) -> None:
    targets = discover(["."])
    assert [(t.path, t.kind) for t in targets] == [
        ("a.jsonl", Kind.BATCH),
        ("b.json", Kind.DOCUMENT),
        ("c.NDJSON", Kind.BATCH),
        ("fixtures/skip.json", Kind.DOCUMENT),
        ("sub/d.json", Kind.DOCUMENT),
        ("sub/deep/e.json", Kind.DOCUMENT),
    ]


def test_folder_path_is_joined_as_given(tree: Path) -> None:
    assert [t.path for t in discover(["sub/"])] == ["sub/d.json", "sub/deep/e.json"]


def test_exclude_matches_names_paths_and_folders(tree: Path) -> None:
    assert [t.path for t in discover(["."], exclude=("fixtures",))][3:] == ["sub/d.json", "sub/deep/e.json"]
    assert "sub/deep/e.json" not in [t.path for t in discover(["."], exclude=("sub/deep/*",))]
    assert [t.path for t in discover(["."], exclude=("*.json",))] == ["a.jsonl", "c.NDJSON"]
    assert discover(["b.json"], exclude=("b.json",)) == []
    assert [t.path for t in discover(["sub"], exclude=("deep/*",))] == [
        "sub/d.json"
    ]  # relative to the folder


def test_folder_without_request_files_is_a_target_of_its_own(tree: Path) -> None:
    (target,) = discover(["empty"])
    assert target.kind is Kind.UNCHECKABLE
    assert "no .json" in target.note
    (excluded,) = discover(["sub"], exclude=("*.json",))
    assert excluded.kind is Kind.UNCHECKABLE
    assert "2 excluded" in excluded.note


def test_explicit_files_keep_any_suffix_and_missing_paths_pass_through(tree: Path) -> None:
    targets = discover(["notes.txt", "missing.json", "a.jsonl"])
    assert [(t.path, t.kind) for t in targets] == [
        ("notes.txt", Kind.DOCUMENT),
        ("missing.json", Kind.DOCUMENT),
        ("a.jsonl", Kind.BATCH),
    ]


def test_stdin_and_duplicates(tree: Path) -> None:
    assert [(t.path, t.kind) for t in discover(["-", "b.json", "b.json", "-"])] == [
        ("-", Kind.STDIN),
        ("b.json", Kind.DOCUMENT),
    ]
    assert discover(["-"], stdin_name="req.json")[0].path == "req.json"


def test_symlinked_folders_are_not_followed(tree: Path) -> None:
    (tree / "sub" / "loop").symlink_to(tree / "sub")
    assert [t.path for t in discover(["sub"])] == ["sub/d.json", "sub/deep/e.json"]


def test_is_excluded_ignores_leading_dot_slash() -> None:
    assert is_excluded("./examples/a.json", ("examples/*",))
    assert not is_excluded("examples/a.json", ())


def test_folders_that_cannot_be_listed_are_targets_of_their_own(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def walk(root: str, onerror: Callable[[OSError], None]) -> Iterator[tuple[str, list[str], list[str]]]:
        yield root, ["locked"], ["a.json"]
        onerror(PermissionError(13, "Permission denied", f"{root}/locked"))

    monkeypatch.setattr("gemini_contract.lint.discovery.walk", walk)
    targets = discover(["sub"])
    assert [(t.path, t.kind) for t in targets] == [
        ("sub/a.json", Kind.DOCUMENT),
        ("sub/locked", Kind.UNCHECKABLE),
    ]
    assert targets[1].note == "cannot list directory: permission denied"

    def unlistable(
        root: str, onerror: Callable[[OSError], None]
    ) -> Iterator[tuple[str, list[str], list[str]]]:
        onerror(PermissionError(13, "Permission denied", root))
        yield from ()

    monkeypatch.setattr("gemini_contract.lint.discovery.walk", unlistable)
    assert [(t.path, t.note) for t in discover(["sub"])] == [
        ("sub", "cannot list directory: permission denied")
    ]


DEPTH = 1000


def _descend(top: Path, depth: int, *, create: bool) -> int:
    """An fd of the folder `depth` levels of `d` under `top`, made level by level if `create`: the whole
    path can be longer than the system takes at once, and os.makedirs recurses once per level."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        if create:
            os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
    return fd


def _remove_deep(top: Path, depth: int) -> None:
    """Without recursion (pytest's clean-up, shutil.rmtree, recurses once per level too): down to the
    bottom, then up through `..`, emptying each folder on the way."""
    fd = _descend(top, depth, create=False)
    for _ in range(depth + 1):
        for entry in os.scandir(fd):
            if entry.is_dir(follow_symlinks=False):
                os.rmdir(entry.name, dir_fd=fd)
            else:
                os.unlink(entry.name, dir_fd=fd)
        parent = os.open("..", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = parent
    os.close(fd)


def test_a_tree_a_thousand_levels_deep_is_walked_without_recursion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18 item 3: os.walk recursed per level and the whole run ended in a RecursionError."""
    from gemini_contract.cli.main import main

    deep = tmp_path / "deep"
    deep.mkdir()
    fd = _descend(deep, DEPTH, create=True)
    try:
        body = os.open("bottom.json", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(body, b'{"contents":[{"role":"user","parts":[{"text":"deep"}]}]}')
        os.close(body)
        os.mkdir(".git", dir_fd=fd)  # pruning still applies at the bottom
        (tmp_path / "good.json").write_text('{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}')
        bottom = os.path.join(str(deep), *["d"] * DEPTH, "bottom.json")

        assert [t.path for t in discover([str(deep), str(tmp_path / "good.json")])] == [
            bottom,
            str(tmp_path / "good.json"),
        ]
        assert [t.path for t in discover([str(deep)], exclude=("bottom.json",))] == [str(deep)]
        assert main(["lint", "--format", "json", str(deep), str(tmp_path / "good.json")]) == 0
        assert json.loads(capsys.readouterr().out)["summary"]["valid"] == 2
    finally:
        os.close(fd)
        _remove_deep(deep, DEPTH)
    assert not any(deep.iterdir())


def test_the_walk_matches_os_walk(tree: Path) -> None:
    (tree / "sub" / "loop").symlink_to(tree / "sub")
    (tree / "sub" / "link.json").symlink_to(tree / "b.json")
    (tree / "sub" / "dangling.json").symlink_to(tree / "missing")
    ours = [(top, sorted(dirs), sorted(files)) for top, dirs, files in walk(".", print)]
    assert ours == [(top, sorted(dirs), sorted(files)) for top, dirs, files in os.walk(".")]
