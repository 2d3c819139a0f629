"""Hypothesis strategies that draw Gemini `GenerateContentRequest` bodies from the bundled schema.

Public API (Hypothesis' public API only underneath):

- `requests(profile="strict")`: valid request bodies (canonical camelCase JSON, as dicts);
  `profile="google"` re-spells them with the ProtoJSON leniencies Google's front end accepts;
  `plausible=True` draws bodies that read like a client's (the `sample` command's).
- `respellings()`: `(google_body, canonical_body)` pairs; normalizing the first must give the second.
- `for_type(name)`: a valid instance of any `$defs` type, e.g. `for_type("Content")`.
- `mutations()`: `(body, Expectation)` pairs: a valid body with exactly one invalid edit and the rule id,
  JSON pointer and severity at which a validator must report it (errors only unless `severity=`).
- `types_and_enums(body)`: the `$defs` types and enum values a body uses (to measure coverage).
- `responses_for(request)`, `responses()`, `stream_chunks()`, `exchanges()`: the response side (see
  strategies/responses.py): what a model could answer, valid responses, streams of chunks.

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
from gemini_contract.strategies.mutations import MUTATOR_RULES, MUTATORS, Expectation, mutations
from gemini_contract.strategies.responses import exchanges, responses, responses_for, stream_chunks
from gemini_contract.strategies.walk import types_and_enums

__all__ = [
    "MUTATORS",
    "MUTATOR_RULES",
    "PROFILES",
    "Expectation",
    "exchanges",
    "for_type",
    "mutations",
    "requests",
    "respellings",
    "responses",
    "responses_for",
    "stream_chunks",
    "types_and_enums",
]

# The validator's profile names: `strict` bodies are canonical JSON (what the strict profile accepts),
# `google` bodies use the ProtoJSON spellings only the google profile accepts. "canonical" is the old
# spelling of "strict", kept as an alias.
PROFILES = ("strict", "google")
_ALIASES = {"canonical": "strict"}


def requests(
    profile: str = "strict",
    *,
    plausible: bool = False,
    unspecified: bool | None = None,
    model: str | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid GenerateContentRequest bodies; `profile="google"` re-spells them in ProtoJSON leniencies.

    `plausible=True` draws bodies that read like a client's (for fixtures): a user turn first, roles
    alternating, time offsets in order, and no `*_UNSPECIFIED` values unless `unspecified=True`.
    `model` (as the URL names it) draws only bodies that model accepts (see strategies.for_model).
    """
    profile = _ALIASES.get(profile, profile)
    if profile not in PROFILES:
        raise InvalidArgument(f"profile must be one of {PROFILES}, not {profile!r}")
    keep_unspecified = not plausible if unspecified is None else unspecified
    if plausible:
        valid = bodies.plausible_requests(keep_unspecified)
    elif not keep_unspecified:
        raise InvalidArgument("unspecified=False needs plausible=True")
    else:
        valid = bodies.canonical_requests()
    if model is not None:
        from gemini_contract.strategies import for_model  # the model table: only when a model is asked for

        valid = for_model.requests_for(model, valid)
    if profile == "google":
        return google.respellings(valid).map(lambda pair: pair[0])
    return valid


def respellings() -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    """`(google_body, canonical_body)`: a valid body re-spelled in ProtoJSON leniencies, and the canonical
    body it came from (what a normalizer must give back)."""
    return google.respellings(bodies.canonical_requests())


del conversation, messages
