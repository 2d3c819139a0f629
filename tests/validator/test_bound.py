"""A bound validator (api.bound: options resolved once, for a batch's records) gives what validate and
validate_record give for the same options, body by body."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from fixture_paths import corpus_and_rule_bodies
from gemini_contract.validator.api import bound, validate, validate_record

BODIES = [orjson.dumps(body) for body in corpus_and_rule_bodies()]
OPTIONS: list[dict[str, Any]] = [
    {},
    {"profile": "strict"},
    {"select": ("GC2",)},
    {"ignore": ("GC1", "GC3")},
    {"model": "gemini-2.5-flash"},
    {"max_bytes": 200},
]


@pytest.mark.parametrize("options", OPTIONS, ids=json.dumps)
def test_a_bound_validator_reports_what_validate_does(options: dict[str, Any]) -> None:
    one = bound(**options)
    assert [one(body) for body in BODIES] == [validate(body, **options) for body in BODIES]


@pytest.mark.parametrize("options", OPTIONS, ids=json.dumps)
def test_a_bound_record_validator_reports_what_validate_record_does(options: dict[str, Any]) -> None:
    one = bound(record=True, **options)
    records = [b'{"key":"k","request":' + body + b"}" for body in BODIES] + BODIES[:20]
    reports = [one(record) for record in records]
    assert reports == [validate_record(record, **options) for record in records]
    assert any(report.findings for report in reports)  # not vacuous


def test_an_unknown_profile_fails_when_bound() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        bound(profile="lenient")


def test_an_unknown_option_fails_when_bound() -> None:
    with pytest.raises(TypeError, match="unknown option 'max_size'"):
        bound(max_size=10)
