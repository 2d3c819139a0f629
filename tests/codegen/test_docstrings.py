"""Issue 14, item 6: docstrings that tell the truth. The generated docstrings are the schema's descriptions,
so the rule references and the int64 advice in those descriptions are checked against the validator's
rule table (gemini_contract.validator.RULES_BY_ID)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from gemini_contract.schema import load_schema
from gemini_contract.validator import RULES_BY_ID

_RULE = re.compile(r"\bGC\d{3}\b")
# "checked as a warning by rule GC326", "an error (GC208)": a severity named next to the rule it cites.
_SEVERITY_NEAR = re.compile(r"\b(error|warning|info)s?\b[^.;()]{0,40}?\b(GC\d{3})\b")
# The linter's int64 advice (GC104): a JSON number is canonical, a decimal string is accepted with info.
_STRING_CANONICAL = re.compile(r"string[^.;]{0,20}canonical|canonical[^.;]{0,20}string", re.IGNORECASE)

# Descriptions in schema/ that do not hold today; schema/ is edited by its owner (see the issue 14
# note): each entry goes when its description is fixed, and strict xfail says when that happens.
KNOWN_WRONG: dict[str, str] = {}


def _descriptions(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield pointer, value
            elif key not in ("enum", "const", "examples", "default"):
                yield from _descriptions(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _descriptions(value, f"{pointer}/{index}")


CHECKED = [
    (pointer, text) for pointer, text in _descriptions(load_schema()) if _RULE.search(text) or "int64" in text
]


def problems(text: str) -> list[str]:
    found = [f"{rule} is not a rule" for rule in _RULE.findall(text) if rule not in RULES_BY_ID]
    for severity, rule in _SEVERITY_NEAR.findall(text):
        actual = RULES_BY_ID.get(rule)
        if actual is not None and str(actual.severity_in("google")) != severity:
            found.append(f"{rule} is {actual.severity_in('google')}, not {severity}")
    if "int64" in text and _STRING_CANONICAL.search(text):
        found.append("int64: a JSON number is canonical (GC104)")
    return found


def test_the_checks_see_the_references() -> None:
    assert len(CHECKED) >= 5
    assert problems("checked as a warning by rule GC205") == ["GC205 is error, not warning"]
    assert problems("rule GC999 checks it") == ["GC999 is not a rule"]
    assert problems('int64: JSON string canonical ("5")') == ["int64: a JSON number is canonical (GC104)"]
    assert problems("int64: a JSON number; a decimal string is accepted (GC104, info)") == []


@pytest.mark.parametrize(
    ("pointer", "text"),
    [
        pytest.param(p, t, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[p]))
        if p in KNOWN_WRONG
        else (p, t)
        for p, t in CHECKED
    ],
    ids=[p for p, _ in CHECKED],
)
def test_descriptions_cite_rules_as_the_rule_table_has_them(pointer: str, text: str) -> None:
    assert problems(text) == [], pointer
