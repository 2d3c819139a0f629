"""The root message's errors in two passes (contract.RootSplit) must be what one pass of the whole validator
gives: the same errors in the same order, each with the same path, kind, details and message; only the
instance of an error of the root itself differs (the root's keys with null values), and its keys are the same.
"""

from __future__ import annotations

from typing import Any

import pytest
from fixture_paths import corpus_and_rule_bodies
from gemini_contract.validator.contract import request_contract, response_contract, root_split
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_contract.strategies import mutations, requests, respellings

CONTRACT = request_contract()
SPLIT = CONTRACT.root_split


def _described(error: Any) -> tuple[Any, ...]:
    instance = error.instance
    # A root error's instance is the document's keys with null values: compare the keys.
    shown = list(instance) if not list(error.instance_path) and type(instance) is dict else instance
    return (
        list(error.instance_path),
        list(error.schema_path),
        error.kind.name,
        error.kind.as_dict(),
        error.message,
        shown,
    )


def _same_as_whole_pass(document: Any) -> bool:
    """Whether the split gave the whole pass's errors; False where the document has none at its root (the
    case the split is for is then not tested)."""
    assert SPLIT is not None
    try:
        whole = [_described(error) for error in CONTRACT.validator.iter_errors(document)]
    except ValueError:  # past jsonschema-rs' recursion limit: the split must stop there too
        with pytest.raises(ValueError, match="Recursion limit"):
            SPLIT.errors(document)
        return False
    assert [_described(error) for error in SPLIT.errors(document)] == whole
    # Each member's errors come together, in the document's order: found again one member at a time
    # (engine.revalidated does so after a rename at the root).
    if type(document) is dict:
        by_member = [error for name, value in document.items() for error in SPLIT.member_errors(name, value)]
        assert [_described(error) for error in [*by_member, *SPLIT.own_errors(document)]] == whole
    return any(not entry[0] for entry in whole)


@pytest.mark.parametrize("body", corpus_and_rule_bodies(), ids=range(len(corpus_and_rule_bodies())))
def test_split_in_the_corpus(body: Any) -> None:
    _same_as_whole_pass(body)


def test_split_meets_root_errors_in_the_corpus() -> None:
    # Not vacuous: the corpus and rule cases hold unknown top-level members and missing contents.
    assert sum(_same_as_whole_pass(body) for body in corpus_and_rule_bodies() if type(body) is dict) >= 10


def test_root_errors_come_last_in_order() -> None:
    document = {
        "generation_config": {"temperature": "x"},
        "generationConfig": {"topK": "many"},
        "zz": 1,
        "contents": [{"role": "bad", "parts": []}],
    }
    assert _same_as_whole_pass(document)
    assert _same_as_whole_pass({"generationConfig": {"temperature": "x"}, "system_instruction": {}})


_ROOT_NOISE = st.dictionaries(
    st.sampled_from(["generation_config", "system_instruction", "messages", "zz", "model", "contents"]),
    st.none() | st.integers() | st.just({}),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(mutations(), _ROOT_NOISE, st.booleans())
def test_split_on_mutations(drawn: tuple[Any, Any], noise: dict[str, Any], drop_contents: bool) -> None:
    document = drawn[0]
    if type(document) is dict:
        document = {**document, **noise}
        if drop_contents:
            document.pop("contents", None)
    _same_as_whole_pass(document)


@settings(max_examples=100, deadline=None)
@given(respellings())
def test_split_on_respelled_requests(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _same_as_whole_pass(pair[0])


@settings(max_examples=50, deadline=None)
@given(requests())
def test_split_on_valid_requests(document: dict[str, Any]) -> None:
    assert SPLIT is not None
    assert SPLIT.errors(document) == []


def test_split_applies_only_to_a_plain_root() -> None:
    assert SPLIT is not None
    assert "contents" in SPLIT.required
    assert SPLIT.closed
    assert response_contract().root_split is not None
    schema = CONTRACT.schema
    with_combinator = {
        **schema,
        "$defs": {**schema["$defs"], "GenerateContentRequest": {"type": "object", "anyOf": [{}]}},
    }
    assert root_split(with_combinator) is None
    assert root_split({**schema, "allOf": [{}]}) is None
    assert root_split({"type": "object"}) is None
