"""Issue 14, item 7: mutations() keeps its promise (errors only by default, Expectation.severity), and the
bodies `sample` writes read like a client's."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from gemini_contract.validator import RULES_BY_ID
from hypothesis import HealthCheck, given, settings

import gemini_contract
from gemini_contract.cli.main import main
from gemini_contract.strategies import MUTATOR_RULES, MUTATORS, Expectation, mutations, requests
from gemini_contract.strategies.plausible import ordered_offsets, without_unspecified

Pair = tuple[dict[str, Any], Expectation]


@settings(max_examples=settings.default.max_examples * 2)
@given(mutations())
def test_a_default_mutation_is_never_valid(pair: Pair) -> None:
    body, expectation = pair
    assert expectation.severity == "error"
    report = gemini_contract.validate(json.dumps(body))
    assert not report.ok  # the docs' guarantee: a negative example is never valid


def test_the_severity_of_each_mutator_is_its_rules() -> None:
    assert MUTATOR_RULES.keys() == MUTATORS.keys()
    warnings = {
        n for n, rule in MUTATOR_RULES.items() if str(RULES_BY_ID[rule].severity_in("google")) != "error"
    }
    assert {"model-in-body", "missing-thought-signature"} <= warnings
    expectation = Expectation("GC301", "/model", "model-in-body")
    assert expectation.severity == "warning"
    assert expectation.to_dict()["severity"] == "warning"


@settings(max_examples=30)
@given(mutations(severity="warning", only=["model-in-body", "wrong-type"]))
def test_severity_widens_the_draw(pair: Pair) -> None:
    _, expectation = pair
    assert expectation.rule == MUTATOR_RULES[expectation.mutation]
    assert expectation.severity == str(RULES_BY_ID[expectation.rule].severity_in("google"))


def test_naming_a_mutator_below_the_severity_is_an_error() -> None:
    with pytest.raises(ValueError, match="severity='warning'"):
        mutations(only=["model-in-body"])
    with pytest.raises(ValueError, match="severity must be one of"):
        mutations(severity="fatal")


_UNSPECIFIED = re.compile(r'"[A-Z0-9_]+_UNSPECIFIED"')


def _seconds(duration: str) -> float:
    return float(duration.removesuffix("s"))


def _offsets(value: Any) -> list[tuple[str, str]]:
    if isinstance(value, list):
        return [pair for item in value for pair in _offsets(item)]
    if not isinstance(value, dict):
        return []
    found = (
        [(value["startOffset"], value["endOffset"])] if {"startOffset", "endOffset"} <= value.keys() else []
    )
    return found + [pair for item in value.values() for pair in _offsets(item)]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(requests(plausible=True))
def test_plausible_bodies_read_like_a_clients(body: dict[str, Any]) -> None:
    roles = [turn["role"] for turn in body["contents"]]
    assert roles[0] == "user"
    assert roles[-1] == "user"
    assert all(a != b for a, b in itertools.pairwise(roles))
    assert all(_seconds(start) <= _seconds(end) for start, end in _offsets(body))
    assert not _UNSPECIFIED.search(json.dumps(body))
    assert gemini_contract.validate(body, profile="strict").ok


def test_the_plausible_edits() -> None:
    clip = {"videoMetadata": {"startOffset": "10s", "endOffset": "2.5s"}}
    assert ordered_offsets(clip) == {"videoMetadata": {"startOffset": "2.5s", "endOffset": "10s"}}
    config = {
        "mediaResolution": "MEDIA_RESOLUTION_UNSPECIFIED",
        "responseModalities": ["MODALITY_UNSPECIFIED"],
    }
    assert without_unspecified(config) == {}
    kept = {"responseModalities": ["TEXT", "MODALITY_UNSPECIFIED"], "stopSequences": []}
    assert without_unspecified(kept) == {"responseModalities": ["TEXT"], "stopSequences": []}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["sample", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_sample_uses_the_lint_profile_names(capsys: pytest.CaptureFixture[str]) -> None:
    _, strict, _ = run(["-n", "3", "--seed", "5", "--profile", "strict"], capsys)
    _, alias, _ = run(["-n", "3", "--seed", "5", "--profile", "canonical"], capsys)
    _, default, _ = run(["-n", "3", "--seed", "5"], capsys)
    assert strict == alias == default


def test_sample_only_and_severity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["-n", "3", "--invalid", "--only", "wrong-type,bad-enum", "--out", str(tmp_path)], capsys
    )
    assert code == 0
    sidecars = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.expect.json"))]
    assert len(sidecars) == 3
    assert {s["mutation"] for s in sidecars} <= {"wrong-type", "bad-enum"}
    assert all(s["severity"] == "error" for s in sidecars)
    code, _, err = run(["-n", "1", "--invalid", "--only", "model-in-body"], capsys)
    assert code == 2
    assert "severity" in err
    code, out, _ = run(["-n", "1", "--invalid", "--only", "model-in-body", "--severity", "warning"], capsys)
    assert code == 0
    assert json.loads(out)["expect"]["severity"] == "warning"
    code, _, err = run(["-n", "1", "--only", "wrong-type"], capsys)
    assert code == 2
