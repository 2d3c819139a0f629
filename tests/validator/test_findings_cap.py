"""Past MAX_FINDINGS, only the issues the listed findings come from are placed (placing.first_in_text): the
report must be exactly the one that placing every issue and cutting the sorted list gives.

The cap is lowered so that drawn documents of a few objects cross it, with ties at the cut (several issues at
one offset: a missing member and its ancestor's own issue), keys and values, compact and indented text.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from gemini_contract.validator import api, placing
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_contract import validate

_PART = st.sampled_from(
    [
        {"text": "hi"},
        {"text": "hi", "extra": 1},  # an unknown member: at its key
        {"text": 5},  # a wrong type: at the value
        {"txt": "typo", "extra": [1]},  # two unknown members, and no data member (at the Part)
        {},  # no data member: at the Part
        {"inlineData": {"data": "AAAA"}},  # a missing required member: at its object
        {"inline_data": {"mimeType": 5, "data": "AAAA"}},  # a proto name at its key, a wrong type inside
        "not a part",
    ]
)
_CONTENT = st.fixed_dictionaries(
    {"parts": st.lists(_PART, max_size=5)},
    optional={"role": st.sampled_from(["user", "model", "assistant", 7]), "extra": st.just(True)},
)
_BODY = st.fixed_dictionaries(
    {"contents": st.lists(_CONTENT, min_size=1, max_size=4)},
    optional={
        "generationConfig": st.fixed_dictionaries(
            {}, optional={"temperature": st.sampled_from([0.5, "hot", 9]), "topK": st.sampled_from([3, -1])}
        ),
        "unknownTop": st.just({"a": 1}),
        # at the key, and again inside its value: the key's offset comes first
        "generation_config": st.just({"temperature": "hot", "top_k": -1}),
    },
)


def _report(text: bytes, *, capped: bool, monkeypatch: pytest.MonkeyPatch, cap: int) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(api, "MAX_FINDINGS", cap)
        if not capped:
            patch.setattr(placing, "first_in_text", lambda *args: None)
        return validate(text)


@settings(max_examples=150, deadline=None)
@given(body=_BODY, cap=st.integers(1, 6), indent=st.sampled_from([None, 2]))
def test_placing_only_the_listed_findings_changes_nothing(body: Any, cap: int, indent: int | None) -> None:
    text = json.dumps(body, indent=indent).encode()
    with pytest.MonkeyPatch.context() as monkeypatch:
        capped = _report(text, capped=True, monkeypatch=monkeypatch, cap=cap)
        full = _report(text, capped=False, monkeypatch=monkeypatch, cap=cap)
    assert capped.findings == full.findings


def test_twenty_thousand_findings_list_the_first_thousand_and_count_the_rest() -> None:
    body = {"contents": [{"role": "user", "parts": [{"text": "hi", "extra": 1} for _ in range(20_000)]}]}
    findings = validate(json.dumps(body).encode()).findings
    assert len(findings) == 1001
    assert [f.pointer for f in findings[:2]] == ["/contents/0/parts/0/extra", "/contents/0/parts/1/extra"]
    assert findings[999].pointer == "/contents/0/parts/999/extra"
    assert (findings[-1].rule, findings[-1].message) == ("GC336", "19,000 more findings not listed")
