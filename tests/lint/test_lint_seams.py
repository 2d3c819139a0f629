"""The lint seams: readers by suffix, settings from sources, formats by name, executors that agree, and
finding fields (span, end, fix) carried through worker pipes and placed by their origin."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import pytest
from gemini_contract.validator.contract import QUIET_AFTER, request_contract
from gemini_contract.validator.findings import Finding, Report, Severity
from gemini_contract.validator.spans import Embedded, Fix, Record, Span

from gemini_contract.errors import SettingsError
from gemini_contract.lint import readers
from gemini_contract.lint.discovery import discover
from gemini_contract.lint.executors import Failure, ForkExecutor, SerialExecutor
from gemini_contract.lint.forking import CAN_FORK
from gemini_contract.lint.runner import run
from gemini_contract.lint.settings import LintSettings, Source, command_line_label
from gemini_contract.lint.units import BodyUnit, Context, Unit
from gemini_contract.reporters import FORMATS, Style, reporter_for
from gemini_contract.results import FileResult, Located, Status

GOOD = '{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}'
BAD = '{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"topk":1}}'


def test_readers_are_picked_by_suffix() -> None:
    assert readers.reader_for("a/b.JSON") is readers.DEFAULT
    jsonl = readers.reader_for("x.ndjson")
    assert jsonl is not None
    assert jsonl.ranged
    assert readers.reader_for("notes.txt") is None
    # .sse: recorded response streams; .http/.rest and Markdown: requests in host files
    assert readers.suffixes() == (".json", ".jsonl", ".ndjson", ".sse", ".http", ".rest", ".md", ".markdown")


def test_deferred_readers_are_what_they_say_and_load_on_first_use() -> None:
    import importlib

    for entry in readers.BUILT_IN:
        module, _, attribute = entry.where.partition(":")
        reader = getattr(importlib.import_module(module), attribute)
        assert (reader.name, reader.suffixes) == (entry.name, entry.suffixes)
        assert readers.name_for("x" + entry.suffixes[0]) == entry.name
        assert readers.reader_named(entry.name) is reader
        assert readers.READERS[entry.name] is reader  # loaded once, kept


def test_linting_a_json_file_does_not_import_the_other_readers(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "a.json").write_text(GOOD)
    script = (
        "import sys\n"
        "from gemini_contract.cli.main import main\n"  # entry() would end the process (os._exit)
        f"main(['lint', '-j1', {str(tmp_path / 'a.json')!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('gemini_contract.lint.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    loaded = out.strip().splitlines()[-1]
    for entry in readers.BUILT_IN:
        assert entry.where.partition(":")[0] not in loaded, entry.name


def test_json_lines_units_one_at_a_time_match_the_bulk_records() -> None:
    jsonl = readers.reader_named("jsonl")
    settings = LintSettings(max_bytes=5)
    units = list(jsonl.units(b"{}\n[1,2,3,4]\n{}", settings))
    assert [unit.origin for unit in units] == [Record(1), Record(2), Record(3)]
    assert [unit.body for unit in units] == [b"{}", b"", b"{}"]
    assert [unit.problem.rule if unit.problem else None for unit in units] == [None, "GC010", None]
    assert all(unit.context.record for unit in units)


def test_the_reader_of_a_path_is_the_longest_suffix_it_ends_with_memo_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """_entry_for answers from a memo per extension while every suffix is one extension: the same answer as
    the longest-suffix loop, before and after a registration claims an extension or adds a two-part suffix."""
    paths = ["a.json", "A.JSONL", "b.ndjson", "c.md", "x", "dir.d/file", "y.txt", "q.", ".json", "a.b.rest"]
    paths += ["t.reqmd", "t.x.reqmd", "T.X.REQMD"]

    def agree() -> None:
        for path in paths * 2:  # the second round comes from the memo
            assert readers._entry_for(path) is readers._longest_suffix(path.lower()), path

    original = readers.READERS
    monkeypatch.setattr(readers, "READERS", dict(original))
    agree()
    readers.register(_Markdown())
    agree()
    assert readers.name_for("t.reqmd") == "test-md"  # now in the memo
    monkeypatch.setattr(readers, "READERS", original)
    assert readers.name_for("t.reqmd") is None  # the registry swapped back: no stale memo
    monkeypatch.setattr(readers, "READERS", dict(original))
    readers.register(_Markdown())
    readers.register(_Markdown(name="two-part", suffixes=(".x.reqmd",)))
    agree()
    assert (readers.name_for("t.x.reqmd"), readers.name_for("t.reqmd")) == ("two-part", "test-md")


@dataclass(frozen=True, slots=True)
class _Markdown:
    """A made-up reader: the body is the file after its first line, placed one line down."""

    name: str = "test-md"
    suffixes: tuple[str, ...] = (".reqmd",)
    ranged: bool = False

    def units(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Iterator[Unit]:
        _, _, body = data.partition(b"\n")
        yield BodyUnit(
            body, Embedded(2, 1), Context(model="gemini-2.5-flash")
        )  # a model of the table: its rules apply


def test_a_new_input_kind_is_a_reader_and_a_registration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "READERS", dict(readers.READERS))
    readers.register(_Markdown())
    (tmp_path / "a.reqmd").write_text("# a request\n" + BAD)
    (tmp_path / "b.json").write_text(BAD)
    targets = discover([str(tmp_path)])
    assert [(Path(t.path).name, t.reader) for t in targets] == [("a.reqmd", "test-md"), ("b.json", "json")]
    embedded, whole = run(targets, LintSettings(jobs=1))
    shifted = [(item.finding.rule, item.finding.line) for item in embedded.findings]
    assert shifted == [(item.finding.rule, item.finding.line + 1) for item in whole.findings]  # type: ignore[operator]
    assert all(isinstance(item.origin, Embedded) for item in embedded.findings)


def test_settings_merge_sources_and_name_the_bad_one() -> None:
    assert LintSettings.from_sources() == LintSettings()
    config = Source("gemini-contract.toml", {"profile": "strict", "select": ["GC2"], "jobs": 2})
    typed = Source("command line", {"jobs": 3, "max_bytes": "2K"}, command_line_label)
    settings = LintSettings.from_sources(config, typed)
    assert (settings.profile, settings.select, settings.jobs, settings.max_bytes) == (
        "strict",
        ("GC2",),
        3,
        2048,
    )
    with pytest.raises(SettingsError) as caught:
        LintSettings.from_sources(Source("command line", {"ignore": ("GC2,XX9",)}, command_line_label))
    assert caught.value.source == "--ignore"
    assert "unknown rule XX9" in caught.value.message
    with pytest.raises(SettingsError, match="fail_on"):
        LintSettings.from_sources(Source("config", {"fail_on": "fatal"}))


def test_every_format_is_registered_streaming_or_whole_run() -> None:
    result = FileResult(
        "b.jsonl",
        Status.INVALID,
        (Located(Finding("GC201", Severity.ERROR, "", 4, 1, "m"), Record(4)),),
        batch=True,
    )
    kinds = {}
    for name in FORMATS:
        reporter = reporter_for(name, Style(version="0"))
        kinds[name] = reporter.streaming
        text = reporter.file(result) if reporter.streaming else reporter.run([result])
        assert "GC201" in text
    assert kinds == {"text": True, "json": False, "github": True, "sarif": False}
    assert json.loads(reporter_for("json", Style()).run([result]))["files"][0]["findings"][0]["record"] == 4


def _square(value: int) -> int:
    return value * value


@pytest.mark.parametrize("executor", [SerialExecutor(), ForkExecutor(3)])
def test_executors_agree_and_report_progress_here(executor: SerialExecutor | ForkExecutor) -> None:
    done: list[int] = []
    assert list(executor.map(_square, list(range(10)), 3, done.append)) == [v * v for v in range(10)]
    # The items done here, in order: all of them serially, the parent's share (maybe none) when forked.
    assert done == sorted(set(done))
    assert set(done) <= set(range(10))
    if isinstance(executor, SerialExecutor):
        assert done == list(range(10))
    results, failures = executor.claim(_square, 20, 2, None)
    assert failures == []
    assert results == {item: item * item for item in range(20)}


@pytest.mark.skipif(not CAN_FORK, reason="forked on Linux only")
def test_a_lost_worker_is_a_failure_per_item_it_held() -> None:
    import os
    import signal
    import time

    parent = os.getpid()

    def die_in_child(value: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # on the first item the child claims
        time.sleep(0.005)  # the parent is slow enough that the child gets an item
        return value

    out = list(ForkExecutor(2).map(die_in_child, list(range(40)), 2))
    lost = [index for index, value in enumerate(out) if isinstance(value, Failure)]
    assert len(lost) == 1
    assert "signal 9" in cast(Failure, out[lost[0]]).message
    assert all(value == index for index, value in enumerate(out) if index not in lost)


@pytest.mark.skipif(not CAN_FORK, reason="forked on Linux only")
def test_fork_map_shares_out_items_of_uneven_cost() -> None:
    """Whichever worker is free takes the next item: the slow items of a pattern that repeats (every other
    one here) are not all left to one worker, as strided shards left them."""
    import os
    import time

    def slow_when_odd(value: int) -> int:
        if value % 2:
            time.sleep(0.002)
        return os.getpid()

    pids = list(ForkExecutor(2).map(slow_when_odd, list(range(100)), 2))
    assert len(set(pids[1::2])) == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_finding_fields_cross_worker_pipes_and_are_placed_by_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    def fake(options: object, line: bytes) -> Report:  # what a bound record validator calls per record
        if b"topk" not in line:
            return Report((), None)
        finding = Finding("GC201", Severity.ERROR, "/generationConfig/topk", 1, 66, "unknown", None)
        fix = Fix(Span(65, 71), '"topK"')
        return Report((replace(finding, span=Span(65, 71), end_line=1, end_column=72, fix=fix),), None)

    monkeypatch.setattr("gemini_contract.validator.api._record", fake)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(BAD if index % 7 == 3 else GOOD for index in range(300)) + "\n")
    (result,) = run(discover([str(path)]), LintSettings(jobs=jobs))
    assert result.records == 300
    lines = [index + 1 for index in range(300) if index % 7 == 3]
    assert [item.record for item in result.findings] == lines
    for item in result.findings:
        finding = item.finding
        assert finding.line == finding.end_line == item.record
        assert (finding.column, finding.end_column, finding.span) == (66, 72, Span(65, 71))
        assert finding.fix == Fix(Span(65, 71), '"topK"')


@pytest.mark.parametrize(
    ("files", "batch", "quiet_before_the_work"),
    [(3, False, False), (QUIET_AFTER + 1, False, True), (1, True, True)],
)
def test_a_run_of_many_documents_compiles_the_quiet_validators_before_its_work(
    tmp_path: Path, files: int, batch: bool, quiet_before_the_work: bool
) -> None:
    # A few files are checked without the quiet validators (Contract.quiet_due); a run that will check more
    # documents than that (many files, a batch) turns them on when it warms up, before it forks, so that its
    # workers inherit them instead of each compiling them.
    suffix = ".jsonl" if batch else ".json"
    for index in range(files):
        (tmp_path / f"r{index}{suffix}").write_text(GOOD + "\n")
    contract = request_contract()
    contract.quiet_after(QUIET_AFTER)
    try:
        results = run(discover([str(tmp_path)]), LintSettings(jobs=1))
        first = next(results)  # the warm-up runs before the first result
        assert contract.quiet_on is quiet_before_the_work
        checked = [first, *results]
        assert len(checked) == files
        assert all(result.status is Status.VALID for result in checked)
        if not quiet_before_the_work:  # and the run stays short of QUIET_AFTER documents
            assert not contract.quiet_on
    finally:
        contract.quiet_after(0)
