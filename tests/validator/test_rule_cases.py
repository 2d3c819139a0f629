"""Data-driven rule cases (tests/validator/cases/rules.json): each rule fires at its pointer, clean bodies stay clean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gemini_contract.validator import RULES

from gemini_contract import validate

CASES = json.loads((Path(__file__).parent / "cases" / "rules.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["name"])
def test_rule_fires_at_its_pointer(case: dict[str, Any]) -> None:
    text = json.dumps(case["body"], indent=2).encode()
    found = {(f.rule, f.pointer) for f in validate(text).findings}
    for rule, pointer in case["expect"]:
        assert (rule, pointer) in found, sorted(found)


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["name"])
def test_findings_are_positioned_and_hinted(case: dict[str, Any]) -> None:
    text = json.dumps(case["body"], indent=2).encode()
    for finding in validate(text).findings:
        assert finding.line is not None, finding
        assert finding.message, finding


@pytest.mark.parametrize("case", CASES["clean"], ids=lambda c: c["name"])
def test_clean_body_has_no_finding(case: dict[str, Any]) -> None:
    assert validate(json.dumps(case["body"]).encode()).findings == ()


def test_the_same_verdict_for_a_dict_without_positions() -> None:
    for case in CASES["cases"]:
        from_text = {(f.rule, f.pointer) for f in validate(json.dumps(case["body"]).encode()).findings}
        from_dict = validate(case["body"]).findings
        assert {(f.rule, f.pointer) for f in from_dict} == from_text, case["name"]
        assert all(f.line is None for f in from_dict)


def test_every_cross_field_rule_has_a_case() -> None:
    covered = {rule for case in CASES["cases"] for rule, _ in case["expect"]}
    # GC322/GC335 need 100 MB bodies (covered by the hostile big cases); GC330/GC331 by hostile cases too;
    # GC337 needs a 100 KB pattern (tests/validator/test_faults.py).
    untested = (
        {r.id for r in RULES if r.id.startswith("GC3")}
        - covered
        - {"GC322", "GC330", "GC331", "GC335", "GC336", "GC337"}
    )
    assert untested == set()


def test_did_you_mean_and_valid_names_in_hints() -> None:
    findings = validate(
        {"contents": [{"parts": [{"text": "x"}]}], "generationConfig": {"temprature": 1}}
    ).findings
    assert findings[0].rule == "GC201"
    assert findings[0].hint is not None
    assert "'temperature'" in findings[0].hint
    bad = {
        "contents": [{"parts": [{"text": "x"}]}],
        "safetySettings": [{"category": "X", "threshold": "OFF"}],
    }
    (finding,) = validate(bad).findings
    assert finding.hint is not None
    assert "HARM_CATEGORY_HARASSMENT" in finding.hint


@pytest.mark.parametrize("case", CASES["clean"], ids=lambda c: c["name"])
def test_clean_body_as_a_dict_has_no_finding(case: dict[str, Any]) -> None:
    assert validate(case["body"]).findings == ()


@pytest.mark.parametrize("role", [True, 5, ["user"]])
def test_a_value_of_the_wrong_type_is_one_finding_not_also_a_bad_enum(role: Any) -> None:
    body = {"contents": [{"role": role, "parts": [{"text": "x"}]}]}
    for data in (body, json.dumps(body).encode()):
        assert [(f.rule, f.pointer) for f in validate(data).findings] == [("GC203", "/contents/0/role")]
    assert [f.rule for f in validate({"contents": [{"role": "bot", "parts": [{"text": "x"}]}]}).findings] == [
        "GC204"
    ]


def test_a_batch_record_names_each_member_it_does_not_hold_and_nothing_else() -> None:
    from gemini_contract.validator.api import validate_record

    body = '{"contents":[{"parts":[{"text":"x"}]}]}'
    for record in (f'{{"key":"a","request":{body}}}', f'{{"key":"a","request":{body},"metadata":{{"m":1}}}}'):
        assert validate_record(record).findings == ()
    odd = validate_record(f'{{"key":"a","request":{body},"custom_id":"x","extra":1}}').findings
    assert [(f.rule, f.pointer) for f in odd] == [("GC201", "/custom_id"), ("GC201", "/extra")]
    assert all("batch record" in f.message for f in odd)
