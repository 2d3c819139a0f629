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
from gemini_contract.strategies.mutation_base import Expectation, Mutator, Obj, join, rule_severity

__all__ = ["MUTATORS", "MUTATOR_RULES", "SEVERITIES", "Expectation", "mutations"]

_TABLES = (mutation_schema.TABLE, mutation_rules.TABLE, mutation_dialect.TABLE)
MUTATORS: dict[str, Mutator] = join(*_TABLES)
MUTATOR_RULES: dict[str, str] = {name: table.rules[name] for table in _TABLES for name in table}
"""The rule id each mutator's Expectations name."""
# Lowest severity first: `mutations(severity=s)` draws the mutators at `s` or above.
SEVERITIES = ("info", "warning", "error")
MODEL_DEPENDENT = frozenset(
    ("missing-thought-signature", "image-config-value")
)  # GC327, GC328: the family decides


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
    severity: str = "error",
    model: str | None = None,
) -> st.SearchStrategy[tuple[Obj, Expectation]]:
    """`(body, Expectation)` pairs: one invalid edit of a valid request each.

    By default every body is one the google profile rejects (its expected finding is an `error`);
    `severity="warning"` adds edits the API accepts with a warning (GC327 and the like) and
    `severity="info"` every mutator. `only` limits the mutators (names as in `MUTATORS`; naming one below
    `severity` is an error); `valid` replaces the strategy of the bodies to edit. With `model` (as the URL
    names it) the bodies are ones that model accepts, and one draw in two is an edit that breaks a fact of
    its family in the model table instead (strategies/for_model.py: mutation names `model-<fact>`; its
    severity is the fact's)."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    allowed = set(SEVERITIES[SEVERITIES.index(severity) :])
    if model is not None:
        from gemini_contract.strategies import for_model

        base = valid if valid is not None else bodies.canonical_requests()
        kept = [
            name
            for name in (only or MUTATORS)
            if name not in MODEL_DEPENDENT and rule_severity(MUTATOR_RULES[name]) in allowed
        ]
        generic = mutations(for_model.requests_for(model, base), only=kept, severity=severity)
        edits = for_model.mutations_for(model, base, frozenset(allowed))
        return generic if edits is None else st.one_of(generic, edits)
    names = tuple(only) if only is not None else tuple(MUTATORS)
    unknown = sorted(set(names) - MUTATORS.keys())
    if unknown:
        raise ValueError(f"unknown mutators {unknown}; known: {sorted(MUTATORS)}")
    below = [n for n in names if rule_severity(MUTATOR_RULES[n]) not in allowed]
    if only is not None and below:
        raise ValueError(
            f"mutators {below} break rules below severity {severity!r} (the API accepts their bodies); "
            "pass severity='warning' or 'info' to draw them"
        )
    chosen = tuple(n for n in names if n not in below)
    return _mutations(valid if valid is not None else bodies.canonical_requests(), chosen)
