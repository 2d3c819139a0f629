"""File discovery: folders walked in order, request suffixes only, --exclude, skipped tool folders, stdin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gemini_contract.lint.discovery import Kind, discover, is_excluded


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

    monkeypatch.setattr("gemini_contract.lint.discovery.os.walk", walk)
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

    monkeypatch.setattr("gemini_contract.lint.discovery.os.walk", unlistable)
    assert [(t.path, t.note) for t in discover(["sub"])] == [
        ("sub", "cannot list directory: permission denied")
    ]
