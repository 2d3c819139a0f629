"""Differential: jsonschema-rs (the engine) and python-jsonschema (the reference) agree on every verdict.

Documents are the canonical corpus bodies and one-edit mutations of them drawn by Hypothesis.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from fixture_paths import CORPUS, corpus_samples
from gemini_contract.schema import load_schema
from gemini_contract.validator import engine
from gemini_contract.validator.contract import request_contract
from hypothesis import given, settings
from hypothesis import strategies as st

from gemini_contract import validate

REFERENCE = jsonschema.Draft202012Validator(load_schema())
CANONICAL = [
    validate((CORPUS / s["file"]).read_bytes()).canonical
    for s in corpus_samples()
    if s["expected_verdict"] == "valid"
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)  # fmt: skip


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(node, (dict, list)) and node else []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found.extend(_containers(child, (*path, key)))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(CANONICAL)))
    path = draw(st.sampled_from(_containers(doc)))
    node = doc
    for key in path:
        node = node[key]
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    key = draw(st.sampled_from(keys))
    action = draw(st.sampled_from(["delete", "replace", "insert"]))
    if action == "delete":
        del node[key]
    elif action == "replace":
        node[key] = draw(JSON)
    elif isinstance(node, dict):
        node[draw(st.text(max_size=10))] = draw(JSON)
    else:
        node.append(draw(JSON))
    return doc


@pytest.mark.parametrize("doc", CANONICAL, ids=range(len(CANONICAL)))
def test_canonical_corpus_bodies_agree(doc: Any) -> None:
    assert engine.is_valid(doc, request_contract()) == REFERENCE.is_valid(doc)


@settings(max_examples=400, deadline=None)
@given(mutated())
def test_mutated_bodies_agree(doc: Any) -> None:
    assert engine.is_valid(doc, request_contract()) == REFERENCE.is_valid(doc)
