"""engine._explain reads what an error's schema path says once per path (engine._site) and joins an error's
instance path in one step where no token needs escaping (engine._error_pointer): both must give what
reading each error afresh gives."""

from __future__ import annotations

from typing import Any

from gemini_contract.validator import engine
from gemini_contract.validator.contract import request_contract, response_contract
from hypothesis import given, settings
from hypothesis import strategies as st

CONTRACT = request_contract()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.integers(min_value=0, max_value=10**6), st.text(max_size=6)), max_size=6))
def test_an_error_pointer_is_the_pointer_of_its_path(path: list[str | int]) -> None:
    assert engine._error_pointer(path) == engine._pointer(path)


def test_tokens_that_need_escaping_are_escaped() -> None:
    assert engine._error_pointer(["a/b", 0, "c~d", ""]) == "/a~1b/0/c~0d/"
    assert engine._error_pointer([]) == ""


def _issues(document: dict[str, Any], contract: Any) -> list[Any]:
    errors = engine.schema_errors(document, contract)
    assert errors
    return [issue for error in errors for issue in engine._explain(error, contract.index)]


DOCUMENT = {
    "contents": [{"role": "assistant", "parts": [{"text": "hi"}]}],
    "generationConfig": {"temperature": "x", "candidateCount": -1, "maxOutputToken": 3},
    "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_SOME"}],
    "tools": [{"functionDeclarations": [{"name": "bad name!", "description": "d"}]}],
}


def test_an_explanation_read_from_the_cache_is_the_one_read_afresh() -> None:
    engine._SITES.clear()
    engine._KNOWN.clear()
    fresh = _issues(DOCUMENT, CONTRACT)
    assert len(engine._SITES) >= 5  # the sites were cached
    assert _issues(DOCUMENT, CONTRACT) == fresh
    rules = [issue.rule for issue in fresh]
    assert {"GC201", "GC203", "GC204", "GC205"} <= set(rules)
    enum = next(issue for issue in fresh if issue.pointer == "/safetySettings/0/threshold")
    assert enum.hint is not None
    assert enum.hint.startswith("did you mean 'BLOCK_NONE'? one of: BLOCK_LOW")


def test_sites_are_read_per_index() -> None:
    # The response contract's index has another root: a site is not shared across indexes.
    engine._SITES.clear()
    response = response_contract()
    assert response.index is not CONTRACT.index
    document = {"candidates": [{"finishReason": "NOT_A_REASON"}], "bogus": 1}
    first = _issues(document, response)
    _issues(DOCUMENT, CONTRACT)
    assert _issues(document, response) == first
    assert {site.owner.root for site in engine._SITES.values()} == {response.index.root, CONTRACT.index.root}


def test_the_cache_is_bounded(monkeypatch: Any) -> None:
    monkeypatch.setattr(engine, "_MAX_SITES", 3)
    engine._SITES.clear()
    fresh = _issues(DOCUMENT, CONTRACT)
    assert len(engine._SITES) <= 3
    assert _issues(DOCUMENT, CONTRACT) == fresh
