"""Hypothesis strategies that draw Gemini `GenerateContentRequest` bodies from the bundled schema.

Public API (Hypothesis' public API only underneath):

- `requests(profile="canonical")`: valid request bodies (canonical camelCase JSON, as dicts);
  `profile="google"` re-spells them with the ProtoJSON leniencies Google's front end accepts.
- `respellings()`: `(google_body, canonical_body)` pairs; normalizing the first must give the second.
- `for_type(name)`: a valid instance of any `$defs` type, e.g. `for_type("Content")`.
- `mutations()`: `(body, Expectation)` pairs: a valid body with exactly one invalid edit and the rule id
  and JSON pointer at which a validator must report it.
- `types_and_enums(body)`: the `$defs` types and enum values a body uses (to measure coverage).

Every strategy builds its parts at first use, so importing this package is cheap. See
docs/contract-testing.md for use in another repository's tests.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

# Importing the modules registers their overrides with the builder.
from gemini_contract.strategies import bodies, conversation, google, messages
from gemini_contract.strategies.builder import for_type
from gemini_contract.strategies.mutations import MUTATORS, Expectation, mutations
from gemini_contract.strategies.walk import types_and_enums

__all__ = ["MUTATORS", "Expectation", "for_type", "mutations", "requests", "respellings", "types_and_enums"]

PROFILES = ("canonical", "google")


def requests(profile: str = "canonical", *, model: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Valid GenerateContentRequest bodies; `profile="google"` re-spells them in ProtoJSON leniencies;
    `model` (as the URL names it) draws only bodies that model accepts (see strategies.for_model)."""
    if model is not None:
        from gemini_contract.strategies import for_model  # the model table: only when a model is asked for

        if profile == "google":
            return google.respellings(for_model.requests_for(model, bodies.canonical_requests())).map(
                lambda pair: pair[0]
            )
        return for_model.requests_for(model, requests(profile))
    if profile == "canonical":
        return bodies.canonical_requests()
    if profile == "google":
        return respellings().map(lambda pair: pair[0])
    raise InvalidArgument(f"profile must be one of {PROFILES}, not {profile!r}")


def respellings() -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    """`(google_body, canonical_body)`: a valid body re-spelled in ProtoJSON leniencies, and the canonical
    body it came from (what a normalizer must give back)."""
    return google.respellings(bodies.canonical_requests())


del conversation, messages
