"""Request bodies a given model accepts: each drawn body is fitted to the model's family in the model table
(schema/models.json), one edit per kind of fact, the same facts the model rules read (none per model).

A fitted body stays valid for any model (every edit drops an optional member or moves a value inside its
documented range), and draws nothing the family's facts reject; tests/strategies/test_for_model.py holds
`validate(body, model=...)` to no error and no model-rule warning for a model of every family.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from gemini_contract.schema.models import Family, model_table

Body = dict[str, Any]
_JSON_MIME = ("application/json", "text/x.enum")
_RESPONSE_FORMAT = ("responseMimeType", "responseSchema", "responseJsonSchema", "_responseJsonSchema")
_BUILTIN = (
    "googleSearch",
    "googleSearchRetrieval",
    "codeExecution",
    "urlContext",
    "fileSearch",
    "googleMaps",
)


def _value(family: Family, name: str) -> Any:
    fact = family.facts.get(name)
    return None if fact is None else fact.value


def _config(body: Body) -> dict[str, Any]:
    config = body.get("generationConfig")
    return config if isinstance(config, dict) else {}


def _thinking(body: Body, family: Family) -> None:
    config = _config(body)
    thinking = config.get("thinkingConfig")
    if not isinstance(thinking, dict):
        return
    if _value(family, "thinking") is False:
        del config["thinkingConfig"]
        return
    levels = _value(family, "thinkingLevels")
    if "thinkingLevel" in thinking and levels is not None and thinking["thinkingLevel"] not in levels:
        if levels:
            thinking["thinkingLevel"] = levels[-1]
        else:
            del thinking["thinkingLevel"]
    limits = _value(family, "thinkingBudget")
    budget = thinking.get("thinkingBudget")
    if limits is not None and isinstance(budget, int):
        takes = (budget == 0 and limits["zero"]) or (budget == -1 and limits["dynamic"])
        if not takes and not limits["min"] <= budget <= limits["max"]:
            thinking["thinkingBudget"] = min(max(budget, limits["min"]), limits["max"])


def _sampling(body: Body, family: Family) -> None:
    config = _config(body)
    if _value(family, "logprobs") is False:
        config.pop("responseLogprobs", None)
        config.pop("logprobs", None)
    if _value(family, "penalties") is False:
        config.pop("presencePenalty", None)
        config.pop("frequencyPenalty", None)
    limit = _value(family, "outputTokenLimit")
    if (
        limit is not None
        and isinstance(config.get("maxOutputTokens"), int)
        and config["maxOutputTokens"] > limit
    ):
        config["maxOutputTokens"] = limit
    most = _value(family, "candidateCountMax")
    if most is not None and isinstance(config.get("candidateCount"), int) and config["candidateCount"] > most:
        config["candidateCount"] = most


def _output(body: Body, family: Family) -> None:
    config = _config(body)
    if _value(family, "jsonMode") is False and config.get("responseMimeType") in _JSON_MIME:
        for key in _RESPONSE_FORMAT:
            config.pop(key, None)
    if _value(family, "mediaResolution") is False:
        config.pop("mediaResolution", None)
    combos = _value(family, "responseModalities")
    asked = config.get("responseModalities")
    if combos is not None:
        given = isinstance(asked, list) and bool(asked)
        fits = given and frozenset(asked or ()) in [frozenset(c) for c in combos]
        if (given and not fits) or (not given and _value(family, "responseModalitiesRequired") is True):
            body["generationConfig"] = config = {**config, "responseModalities": list(combos[0])}
    speakers = _value(family, "speakers")
    speech = config.get("speechConfig")
    if speakers is not None and isinstance(speech, dict):
        voices = speech.get("multiSpeakerVoiceConfig", {}).get("speakerVoiceConfigs")
        if isinstance(voices, list) and len(voices) != speakers:
            del speech["multiSpeakerVoiceConfig"]
    image = config.get("imageConfig")
    for key, name in (("aspectRatio", "aspectRatios"), ("imageSize", "imageSizes")):
        allowed = _value(family, name)
        if isinstance(image, dict) and allowed is not None and key in image and image[key] not in allowed:
            if allowed:
                image[key] = allowed[0]
            else:
                del image[key]
    if _value(family, "systemInstruction") is False or (
        _value(family, "systemInstructionWithImageOutput") is False
        and "IMAGE" in (config.get("responseModalities") or [])
    ):
        body.pop("systemInstruction", None)


def _tools(body: Body, family: Family) -> None:
    tools = body.get("tools")
    if isinstance(tools, list):
        rejected = {name for name, fact in family.tools.items() if fact.value is False}
        kept = [{k: v for k, v in tool.items() if k not in rejected} for tool in tools]
        body["tools"] = tools = [tool for tool in kept if tool]
        present = {name for tool in tools for name in tool}
        mixed = _value(family, "builtinWithFunctions")
        if "functionDeclarations" in present and mixed in (False, "withServerSideToolInvocations"):
            if mixed is False:
                body["tools"] = tools = [
                    t for t in ({k: v for k, v in t.items() if k not in _BUILTIN} for t in tools) if t
                ]
            elif not present.isdisjoint(_BUILTIN):
                tool_config = body.get("toolConfig")
                tool_config = tool_config if isinstance(tool_config, dict) else {}
                body["toolConfig"] = {**tool_config, "includeServerSideToolInvocations": True}
        if not tools:
            del body["tools"]
            body.pop("toolConfig", None)
    if _value(family, "computerUseRequired") is True:
        tools = body.setdefault("tools", [])
        if not any("computerUse" in tool for tool in tools):
            tools.append({"computerUse": {"environment": "ENVIRONMENT_BROWSER"}})
        body.pop("cachedContent", None)  # cachedContent excludes tools (GC323)


def _parts(body: Body, family: Family) -> None:
    signatures = _value(family, "thoughtSignatures") is True
    per_part = _value(family, "partMediaResolution") is False
    system = body.get("systemInstruction")
    for content in [system, *(body.get("contents") or [])]:
        if not isinstance(content, dict):
            continue
        calls = 0
        for part in content.get("parts") or []:
            if per_part:
                part.pop("mediaResolution", None)
            if signatures and content.get("role") == "model" and "functionCall" in part:
                if calls == 0:
                    part.setdefault("thoughtSignature", "c2lnbmF0dXJl")
                calls += 1


def _safety(body: Body, family: Family) -> None:
    if _value(family, "civicIntegrityOff") is not False:
        return
    for setting in body.get("safetySettings") or []:
        if setting.get("category") == "HARM_CATEGORY_CIVIC_INTEGRITY" and setting.get("threshold") in (
            "OFF",
            "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
        ):
            setting["threshold"] = "BLOCK_NONE"


FITTERS: tuple[Callable[[Body, Family], None], ...] = (_thinking, _sampling, _output, _tools, _parts, _safety)


def fit(body: Body, family: Family) -> Body:
    """A copy of `body` edited so that `family` takes it."""
    fitted = copy.deepcopy(body)
    for fitter in FITTERS:
        fitter(fitted, family)
    return fitted


def requests_for(model: str, bodies: st.SearchStrategy[Body]) -> st.SearchStrategy[Body]:
    """`bodies` fitted to `model` (as the URL names it); unchanged for a model the table does not know."""
    family = model_table().resolve(model).family
    if family is None:
        return bodies
    serves = family.facts.get("generateContent")
    if serves is not None and serves.value is False:
        raise InvalidArgument(f"{model} is not a generateContent model: no request body fits it")
    return bodies.map(lambda body: fit(body, family))
