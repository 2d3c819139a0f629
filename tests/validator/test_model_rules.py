"""Each model rule (GC4xx, and GC327/GC328/GC329 with a model) fires at its pointer with its fact's
severity, and stays silent where the model takes the body; the model table is held to its own schema."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
from fixture_paths import REPO, SCHEMA_PATH, load_json
from gemini_contract.schema import facts
from gemini_contract.schema.models import model_table
from gemini_contract.validator import RULES, validate_record

from gemini_contract import validate

U = [{"role": "user", "parts": [{"text": "Hi"}]}]
FN = {"functionDeclarations": [{"name": "f", "description": "d", "parameters": {"type": "OBJECT"}}]}


def gc(**config: Any) -> dict[str, Any]:
    return {"contents": U, "generationConfig": config}


# (model, body, rule, pointer, severity)
FIRES = [
    ("gemini-pro-latest", {"contents": U}, "GC400", "", "info"),
    ("tunedModels/my-model-123", {"contents": U}, "GC400", "", "info"),
    ("gemini-2.5-flsh", {"contents": U}, "GC400", "", "info"),
    ("gemini-embedding-001", {"contents": U}, "GC401", "", "warning"),
    ("gemini-1.5-flash-latest", {"contents": U}, "GC402", "", "warning"),
    ("gemini-2.0-flash", gc(thinkingConfig={"includeThoughts": True}), "GC403", "/generationConfig/thinkingConfig", "warning"),
    ("gemini-2.0-flash-exp", gc(thinkingConfig={"thinkingBudget": 500}), "GC403", "/generationConfig/thinkingConfig", "error"),
    ("gemini-3-pro-preview", gc(thinkingConfig={"thinkingLevel": "MEDIUM"}), "GC404", "/generationConfig/thinkingConfig/thinkingLevel", "error"),
    ("gemini-3.1-pro-preview", gc(thinkingConfig={"thinkingLevel": "MINIMAL"}), "GC404", "/generationConfig/thinkingConfig/thinkingLevel", "warning"),
    ("gemini-2.5-pro", gc(thinkingConfig={"thinkingBudget": 0}), "GC405", "/generationConfig/thinkingConfig/thinkingBudget", "error"),
    ("gemini-2.5-pro", gc(thinkingConfig={"thinkingBudget": 52428}), "GC405", "/generationConfig/thinkingConfig/thinkingBudget", "error"),
    ("gemini-2.5-flash-lite", gc(thinkingConfig={"thinkingBudget": 100}), "GC405", "/generationConfig/thinkingConfig/thinkingBudget", "error"),
    ("gemini-2.5-flash", gc(responseLogprobs=True), "GC406", "/generationConfig/responseLogprobs", "error"),
    ("gemini-2.5-pro", gc(presencePenalty=0.5), "GC407", "/generationConfig/presencePenalty", "error"),
    ("gemini-3-flash-preview", gc(frequencyPenalty=-0.5), "GC407", "/generationConfig/frequencyPenalty", "warning"),
    ("gemini-3.1-flash-tts-preview", {"contents": U, "systemInstruction": {"parts": [{"text": ""}]}, "generationConfig": {"responseModalities": ["AUDIO"]}}, "GC408", "/systemInstruction", "error"),
    ("gemini-pro", gc(responseMimeType="application/json"), "GC409", "/generationConfig/responseMimeType", "error"),
    ("gemini-2.5-flash-preview-tts", gc(responseModalities=["TEXT"]), "GC410", "/generationConfig/responseModalities", "error"),
    ("gemini-2.5-flash", gc(responseModalities=["TEXT", "IMAGE"]), "GC410", "/generationConfig/responseModalities", "warning"),
    ("gemini-3.1-flash-tts-preview", gc(responseModalities=["AUDIO"], speechConfig={"multiSpeakerVoiceConfig": {"speakerVoiceConfigs": [{"speaker": "A", "voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}}]}}), "GC411", "/generationConfig/speechConfig/multiSpeakerVoiceConfig/speakerVoiceConfigs", "warning"),
    ("gemma-3-12b-it", {"contents": U, "tools": [FN]}, "GC412", "/tools/0/functionDeclarations", "error"),
    ("gemini-3-pro-preview", {"contents": U, "tools": [{"googleMaps": {}}]}, "GC412", "/tools/0/googleMaps", "error"),
    ("gemini-2.5-flash-lite", {"contents": U, "tools": [{"urlContext": {}}, FN]}, "GC413", "/tools", "error"),
    ("gemini-3-pro-preview", {"contents": U, "tools": [{"googleSearch": {}}, FN]}, "GC413", "/tools", "warning"),
    ("gemini-2.5-computer-use-preview-10-2025", {"contents": U}, "GC414", "/tools", "error"),
    ("gemma-3-27b-it", gc(mediaResolution="MEDIA_RESOLUTION_LOW"), "GC416", "/generationConfig/mediaResolution", "error"),
    ("gemini-2.0-pro-exp-02-05", {"contents": U, "safetySettings": [{"category": "HARM_CATEGORY_CIVIC_INTEGRITY", "threshold": "OFF"}]}, "GC417", "/safetySettings/0/threshold", "error"),
    ("gemini-2.5-flash", gc(maxOutputTokens=100000), "GC418", "/generationConfig/maxOutputTokens", "warning"),
    ("gemini-3-pro-image-preview", gc(responseModalities=["IMAGE"], imageConfig={"imageSize": "512"}), "GC328", "/generationConfig/imageConfig/imageSize", "warning"),
    ("gemini-2.5-flash-image", gc(responseModalities=["IMAGE"], imageConfig={"imageSize": "1K"}), "GC328", "/generationConfig/imageConfig/imageSize", "warning"),
    ("gemini-2.5-flash", gc(candidateCount=9), "GC329", "/generationConfig/candidateCount", "warning"),
]  # fmt: skip

# (model, body): the model takes it; no model rule fires (and no error at all)
SILENT = [
    ("gemini-2.5-flash", gc(candidateCount=2)),
    ("gemini-2.5-flash", gc(presencePenalty=0.0, frequencyPenalty=0)),
    ("gemini-2.0-flash", gc(presencePenalty=0.5, responseLogprobs=True, logprobs=2)),
    ("gemini-2.5-flash", gc(thinkingConfig={"thinkingBudget": -1})),
    ("gemini-2.5-flash-lite", gc(thinkingConfig={"thinkingBudget": 0})),
    ("gemini-3-flash-preview", gc(thinkingConfig={"thinkingLevel": "MINIMAL"})),
    ("gemini-3-pro-preview", {"contents": U, "tools": [{"googleSearch": {}}, FN], "toolConfig": {"includeServerSideToolInvocations": True}}),
    ("gemini-2.5-pro", {"contents": U, "tools": [{"googleSearch": {}}, {"codeExecution": {}}]}),
    ("gemini-3.1-flash-image-preview", gc(responseModalities=["TEXT", "IMAGE"], imageConfig={"aspectRatio": "8:1", "imageSize": "512"})),
    ("gemini-2.5-computer-use-preview-10-2025", {"contents": U, "tools": [{"computerUse": {"environment": "ENVIRONMENT_BROWSER"}}]}),
    ("gemini-2.0-pro-exp-02-05", {"contents": U, "safetySettings": [{"category": "HARM_CATEGORY_CIVIC_INTEGRITY", "threshold": "BLOCK_NONE"}]}),
    ("gemini-2.5-flash-preview-tts", gc(responseModalities=["AUDIO"])),
    ("gemini-2.5-flash", {"contents": [*U, {"role": "model", "parts": [{"functionCall": {"name": "f"}}]}, {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}]}),
]  # fmt: skip


def _finding_ids(model: str, body: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(f.rule, f.pointer, str(f.severity)) for f in validate(json.dumps(body), model=model).findings}


@pytest.mark.parametrize(("model", "body", "rule", "pointer", "severity"), FIRES, ids=lambda v: str(v)[:40])
def test_model_rule_fires(model: str, body: dict[str, Any], rule: str, pointer: str, severity: str) -> None:
    assert (rule, pointer, severity) in _finding_ids(model, body)


@pytest.mark.parametrize(("model", "body"), SILENT, ids=lambda v: str(v)[:40])
def test_model_rule_silent_where_the_model_takes_it(model: str, body: dict[str, Any]) -> None:
    found = _finding_ids(model, body)
    assert not [f for f in found if (f[0].startswith("GC4") and f[0] != "GC402") or f[2] == "error"], found
    assert not [f for f in found if f[0] in ("GC327", "GC328", "GC329")], found


def test_every_model_rule_has_a_firing_case() -> None:
    fired = {rule for _, _, rule, _, _ in FIRES}
    # GC415: the fixtures cases; GC419-GC421 (the request line): test_requestline.py
    model_rules = {r.id for r in RULES if r.id.startswith("GC4")} - {"GC415", "GC419", "GC420", "GC421"}
    assert model_rules <= fired


def test_generic_rules_without_a_model() -> None:
    body = {
        "contents": [*U, {"role": "model", "parts": [{"functionCall": {"name": "f"}}]},
                     {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}],
        "generationConfig": {"candidateCount": 2},
    }  # fmt: skip
    generic = {(f.rule, str(f.severity)) for f in validate(body).findings}
    assert {("GC327", "warning"), ("GC329", "info")} <= generic
    # A model the table does not know keeps the generic rules (and says why in one info).
    unknown = {(f.rule, str(f.severity)) for f in validate(body, model="my-model").findings}
    assert {("GC327", "warning"), ("GC329", "info"), ("GC400", "info")} <= unknown
    # A family without the fact keeps the generic warning too; one with it decides.
    assert ("GC327", "warning") in {
        (f.rule, str(f.severity)) for f in validate(body, model="gemma-3-4b-it").findings
    }
    on_3 = {(f.rule, str(f.severity)) for f in validate(body, model="gemini-3-flash-preview").findings}
    assert {("GC327", "error"), ("GC329", "error")} <= on_3


def test_the_hint_quotes_the_server() -> None:
    (finding,) = validate(gc(presencePenalty=0.5), model="models/gemini-2.5-flash").findings
    assert finding.hint is not None
    assert '"Penalty is not enabled for models/gemini-2.5-flash"' in finding.hint


def test_validate_record_takes_a_model() -> None:
    line = json.dumps({"key": "k", "request": gc(presencePenalty=0.5)})
    (finding,) = validate_record(line, model="gemini-2.5-flash").findings
    assert (finding.rule, finding.pointer) == ("GC407", "/request/generationConfig/presencePenalty")


# --- the table itself ---------------------------------------------------------------------------------

TABLE = load_json(REPO / "schema" / "models.json")
REQUEST = load_json(SCHEMA_PATH)


def test_the_table_holds_to_its_schema() -> None:
    schema = load_json(REPO / "schema" / "models.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(TABLE)]
    assert errors == []


def _facts() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for family in TABLE["families"]:
        for name, fact in family["facts"].items():
            if name == "tools":
                found += [(family["id"], f"tools.{tool}", f) for tool, f in fact.items()]
            else:
                found.append((family["id"], name, fact))
    found += [("ranges", name, fact) for name, fact in TABLE["ranges"].items()]
    return found


def test_every_source_is_listed() -> None:
    cited = {s for _, _, fact in _facts() for s in fact["sources"]}
    assert cited - set(TABLE["sources"]) == set()


def test_every_known_id_resolves_to_its_family() -> None:
    table = model_table()
    for family in table.families:
        for name in family.ids:
            for spelled in (name, f"models/{name}"):
                resolved = table.resolve(spelled).family
                assert resolved is family, (spelled, resolved and resolved.id)
    for alias, target in TABLE["aliases"].items():
        resolved = table.resolve(alias).family
        assert (resolved.id if resolved else None) == target["family"]


def test_versioned_ids_resolve_by_the_suffix() -> None:
    table = model_table()
    resolved = {n: table.resolve(n).family for n in ("gemini-2.5-flash-001", "gemini-2.5-flash-lite-latest",
                                                      "gemini-3-flash-preview-12-2025")}  # fmt: skip
    assert {n: f.id if f else None for n, f in resolved.items()} == {
        "gemini-2.5-flash-001": "gemini-2.5-flash",
        "gemini-2.5-flash-lite-latest": "gemini-2.5-flash-lite",
        "gemini-3-flash-preview-12-2025": "gemini-3-flash",
    }


def test_fact_values_are_values_of_the_request_schema() -> None:
    defs = REQUEST["$defs"]
    tools = set(defs["Tool"]["properties"])
    levels = set(defs["ThinkingConfig"]["properties"]["thinkingLevel"].get("enum", [])) or set(
        defs[defs["ThinkingConfig"]["properties"]["thinkingLevel"]["$ref"].rsplit("/", 1)[1]]["enum"]
    )
    for family, name, fact in _facts():
        if name.startswith("tools."):
            assert name.removeprefix("tools.") in tools, (family, name)
        elif name == "thinkingLevels":
            assert set(fact["value"]) <= levels, family
        elif name == "aspectRatios":
            assert set(fact["value"]) <= set(facts.ASPECT_RATIOS), family
        elif name == "imageSizes":
            assert set(fact["value"]) <= set(facts.IMAGE_SIZES), family


def test_every_fact_name_is_read_by_a_rule() -> None:
    code = (REPO / "validator" / "checks" / "models.py").read_text(encoding="utf-8")
    code += (REPO / "validator" / "checks" / "conversation.py").read_text(encoding="utf-8")
    code += (REPO / "validator" / "checks" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'"([a-zA-Z]+)"', code))
    informational = {"inputTokenLimit"}  # not checkable without a tokenizer
    names = {name for _, name, _ in _facts() if not name.startswith("tools.")} - set(TABLE["ranges"])
    assert names - read - informational == set()
    tools = {name.removeprefix("tools.") for _, name, _ in _facts() if name.startswith("tools.")}
    assert set(TABLE["messages"]) - read - tools == set()


def test_a_strong_fact_is_never_inferred() -> None:
    assert [(f, n) for f, n, fact in _facts() if fact.get("inferred") and fact["confidence"] == "high"] == []
