"""Each check's quiet schema (validator/checks/quiet.py) must hold only where the check cannot fire, their
merged form must agree with their plain allOf, and the one-pass validator built from them must clear the
common requests (or it only costs time)."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest
from fixture_paths import CORPUS, corpus_and_rule_bodies, corpus_samples
from gemini_contract.schema.models import model_table
from gemini_contract.validator import engine
from gemini_contract.validator.checks import (
    CHECKS,
    QUIET_DEFS,
    Check,
    Cleared,
    Context,
    clearance,
    first_look,
    quiet,
    quiet_fragments,
)
from gemini_contract.validator.checks.model_quiet import family_quiet
from gemini_contract.validator.contract import request_contract
from hypothesis import given, settings

from gemini_contract import validate
from gemini_contract.strategies import mutations, requests

REPO = Path(__file__).resolve().parents[2]
RULE_CASES = json.loads((Path(__file__).parent / "cases" / "rules.json").read_text(encoding="utf-8"))
QUIET_CHECKS = [check for check in CHECKS if check.quiet is not None]
CONTRACT = request_contract()
# These tests hold the quiet validators' path from the first document, whatever ran before them in this
# process (a contract turns them on after its first documents: Contract.quiet_due).
CONTRACT.quiet_after(0)


# A quiet schema holds for every model: checked with any model, and one model of every family of the table.
MODELS = [None, *(family.ids[0] for family in model_table().families)]


def _run(check: Check, canonical: dict[str, Any]) -> list[Any]:
    return [
        issue
        for model in MODELS
        for issue in check.run(canonical, Context(CONTRACT, canonical, None, model=model))
    ]


_ALONE = {
    id(check): CONTRACT.conjoined_validator(check.quiet, QUIET_DEFS) for check in QUIET_CHECKS if check.quiet
}


def _alone(check: Check) -> Any:
    return _ALONE[id(check)]


# A Part check's `holds` schema (quiet even where its triggers are present), alone beside the schema.
HOLDS_CHECKS = [check for check in CHECKS if check.holds is not None]
_HOLDS = {
    id(check): CONTRACT.conjoined_validator(check.holds, QUIET_DEFS) for check in HOLDS_CHECKS if check.holds
}


# The quiet validators clearance() uses (the merged fragments pushed down into the schema's definitions, integer
# fields held to integers as written), and the merged fragments conjoined, each beside the plain allOf of the
# same fragments (held to integers as written where the quiet validators are).
_MERGED_AND_CONJOINED = [
    (merged, CONTRACT.conjoined_validator({"allOf": quiet_fragments(parts)}, QUIET_DEFS, strict=strict))
    for parts, pushed in ((True, CONTRACT.quiet_all), (False, CONTRACT.quiet_but_parts))
    for merged, strict in (
        (pushed, True),
        (CONTRACT.conjoined_validator(quiet.conjunction(quiet_fragments(parts)), QUIET_DEFS), False),
    )
]


def _holds_only_where_silent(doc: Any) -> None:
    canonical = validate(doc).canonical
    for candidate in (doc, canonical):  # merging the fragments (quiet.conjunction) changes no verdict
        for merged, conjoined in _MERGED_AND_CONJOINED:
            assert merged.is_valid(candidate) == conjoined.is_valid(candidate)
    if type(canonical) is not dict:
        return
    for check in QUIET_CHECKS:
        if _alone(check).is_valid(canonical):
            assert _run(check, canonical) == [], check.run.__name__
    for check in HOLDS_CHECKS:
        if _HOLDS[id(check)].is_valid(canonical):
            assert _run(check, canonical) == [], check.run.__name__
    cleared = clearance(canonical, CONTRACT)
    if cleared is not None:
        skipped = [check for check in QUIET_CHECKS if check.cleared_by(cleared)]
        assert [issue for check in skipped for issue in _run(check, canonical)] == [], cleared
    _family_quiet_holds_only_where_silent(canonical)


MODELED = [check for check in CHECKS if check.modeled]
FAMILY_QUIET = {
    family.id: CONTRACT.conjoined_validator(family_quiet(family), QUIET_DEFS)
    for family in model_table().families
}


# Each family's contract's quiet_all (pushed down) beside the plain allOf of its fragments.
FAMILY_CONJOINED = {
    family.id: CONTRACT.conjoined_validator(
        {"allOf": CONTRACT.checks.quiet_fragments(True, family)}, QUIET_DEFS, strict=True
    )
    for family in model_table().families
    if CONTRACT.checks is not None
}


def _family_quiet_holds_only_where_silent(canonical: dict[str, Any]) -> None:
    """A family's quiet schema (checks/model_quiet.py) holds only where no modeled check fires for it; and
    where its contract clears a request, the checks it skips are silent."""
    for family in model_table().families:
        model = family.ids[0]
        ctx = Context(CONTRACT, canonical, None, model=model)
        if "model" in canonical:
            continue  # the body's own model would be checked instead
        if FAMILY_QUIET[family.id].is_valid(canonical):
            assert [issue for check in MODELED for issue in check.run(canonical, ctx)] == [], family.id
        contract = CONTRACT.for_model(model)
        conjoined = FAMILY_CONJOINED[family.id]
        assert contract.quiet_all.is_valid(canonical) == conjoined.is_valid(canonical), family.id
        cleared = clearance(canonical, contract)
        if cleared is not None:
            ctx = Context(contract, canonical, None, cleared, model)
            skipped = [check for check in CHECKS if check.cleared_by(cleared, ctx.model_cleared)]
            assert [issue for check in skipped for issue in check.run(canonical, ctx)] == [], family.id


@pytest.mark.parametrize("case", RULE_CASES["cases"], ids=lambda c: c["name"])
def test_quiet_schemas_fail_where_their_check_fires(case: dict[str, Any]) -> None:
    _holds_only_where_silent(case["body"])


@pytest.mark.parametrize("sample", corpus_samples(), ids=lambda s: s["file"])
def test_quiet_schemas_on_the_corpus(sample: dict[str, Any]) -> None:
    _holds_only_where_silent(json.loads((CORPUS / sample["file"]).read_bytes()))


@settings(max_examples=150, deadline=None)
@given(mutations())
def test_quiet_schemas_on_mutations(pair: tuple[dict[str, Any], Any]) -> None:
    _holds_only_where_silent(pair[0])


@settings(max_examples=100, deadline=None)
@given(requests())
def test_quiet_schemas_on_valid_requests(body: dict[str, Any]) -> None:
    _holds_only_where_silent(body)


def test_every_rule_case_with_a_quiet_check_is_caught() -> None:
    # Not vacuous: each quiet check fires on some rule case, and there its schema fails.
    fired = set()
    for case in RULE_CASES["cases"]:
        canonical = validate(case["body"]).canonical
        for check in QUIET_CHECKS:
            if _run(check, canonical):
                fired.add(check.run.__name__)
                assert not _alone(check).is_valid(canonical)
                assert clearance(canonical, CONTRACT) is not Cleared.ALL
                if check.holds is not None:
                    assert not _HOLDS[id(check)].is_valid(canonical)
                if not check.parts or check.holds is not None:
                    assert clearance(canonical, CONTRACT) in (None, Cleared.NOTHING)
    assert fired == {check.run.__name__ for check in QUIET_CHECKS}


def test_common_requests_take_the_one_pass_path() -> None:
    # The speed claim: plain requests, and requests with tools, safety settings and a generation config
    # (the benchmark's bodies), are cleared in one pass.
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from bodies import body
    finally:
        sys.path.pop(0)
    assert clearance(body(10_000), CONTRACT) is Cleared.ALL
    clean = [
        orjson.loads((CORPUS / s["file"]).read_bytes())
        for s in corpus_samples()
        if s["expected_verdict"] == "valid" and s["file"].endswith(".json")
    ]
    clean = [doc for doc in clean if engine.is_valid(doc, CONTRACT) and not validate(doc).findings]
    cleared = [doc for doc in clean if clearance(doc, CONTRACT) is Cleared.ALL]
    assert len(cleared) >= 0.6 * len(clean), (len(cleared), len(clean))


def _nested(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "STRING"}
    for _ in range(depth - 1):
        schema = {"type": "ARRAY", "items": schema}
    return schema


@pytest.mark.parametrize("where", ["tools", "responseSchema"])
def test_the_depth_chain_stops_at_the_server_limit(where: str) -> None:
    # GC330 (Gemini Schema nested deeper than 100) has no rule case small enough for rules.json.
    for depth, fires in ((100, False), (101, True)):
        doc: dict[str, Any] = {"contents": [{"parts": [{"text": "x"}]}]}
        if where == "tools":
            doc["tools"] = [
                {"functionDeclarations": [{"name": "f", "description": "d", "parameters": _nested(depth)}]}
            ]
        else:
            doc["generationConfig"] = {
                "responseMimeType": "application/json",
                "responseSchema": _nested(depth),
            }
        assert ("GC330" in {f.rule for f in validate(doc).findings}) is fires
        assert (clearance(doc, CONTRACT) is Cleared.ALL) is not fires


def test_a_function_call_conversation_is_cleared_but_for_its_parts() -> None:
    doc = {
        "contents": [
            {"role": "user", "parts": [{"text": "weather?"}]},
            {
                "role": "model",
                "parts": [{"functionCall": {"name": "get", "args": {}}, "thoughtSignature": "AAAA"}],
            },
            {"role": "user", "parts": [{"functionResponse": {"name": "get", "response": {"ok": True}}}]},
        ],
        "tools": [{"functionDeclarations": [{"name": "get", "description": "d"}]}],
    }
    assert clearance(doc, CONTRACT) is Cleared.ALL_BUT_PARTS
    assert validate(doc).findings == ()


MODEL_CASES = json.loads((REPO / "tests" / "fixtures" / "models" / "cases.json").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", MODEL_CASES, ids=lambda c: c["id"])
def test_family_quiet_schemas_on_the_model_cases(case: dict[str, Any]) -> None:
    _holds_only_where_silent(case["body"])
    # Not vacuous: where the case's model rejects the body by a modeled rule, its quiet schema fails.
    canonical = validate(case["body"]).canonical
    family = model_table().resolve(case["model"]).family
    assert family is not None
    ctx = Context(CONTRACT, canonical, None, model=case["model"])
    if [issue for check in MODELED for issue in check.run(canonical, ctx)]:
        assert not FAMILY_QUIET[family.id].is_valid(canonical)


@settings(max_examples=120, deadline=None)
@given(doc=requests() | mutations().map(lambda drawn: drawn[0]))
def test_first_look_clears_what_clearance_clears_and_lists_the_errors_of_what_is_invalid(doc: Any) -> None:
    """first_look takes fewer passes (the Part fragment alone decides whether quiet_but_parts can help):
    the verdict must be clearance()'s, with the schema's own errors exactly where the document is invalid."""
    cleared, errors = first_look(doc, CONTRACT)
    assert cleared is clearance(doc, CONTRACT)
    if cleared is None:
        assert errors  # invalid: at least one error to explain
        expected = engine.schema_errors(doc, CONTRACT) or []
        assert [(list(e.instance_path), str(e)) for e in errors] == [
            (list(e.instance_path), str(e)) for e in expected
        ]
    else:
        assert errors is None


def test_first_look_on_a_function_calling_conversation_and_an_invalid_one() -> None:
    calls = {
        "contents": [
            {"role": "model", "parts": [{"functionCall": {"name": "get", "args": {}}}]},
            {"role": "user", "parts": [{"functionResponse": {"name": "get", "response": {}}}]},
        ]
    }
    assert first_look(calls, CONTRACT) == (Cleared.ALL_BUT_PARTS, None)
    calls["contents"][0]["role"] = "assistant"
    cleared, errors = first_look(calls, CONTRACT)
    assert cleared is None
    assert [list(e.instance_path) for e in errors or []] == [["contents", 0, "role"]]


@settings(max_examples=150, deadline=None)
@given(doc=requests() | mutations().map(lambda drawn: drawn[0]))
def test_part_members_from_the_part_fragment_are_the_walks(doc: Any) -> None:
    """Context.part_members answers "none" from the Part fragment (one Rust pass) where it holds; where it
    fails (ALL_BUT_PARTS says so) the members come from the walk: both must name the same members."""
    canonical = validate(doc).canonical
    if type(canonical) is not dict:
        return
    walked = Context(CONTRACT, canonical, None, Cleared.ALL_BUT_PARTS).part_members
    assert Context(CONTRACT, canonical, None, Cleared.NOTHING).part_members == walked


# The quiet schemas alone (Contract.quiet_alone) rule the checks out for requests the schema rejects too.
SKIPPED_BY_ALL = [check for check in CHECKS if check.cleared_by(Cleared.ALL)]


def _alone_holds_only_where_silent(doc: Any) -> bool:
    """Whether the quiet schemas alone held for the canonical request (then no check they clear may fire)."""
    canonical = validate(doc).canonical
    if type(canonical) is not dict or not CONTRACT.quiet_alone.is_valid(canonical):
        return False
    fired = [
        (check.run.__name__, issue.rule)
        for check in SKIPPED_BY_ALL
        for issue in check.run(canonical, Context(CONTRACT, canonical, None))
    ]
    assert fired == []
    return True


def test_quiet_schemas_alone_on_invalid_corpus_and_rule_cases() -> None:
    held = sum(_alone_holds_only_where_silent(body) for body in corpus_and_rule_bodies())
    assert held >= 50  # not vacuous
    # and where a check fires on a rule case, the schemas alone do not hold
    for case in RULE_CASES["cases"]:
        canonical = validate(case["body"]).canonical
        if type(canonical) is dict and any(
            list(check.run(canonical, Context(CONTRACT, canonical, None))) for check in SKIPPED_BY_ALL
        ):
            assert not CONTRACT.quiet_alone.is_valid(canonical), case["name"]


@settings(max_examples=400, deadline=None)
@given(mutations())
def test_quiet_schemas_alone_on_mutations(pair: tuple[dict[str, Any], Any]) -> None:
    _alone_holds_only_where_silent(pair[0])


def _reports(bodies: list[Any], documents_before_quiet: int) -> list[Any]:
    """validate() of each body with any model and one model of each family, every contract involved set to
    use its quiet validators after `documents_before_quiet` more documents (restored to 0 after)."""
    contracts = [CONTRACT.for_model(model) for model in MODELS]
    for contract in contracts:
        contract.quiet_after(documents_before_quiet)
    try:
        return [validate(orjson.dumps(body), model=model) for body in bodies for model in MODELS]
    finally:
        for contract in contracts:
            contract.quiet_after(0)


def test_the_first_documents_get_the_same_reports_without_the_quiet_validators() -> None:
    # A contract checks its first QUIET_AFTER documents without compiling its quiet validators (a pre-commit
    # hook checks a few files: Contract.quiet_due); every triggered check then runs in Python, and each report
    # (findings, their order, the canonical body) must be the one the quiet validators give.
    bodies = corpus_and_rule_bodies()
    cold = _reports(bodies, 10**9)
    assert _reports(bodies, 0) == cold
    findings = sum(len(report.findings) for report in cold)
    assert findings > len(bodies)  # not vacuous: most bodies have findings


@settings(max_examples=150, deadline=None)
@given(mutations())
def test_mutations_get_the_same_reports_without_quiet_validators(pair: tuple[dict[str, Any], Any]) -> None:
    assert _reports([pair[0]], 10**9) == _reports([pair[0]], 0)


def test_the_quiet_validators_wait_for_quiet_after_documents() -> None:
    contract = CONTRACT.for_model(MODELS[-1])
    contract.quiet_after(2)
    try:
        assert [contract.quiet_due(), contract.quiet_on] == [False, False]
        assert [contract.quiet_due(), contract.quiet_on] == [False, True]
        assert [contract.quiet_due(), contract.quiet_on] == [True, True]
        contract.quiet_after(-1)  # where two threads both counted down past 0: on, and it stays on
        assert [contract.quiet_on, contract.quiet_due(), contract.quiet_on] == [True, True, True]
    finally:
        contract.quiet_after(0)


def test_threads_counting_down_together_turn_the_quiet_validators_on() -> None:
    contract = CONTRACT.for_model(MODELS[-1])
    contract.quiet_after(200)
    barrier = threading.Barrier(4)

    def count() -> None:
        barrier.wait()
        for _ in range(100):
            contract.quiet_due()

    threads = [threading.Thread(target=count) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert contract.quiet_on
        assert contract.quiet_due()
    finally:
        contract.quiet_after(0)
