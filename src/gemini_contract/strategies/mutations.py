"""Labelled negative examples: a valid request with exactly one invalid edit, and where it must be reported.

`mutations()` draws `(body, Expectation)`: the rule id (validator/ruleset.py) and the RFC 6901 pointer at
which a validator must report the edit. Each mutator edits a deep copy of a drawn valid body; the result
is re-checked on every draw (shrinking replays included) by an oracle that does not share code with the
validator: python-jsonschema for the schema rules (GC2xx), a direct predicate for the cross-field rules
(GC3xx). A drawn negative example therefore can never be valid.

`MUTATORS` is assembled here, explicitly, from the tables of the mutator modules; its order is the order
`mutations()` samples from, so changing it changes every seeded draw.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from hypothesis import assume
from hypothesis import strategies as st

from gemini_contract.strategies import bodies, mutation_dialect, mutation_rules, mutation_schema
from gemini_contract.strategies.mutation_base import Expectation, Mutator, Obj, join

__all__ = ["MUTATORS", "Expectation", "mutations"]

MUTATORS: dict[str, Mutator] = join(mutation_schema.TABLE, mutation_rules.TABLE, mutation_dialect.TABLE)
MODEL_DEPENDENT = frozenset(("missing-thought-signature",))


@st.composite
def _mutations(
    draw: st.DrawFn, valid: st.SearchStrategy[Obj], names: tuple[str, ...]
) -> tuple[Obj, Expectation]:
    name = draw(st.sampled_from(names))
    body = copy.deepcopy(draw(valid))
    try:
        result = MUTATORS[name](draw, body)
    except (IndexError, ZeroDivisionError):  # no site for this mutation in this body
        result = None
    assume(result is not None)
    assert result is not None
    expectation, check = result
    # The re-check: runs on every draw, shrinking included, so a negative example is never valid.
    assume(check(body))
    return body, expectation


def mutations(
    valid: st.SearchStrategy[Obj] | None = None,
    *,
    only: Sequence[str] | None = None,
    model: str | None = None,
) -> st.SearchStrategy[tuple[Obj, Expectation]]:
    """`(body, Expectation)` pairs: one invalid edit of a valid request each. `only` limits the mutators
    (names as in `MUTATORS`); `valid` replaces the strategy of the bodies to edit. With `model`, the bodies
    are ones that model accepts, and one edit in two breaks a fact of its family in the model table instead
    (strategies/for_model.py: mutation names `model-<fact>`)."""
    if model is not None:
        from gemini_contract.strategies import for_model

        base = valid if valid is not None else bodies.canonical_requests()
        # GC327 depends on the model (silent where its family needs no signature): its mutator is left out.
        kept = [name for name in (only or MUTATORS) if name not in MODEL_DEPENDENT]
        fitted = for_model.requests_for(model, base)
        return st.one_of(mutations(fitted, only=kept), for_model.mutations_for(model, base))
    names = tuple(only) if only is not None else tuple(MUTATORS)
    unknown = sorted(set(names) - MUTATORS.keys())
    if unknown:
        raise ValueError(f"unknown mutators {unknown}; known: {sorted(MUTATORS)}")
    return _mutations(valid if valid is not None else bodies.canonical_requests(), names)
