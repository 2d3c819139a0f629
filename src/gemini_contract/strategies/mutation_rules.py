"""Mutators that break one cross-field rule (GC3xx) of a valid request, each with a direct re-check.

An edit either changes what the body already has (a Schema node, a function-call exchange, a safety
setting) or, when the body has nothing to edit, adds the smallest thing that breaks the rule. Pointers
follow the validator's documented places: the second of two conflicting keys, the offending key of a
Schema node, the turn or Part at fault.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies.mutation_base import (
    CACHE_EXCLUSIVE,
    MutatorTable,
    Obj,
    Result,
    add_tool,
    expect,
    nodes,
    pick,
    without_cache,
)
from gemini_contract.strategies.walk import Node, Path, get

TABLE = MutatorTable()
mutator = TABLE.mutator
JSON_MIME = ("application/json", "text/x.enum")


def _config(body: Obj, *keys: str) -> Obj:
    node: Obj = body.setdefault("generationConfig", {})
    for key in keys:
        node = node.setdefault(key, {})
    return node


@mutator("model-in-body", "GC301")
def _model(draw: st.DrawFn, body: Obj) -> Result:
    body["model"] = "models/gemini-2.5-flash"
    return expect("GC301", ("model",), "model-in-body", lambda b: "model" in b)


@mutator("thinking-budget-and-level", "GC302")
def _thinking(draw: st.DrawFn, body: Obj) -> Result:
    config = _config(body, "thinkingConfig")
    config.update(thinkingBudget=1024, thinkingLevel="LOW")
    path = ("generationConfig", "thinkingConfig", "thinkingLevel")
    return expect("GC302", path, "thinking-budget-and-level", lambda b: "thinkingBudget" in get(b, path[:-1]))


@mutator("response-schema-without-mime", "GC303")
def _schema_mime(draw: st.DrawFn, body: Obj) -> Result:
    config = _config(body)
    for key in ("responseJsonSchema", "_responseJsonSchema"):
        config.pop(key, None)
    config.setdefault("responseSchema", {"type": "STRING"})
    if pick(draw, (True, False)):
        config["responseMimeType"] = "text/plain"
    else:
        config.pop("responseMimeType", None)

    def check(b: Obj) -> bool:
        return b["generationConfig"].get("responseMimeType") not in JSON_MIME

    return expect("GC303", ("generationConfig", "responseSchema"), "response-schema-without-mime", check)


@mutator("response-schema-both", "GC304")
def _schema_both(draw: st.DrawFn, body: Obj) -> Result:
    config = _config(body)
    config.pop("_responseJsonSchema", None)
    config["responseMimeType"] = "application/json"
    config.setdefault("responseSchema", {"type": "STRING"})
    config.setdefault("responseJsonSchema", {"type": "string"})

    def check(b: Obj) -> bool:
        return {"responseSchema", "responseJsonSchema"} <= set(b["generationConfig"])

    return expect("GC304", ("generationConfig", "responseJsonSchema"), "response-schema-both", check)


def _declarations(body: Obj) -> list[Node]:
    return nodes(body, lambda n: n.type_name == "FunctionDeclaration")


@mutator("parameters-both", "GC305")
def _parameters_both(draw: st.DrawFn, body: Obj) -> Result:
    sites = _declarations(body)
    if sites:
        node = pick(draw, sites)
        declaration, path = node.value, node.path
    else:
        declaration = {"name": "probe_function"}
        path = ("tools", add_tool(body, {"functionDeclarations": [declaration]}), "functionDeclarations", 0)
    declaration.setdefault("parameters", {"type": "OBJECT", "properties": {"q": {"type": "STRING"}}})
    declaration.setdefault("parametersJsonSchema", {"type": "object"})

    def check(b: Obj) -> bool:
        return {"parameters", "parametersJsonSchema"} <= set(get(b, path))

    return expect("GC305", (*path, "parametersJsonSchema"), "parameters-both", check)


@mutator("voice-config-both", "GC306")
def _voice_both(draw: st.DrawFn, body: Obj) -> Result:
    config = _config(body, "speechConfig")
    config.setdefault("voiceConfig", {"prebuiltVoiceConfig": {"voiceName": "Kore"}})
    config.setdefault(
        "multiSpeakerVoiceConfig",
        {"speakerVoiceConfigs": [{"speaker": "Joe", "voiceConfig": {"voice": "Puck"}}]},
    )
    path = ("generationConfig", "speechConfig", "multiSpeakerVoiceConfig")
    return expect("GC306", path, "voice-config-both", lambda b: "voiceConfig" in get(b, path[:-1]))


@mutator("allowed-names-without-any", "GC307")
def _allowed_names(draw: st.DrawFn, body: Obj) -> Result:
    calling = without_cache(body).setdefault("toolConfig", {}).setdefault("functionCallingConfig", {})
    calling["mode"] = pick(draw, ("AUTO", "NONE"))
    calling.setdefault("allowedFunctionNames", ["get_weather"])
    path = ("toolConfig", "functionCallingConfig", "allowedFunctionNames")
    return expect("GC307", path, "allowed-names-without-any", lambda b: get(b, path[:-1])["mode"] != "ANY")


@mutator("logprobs-without-response-logprobs", "GC308")
def _logprobs(draw: st.DrawFn, body: Obj) -> Result:
    config = _config(body)
    config["logprobs"] = 5
    if pick(draw, (True, False)):
        config["responseLogprobs"] = False
    else:
        config.pop("responseLogprobs", None)
    return expect(
        "GC308",
        ("generationConfig", "logprobs"),
        "logprobs-without-response-logprobs",
        lambda b: b["generationConfig"].get("responseLogprobs") is not True,
    )


def _categories(body: Obj) -> list[Any]:
    return [s.get("category") for s in body.get("safetySettings", [])]


@mutator("duplicate-safety-category", "GC309")
def _duplicate_safety(draw: st.DrawFn, body: Obj) -> Result:
    settings = body.setdefault("safetySettings", [])
    if not settings:
        settings.append({"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"})
    first = pick(draw, settings)
    settings.append({"category": first["category"], "threshold": "BLOCK_ONLY_HIGH"})
    last = len(settings) - 1

    def check(b: Obj) -> bool:
        return len(set(_categories(b))) < len(_categories(b))

    return expect("GC309", ("safetySettings", last, "category"), "duplicate-safety-category", check)


@mutator("deprecated-harm-category", "GC321")
def _deprecated(draw: st.DrawFn, body: Obj) -> Result:
    settings = body.setdefault("safetySettings", [])
    free = sorted(ix.deprecated_values("HarmCategory") - set(_categories(body)))
    settings.append({"category": pick(draw, free), "threshold": "BLOCK_NONE"})
    last = len(settings) - 1

    def check(b: Obj) -> bool:
        return b["safetySettings"][last]["category"] in ix.deprecated_values("HarmCategory")

    return expect("GC321", ("safetySettings", last, "category"), "deprecated-harm-category", check)


@mutator("duplicate-function-name", "GC311")
def _duplicate_function(draw: st.DrawFn, body: Obj) -> Result:
    sites = _declarations(body)
    name = pick(draw, sites).value["name"] if sites else "probe_function"
    if not sites:
        add_tool(body, {"functionDeclarations": [{"name": name}]})
    t = add_tool(body, {"functionDeclarations": [{"name": name, "description": "Same name again."}]})

    def check(b: Obj) -> bool:
        names = [d["name"] for tool in b["tools"] for d in tool.get("functionDeclarations", [])]
        return len(set(names)) < len(names)

    return expect("GC311", ("tools", t, "functionDeclarations", 0, "name"), "duplicate-function-name", check)


@mutator("cached-content-combination", "GC323")
def _cached(draw: st.DrawFn, body: Obj) -> Result:
    body.setdefault("cachedContent", "cachedContents/abc123")
    present = [k for k in CACHE_EXCLUSIVE if k in body]
    if not present:
        body["systemInstruction"] = {"parts": [{"text": "You are a helpful assistant."}]}
        present = ["systemInstruction"]
    key = present[0]
    for other in present[1:]:  # each would be a GC323 finding of its own: the sidecar names one
        del body[other]
    return expect("GC323", (key,), "cached-content-combination", lambda b: "cachedContent" in b and key in b)


@mutator("time-range-half", "GC325")
def _time_range(draw: st.DrawFn, body: Obj) -> Result:
    sites = nodes(body, lambda n: n.type_name == "Interval" and n.path[-2] == "googleSearch")
    path: Path
    if sites:
        node = pick(draw, sites)
        interval: Obj = node.value
        path = node.path
    else:
        interval = {"startTime": "2025-01-01T00:00:00Z", "endTime": "2025-02-01T00:00:00Z"}
        t = add_tool(body, {"googleSearch": {"timeRangeFilter": interval}})
        path = ("tools", t, "googleSearch", "timeRangeFilter")
    del interval[pick(draw, ("startTime", "endTime"))]
    return expect("GC325", path, "time-range-half", lambda b: len(get(b, path)) == 1)


@mutator("image-config-value", "GC328")
def _image_config(draw: st.DrawFn, body: Obj) -> Result:
    key, value = pick(draw, (("aspectRatio", "7:3"), ("imageSize", "8K")))
    _config(body, "imageConfig")[key] = value
    path = ("generationConfig", "imageConfig", key)
    return expect("GC328", path, "image-config-value", lambda b: get(b, path) == value)
