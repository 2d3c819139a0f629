"""Hypothesis strategies for the response side: what a model could answer (`responses_for(request)`), valid
response bodies (`responses()`) and streams of chunks (`stream_chunks()`).

The answers come from `gemini_contract.answers`, driven by a Hypothesis-controlled `random.Random`, so
they shrink and replay like any strategy and are exactly what `gemini-contract mock` sends.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

from gemini_contract.answers import Outcome, answer, chunks

ALL_OUTCOMES = tuple(Outcome)


def responses_for(
    request: dict[str, Any], outcomes: Iterable[Outcome] = (Outcome.NORMAL,)
) -> st.SearchStrategy[dict[str, Any]]:
    """GenerateContentResponse bodies a model could answer to `request`; `outcomes` adds blocked prompts,
    SAFETY and MAX_TOKENS finishes (default: normal answers only)."""
    return st.builds(
        lambda rng, outcome: answer(request, rng, outcome=outcome),
        st.randoms(use_true_random=False),
        st.sampled_from(tuple(outcomes)),
    )


def exchanges(
    outcomes: Iterable[Outcome] = ALL_OUTCOMES,
) -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    """(request, response) pairs: a valid request and an answer to it."""
    from gemini_contract.strategies import requests

    chosen = tuple(outcomes)
    return requests().flatmap(lambda request: st.tuples(st.just(request), responses_for(request, chosen)))


def responses(outcomes: Iterable[Outcome] = ALL_OUTCOMES) -> st.SearchStrategy[dict[str, Any]]:
    """Valid GenerateContentResponse bodies (answers to valid requests)."""
    return exchanges(outcomes).map(lambda pair: pair[1])


def stream_chunks(outcomes: Iterable[Outcome] = ALL_OUTCOMES) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Chunk sequences of streamGenerateContent: each chunk a valid GenerateContentResponse."""
    return st.builds(_split, responses(outcomes), st.randoms(use_true_random=False))


def _split(response: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    return chunks(response, rng)
