"""`gemini-contract sample`: deterministic for a seed, valid bodies validate, invalid ones carry a correct sidecar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gemini_contract
from gemini_contract.cli.main import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["sample", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_same_seed_same_bodies_and_all_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, first, _ = run(["-n", "8", "--seed", "42"], capsys)
    assert code == 0
    _, again, _ = run(["-n", "8", "--seed", "42"], capsys)
    _, other, _ = run(["-n", "8", "--seed", "43"], capsys)
    assert first == again
    assert first != other
    bodies = [json.loads(line) for line in first.splitlines()]
    assert len(bodies) == 8
    assert all(gemini_contract.validate(b, profile="strict").ok for b in bodies)


def test_google_profile_bodies_are_accepted_by_the_google_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["-n", "5", "--profile", "google", "--seed", "1"], capsys)
    assert code == 0
    assert all(gemini_contract.validate(line.encode()).ok for line in out.splitlines())


def test_invalid_bodies_are_written_with_sidecars_that_the_validator_confirms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["-n", "6", "--invalid", "--seed", "9", "--out", str(tmp_path / "fixtures")], capsys)
    assert code == 0
    written = [Path(p) for p in out.splitlines()]
    assert len(written) == 6
    for path in written:
        sidecar = path.with_name(path.name.removesuffix(".json") + ".expect.json")
        expect = json.loads(sidecar.read_text(encoding="utf-8"))
        report = gemini_contract.validate(path.read_bytes())
        assert (expect["rule"], expect["pointer"]) in {(f.rule, f.pointer) for f in report.findings}


def test_lint_of_a_sample_folder_checks_the_bodies_not_the_sidecars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["-n", "4", "--invalid", "--seed", "3", "--out", str(tmp_path)], capsys)
    assert code == 0
    bodies = sorted(out.splitlines())
    # Issue #13: a body with its .expect.json sidecar passes when the expected finding appears: that
    # finding is consumed, none is missing, and a sampled body has no other (seed 3 had a second, GC323).
    main(["lint", "--format", "json", str(tmp_path)])
    report = json.loads(capsys.readouterr().out)
    assert sorted(entry["path"] for entry in report["files"]) == bodies
    for entry in report["files"]:
        expected = json.loads(Path(entry["path"].removesuffix(".json") + ".expect.json").read_text())
        found = {(f["rule"], f["pointer"]) for f in entry["findings"]}
        assert (expected["rule"], expected["pointer"]) not in found
        assert found == set()
    sidecar = next(tmp_path.glob("*.expect.json"))
    # Issue #13: a named file that is not a request (the sidecar) is skipped, as pre-commit names every
    # JSON file; --no-recognize checks it.
    main(["lint", "--format", "json", str(sidecar)])
    assert json.loads(capsys.readouterr().out)["skipped"] == [str(sidecar)]
    main(["lint", "--format", "json", "--no-recognize", str(sidecar)])
    assert [entry["path"] for entry in json.loads(capsys.readouterr().out)["files"]] == [str(sidecar)]


def test_valid_bodies_go_to_files_named_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["-n", "3", "--out", str(tmp_path)], capsys)
    assert code == 0
    assert [Path(p).name for p in out.splitlines()] == [
        "request-0001.json",
        "request-0002.json",
        "request-0003.json",
    ]
    assert not list(tmp_path.glob("*.expect.json"))


@pytest.mark.parametrize(
    "argv",
    [
        ["-n", "0"],
        ["-n", "100001"],
        ["--invalid", "--profile", "google"],
        ["--profile", "proto"],
        ["-n", "x"],
    ],
)
def test_bad_options_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err


def test_an_output_path_that_is_a_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(["-n", "1", "--out", str(blocker / "sub")], capsys)
    assert code == 2
    assert "cannot create" in err


@pytest.mark.parametrize("seed", range(0, 40, 4))
def test_each_invalid_body_carries_exactly_the_finding_its_sidecar_names(
    seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A negative fixture with a second finding fails its lint run: an edit must break one rule, once
    # (issue #13: a mutator that added tools to a body with cachedContent broke GC323 too).
    for offset in range(4):
        out_dir = tmp_path / str(offset)
        code, out, _ = run(
            ["-n", "25", "--invalid", "--seed", str(seed + offset), "--out", str(out_dir)], capsys
        )
        assert code == 0
        for path in map(Path, out.splitlines()):
            expect = json.loads(path.with_name(path.name.removesuffix(".json") + ".expect.json").read_text())
            report = gemini_contract.validate(path.read_bytes())
            found = [(f.rule, f.pointer) for f in report.findings]
            assert found == [(expect["rule"], expect["pointer"])], (path.name, found)


@pytest.mark.parametrize("seed", [88, 98])
def test_the_seeds_that_once_carried_a_second_finding_carry_one(
    seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Seed 88: wrong-type turned a function-call turn into a string (GC319 on its answer as well); seed 98:
    # bad-enum on the type of a Schema with properties (GC316 as well). Found by a sweep of seeds 40-159.
    code, out, _ = run(["-n", "25", "--invalid", "--seed", str(seed), "--out", str(tmp_path)], capsys)
    assert code == 0
    for path in map(Path, out.splitlines()):
        expect = json.loads(path.with_name(path.name.removesuffix(".json") + ".expect.json").read_text())
        found = [(f.rule, f.pointer) for f in gemini_contract.validate(path.read_bytes()).findings]
        assert found == [(expect["rule"], expect["pointer"])], (path.name, found)
