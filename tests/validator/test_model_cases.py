"""Every case of tests/fixtures/models/cases.json replayed with its model: a 400 is reported at its pointer
(an error where the model table's evidence is strong, a warning where it is weaker), an ok has no error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fixture_paths import FIXTURES, load_json

from gemini_contract import validate

CASES: list[dict[str, Any]] = load_json(FIXTURES / "models" / "cases.json")["cases"]

# The rule and severity each 400 draws. A warning is the table's judgement of the evidence, said here:
WARNING_BECAUSE = {
    "aspect-8:1-3-pro-image": "a reviewed third-party PR, no server message quoted (the case's own note)",
    "harm-category-legacy": "one report, through the Vertex SDK; the categories are deprecated, not known rejected "
    "by the Gemini API in every form (GC321 stays a warning)",
    "thinkingLevel-on-2.5-flash": "conflicting evidence (the case accepts a warning: accept_warning)",
    "tts-three-speakers": "only the SDK's docstring; no server message found (the case's own note)",
}
EXPECTED = {
    "aspect-7:3-3.1-flash-image": "GC328",
    "aspect-8:1-3-pro-image": "GC328",
    "budget-below-min-2.5-pro": "GC405",
    "budget-too-high-2.5-flash": "GC405",
    "candidateCount-3-flash": "GC329",
    "candidateCount-3.1-flash-lite": "GC329",
    "code-exec-2.0-thinking-exp": "GC412",
    "gemma-json-mode": "GC409",
    "gemma-systemInstruction": "GC408",
    "harm-category-legacy": "GC321",
    "image-gen-2.0-exp-image-only": "GC410",
    "image-gen-2.0-exp-systemInstruction": "GC408",
    "include-thoughts-image-gen-2.0": "GC403",
    "logprobs-2.5-flash-lite": "GC406",
    "logprobs-2.5-pro": "GC406",
    "missing-thought-signature-3-pro": "GC327",
    "penalty-2.5-flash": "GC407",
    "per-part-media-resolution-2.0-flash-lite": "GC415",
    "search-plus-functions-2.0-flash": "GC413",
    "search-retrieval-2.0-flash-exp": "GC412",
    "thinking-on-2.0-flash-exp": "GC403",
    "thinkingLevel-on-2.5-flash": "GC404",
    "tts-missing-modality": "GC410",
    "tts-three-speakers": "GC411",
}
# The case elides its signature ("CiQBVKhc7k..."), which is not base64: the API would refuse the bytes
# (GC206). Replayed with a well-formed signature, as the API returns them.
ELIDED = {"thought-signature-present-3-pro": ("/contents/1/parts/0/thoughtSignature", "CiQBVKhc7k0=")}


def _body(case: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(json.dumps(case["body"]))
    if case["id"] in ELIDED:
        pointer, value = ELIDED[case["id"]]
        *path, last = pointer.strip("/").split("/")
        node: Any = body
        for step in path:
            node = node[int(step)] if isinstance(node, list) else node[step]
        node[last] = value
    return body


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"] == "error"], ids=lambda c: c["id"])
def test_a_rejected_case_is_reported_at_its_pointer(case: dict[str, Any]) -> None:
    text = json.dumps(case["body"], indent=2)
    findings = validate(text, model=case["model"]).findings
    at = {(f.rule, str(f.severity)) for f in findings if f.pointer == case["pointer"]}
    severity = "warning" if case["id"] in WARNING_BECAUSE else "error"
    assert (EXPECTED[case["id"]], severity) in at, (at, findings)
    assert all(f.line is not None for f in findings)


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"] == "ok"], ids=lambda c: c["id"])
def test_an_accepted_case_has_no_error(case: dict[str, Any]) -> None:
    for model in (case["model"], "models/" + case["model"]):
        report = validate(json.dumps(_body(case)), model=model)
        assert report.ok, report.findings


def test_the_elided_signature_is_itself_a_finding() -> None:
    (case,) = [c for c in CASES if c["id"] in ELIDED]
    found = {(f.rule, f.pointer) for f in validate(case["body"], model=case["model"]).findings}
    assert ("GC206", ELIDED[case["id"]][0]) in found


def test_every_case_is_accounted_for() -> None:
    assert {c["id"] for c in CASES if c["expected"] == "error"} == set(EXPECTED)
    assert set(WARNING_BECAUSE) <= set(EXPECTED)
    warned = {c["id"] for c in CASES if c.get("accept_warning")}
    assert warned <= set(WARNING_BECAUSE)


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"] == "error"], ids=lambda c: c["id"])
def test_without_a_model_no_model_rule_errs(case: dict[str, Any]) -> None:
    # No model known: the generic rules only (no GC4xx, and GC327/GC328/GC329 at their generic severity).
    findings = validate(case["body"]).findings
    assert not [f for f in findings if f.rule.startswith("GC4")]
