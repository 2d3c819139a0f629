"""No false alarm on real traffic: the corpus's valid bodies stay valid when validated with the model in
the URL their source used (SDK-made bodies included: the corpus's `sdk-*` samples are google-genai 3.3.0
bodies captured offline through the SDK's transport, with the URL it would have called)."""

from __future__ import annotations

from typing import Any

import pytest
from fixture_paths import CORPUS, corpus_samples

from gemini_contract import validate

# A valid verdict that is about the wire format only, where the model table's strong evidence says the
# API rejects the body for that model: reported, and said here.
TRUE_ALARMS = {
    # "high-for-wire-format ... not sent to the live API"; gemini-2.5-flash answers "Logprobs is not
    # enabled for models/gemini-2.5-flash" (python-genai#1921, langchain-google#1266).
    "sdk-cached-content-labels-tier": ("GC406", "/generationConfig/responseLogprobs"),
}
SAMPLES = [s for s in corpus_samples() if s["expected_verdict"] == "valid" and s.get("model_in_url")]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s["id"])
def test_a_valid_body_stays_valid_with_its_model(sample: dict[str, Any]) -> None:
    body = (CORPUS / sample["file"]).read_bytes()
    report = validate(body, model=sample["model_in_url"])
    errors = {(f.rule, f.pointer) for f in report.findings if not report.ok and f.severity.name == "ERROR"}
    if sample["id"] in TRUE_ALARMS:
        assert errors == {TRUE_ALARMS[sample["id"]]}
    else:
        assert report.ok, report.findings


def test_the_corpus_names_real_models() -> None:
    # Not vacuous: most samples name a model of the table, and SDK samples call v1 (the SDK's default).
    from gemini_contract.schema.models import model_table

    known = [s for s in SAMPLES if model_table().resolve(s["model_in_url"]).family is not None]
    assert len(known) > 60
    assert any("/v1/models/" in s.get("request_url", "") for s in SAMPLES if s["id"].startswith("sdk-"))
