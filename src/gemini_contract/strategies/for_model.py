"""Request bodies a given model accepts: each drawn body is fitted to the model's family in the model table
(schema/models.json), one edit per kind of fact, the same facts the model rules read (none per model).

A fitted body stays valid for any model (every edit drops an optional member or moves a value inside its
documented range), and draws nothing the family's facts reject; tests/strategies/test_for_model.py holds
`validate(body, model=...)` to no error and no model-rule warning for a model of every family.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from gemini_contract.schema.facts import ASPECT_RATIOS
from gemini_contract.schema.models import Fact, Family, model_table
from gemini_contract.strategies.mutation_base import Expectation
from gemini_contract.validator.checks.models import BUILTIN_TOOLS

Body = dict[str, Any]
_JSON_MIME = ("application/json", "text/x.enum")
_RESPONSE_FORMAT = ("responseMimeType", "responseSchema", "responseJsonSchema", "_responseJsonSchema")
_BUILTIN = BUILTIN_TOOLS  # the model rules' own list: one place


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


# --- model-rule mutations: one edit that breaks one fact of the family -------------------------------------

Edit = Callable[[st.DrawFn, Body, Fact], "tuple[Expectation, Callable[[Body], bool]] | None"]
_FUNCTION = {"name": "model_mutation_function", "description": "added by a model-rule mutation"}


def _gc(body: Body) -> dict[str, Any]:
    config = body.get("generationConfig")
    if not isinstance(config, dict):
        config = body["generationConfig"] = {}
    return config


def _expect(
    rule: str, pointer: str, name: str, check: Callable[[Body], bool]
) -> tuple[Expectation, Callable[[Body], bool]]:
    return Expectation(rule, pointer, f"model-{name}"), check


def _break_set(key: str, value: Any, rule: str, name: str, *, drop: tuple[str, ...] = ()) -> Edit:
    """An edit that sets generationConfig[key] to `value` (a function of the fact's value and the draw)."""

    def edit(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
        chosen = value(draw, fact.value)
        if chosen is None:
            return None
        config = _gc(body)
        for other in drop:
            config.pop(other, None)
        config[key] = chosen
        return _expect(rule, f"/generationConfig/{key}", name, lambda b: _gc(b).get(key) == chosen)

    return edit


def _break_thinking(field: str, value: Callable[[st.DrawFn, Any], Any], rule: str, name: str) -> Edit:
    def edit(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
        chosen = value(draw, fact.value)
        if chosen is None:
            return None
        _gc(body)["thinkingConfig"] = {field: chosen}
        pointer = f"/generationConfig/thinkingConfig/{field}"
        return _expect(rule, pointer, name, lambda b: _gc(b)["thinkingConfig"].get(field) == chosen)

    return edit


def _break_other(options: tuple[Any, ...]) -> Callable[[st.DrawFn, Any], Any]:
    def choose(draw: st.DrawFn, allowed: Any) -> Any:
        left = [option for option in options if option not in allowed]
        return draw(st.sampled_from(left)) if left else None

    return choose


def _break_without_thinking(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is not False:
        return None
    _gc(body)["thinkingConfig"] = {"includeThoughts": True}
    return _expect(
        "GC403", "/generationConfig/thinkingConfig", "thinking", lambda b: "thinkingConfig" in _gc(b)
    )


def _break_system_instruction(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is not False:
        return None
    body.pop("cachedContent", None)  # cachedContent excludes systemInstruction (GC323)
    body["systemInstruction"] = {"parts": [{"text": draw(st.sampled_from(["Be brief.", ""]))}]}
    return _expect("GC408", "/systemInstruction", "systemInstruction", lambda b: "systemInstruction" in b)


def _break_instruction_with_images(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is not False:
        return None
    body.pop("cachedContent", None)  # cachedContent excludes systemInstruction (GC323)
    body["systemInstruction"] = {"parts": [{"text": "Draw in watercolour."}]}
    _gc(body)["responseModalities"] = ["TEXT", "IMAGE"]
    check = lambda b: "systemInstruction" in b and "IMAGE" in _gc(b)["responseModalities"]  # noqa: E731
    return _expect("GC408", "/systemInstruction", "systemInstructionWithImageOutput", check)


def _break_modalities(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    combos = [frozenset(combo) for combo in fact.value]
    left = [c for c in (["TEXT"], ["IMAGE"], ["AUDIO"], ["TEXT", "IMAGE"]) if frozenset(c) not in combos]
    chosen = draw(st.sampled_from(left))
    _gc(body)["responseModalities"] = chosen
    check = lambda b: frozenset(_gc(b)["responseModalities"]) not in combos  # noqa: E731
    return _expect("GC410", "/generationConfig/responseModalities", "responseModalities", check)


def _break_modalities_dropped(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is not True:
        return None
    _gc(body).pop("responseModalities", None)
    check = lambda b: "responseModalities" not in _gc(b)  # noqa: E731
    return _expect("GC410", "/generationConfig/responseModalities", "responseModalitiesRequired", check)


def _break_image(key: str, options: tuple[str, ...], name: str) -> Edit:
    def edit(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
        chosen = _break_other(options)(draw, fact.value)
        if chosen is None:
            return None
        image = _gc(body).setdefault("imageConfig", {})
        image[key] = chosen
        pointer = f"/generationConfig/imageConfig/{key}"
        return _expect("GC328", pointer, name, lambda b: _gc(b)["imageConfig"].get(key) == chosen)

    return edit


def _break_speakers(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    count = draw(st.sampled_from([n for n in (1, 3) if n != fact.value]))
    voices = [
        {"speaker": f"S{i}", "voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}}
        for i in range(count)
    ]
    _gc(body)["speechConfig"] = {"multiSpeakerVoiceConfig": {"speakerVoiceConfigs": voices}}
    pointer = "/generationConfig/speechConfig/multiSpeakerVoiceConfig/speakerVoiceConfigs"
    return _expect("GC411", pointer, "speakers", lambda b: len(voices) != fact.value)


def _break_builtin_with_functions(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is True:
        return None
    body.pop("cachedContent", None)
    body.setdefault("tools", []).extend([{"googleSearch": {}}, {"functionDeclarations": [dict(_FUNCTION)]}])
    config = body.get("toolConfig")
    if isinstance(config, dict):
        config.pop("includeServerSideToolInvocations", None)
    return _expect("GC413", "/tools", "builtinWithFunctions", lambda b: len(b["tools"]) >= 2)


def _break_computer_use_dropped(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is not True:
        return None
    tools = [t for t in body.get("tools", []) if "computerUse" not in t]
    if tools:
        body["tools"] = tools
    else:
        body.pop("tools", None)
    check = lambda b: not any("computerUse" in t for t in b.get("tools", []))  # noqa: E731
    return _expect("GC414", "/tools", "computerUseRequired", check)


def _break_civic_off(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is not False:
        return None
    settings = [
        s for s in body.get("safetySettings", []) if s.get("category") != "HARM_CATEGORY_CIVIC_INTEGRITY"
    ]
    settings.append({"category": "HARM_CATEGORY_CIVIC_INTEGRITY", "threshold": "OFF"})
    body["safetySettings"] = settings
    pointer = f"/safetySettings/{len(settings) - 1}/threshold"
    return _expect(
        "GC417", pointer, "civicIntegrityOff", lambda b: b["safetySettings"][-1]["threshold"] == "OFF"
    )


def _break_part_media_resolution(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
    if fact.value is not False:
        return None
    part = body["contents"][0]["parts"][0]
    part["mediaResolution"] = {"level": "MEDIA_RESOLUTION_HIGH"}
    check = lambda b: "mediaResolution" in b["contents"][0]["parts"][0]  # noqa: E731
    return _expect("GC415", "/contents/0/parts/0/mediaResolution", "partMediaResolution", check)


_LEVELS = ("MINIMAL", "LOW", "MEDIUM", "HIGH")
_RATIOS = ASPECT_RATIOS
# One edit per fact kind (the facts the model rules read), none per model.
EDITS: dict[str, Edit] = {
    "penalties": _break_set("presencePenalty", lambda d, v: None if v else d(st.floats(0.1, 1.9)), "GC407", "penalties"),
    "logprobs": _break_set("responseLogprobs", lambda d, v: None if v else True, "GC406", "logprobs", drop=("logprobs",)),
    "candidateCountMax": _break_set("candidateCount", lambda d, v: d(st.integers(v + 1, v + 4)), "GC329", "candidateCountMax"),
    "outputTokenLimit": _break_set("maxOutputTokens", lambda d, v: d(st.integers(v + 1, 2 * v)), "GC418", "outputTokenLimit"),
    "jsonMode": _break_set("responseMimeType", lambda d, v: None if v else "application/json", "GC409", "jsonMode"),
    "mediaResolution": _break_set("mediaResolution", lambda d, v: None if v else "MEDIA_RESOLUTION_LOW", "GC416", "mediaResolution"),
    "thinking": _break_without_thinking,
    "thinkingLevels": _break_thinking("thinkingLevel", _break_other(_LEVELS), "GC404", "thinkingLevels"),
    "thinkingBudget": _break_thinking("thinkingBudget", lambda d, v: d(st.integers(v["max"] + 1, v["max"] + 4096)), "GC405", "thinkingBudget"),
    "systemInstruction": _break_system_instruction,
    "systemInstructionWithImageOutput": _break_instruction_with_images,
    "responseModalities": _break_modalities,
    "responseModalitiesRequired": _break_modalities_dropped,
    "aspectRatios": _break_image("aspectRatio", _RATIOS, "aspectRatios"),
    "imageSizes": _break_image("imageSize", ("512", "1K", "2K", "4K"), "imageSizes"),
    "speakers": _break_speakers,
    "builtinWithFunctions": _break_builtin_with_functions,
    "computerUseRequired": _break_computer_use_dropped,
    "civicIntegrityOff": _break_civic_off,
    "partMediaResolution": _break_part_media_resolution,
}  # fmt: skip


def _break_tool(name: str) -> Edit:
    def edit(draw: st.DrawFn, body: Body, fact: Fact) -> Any:
        if fact.value is not False:
            return None
        tool: dict[str, Any] = {name: [dict(_FUNCTION)]} if name == "functionDeclarations" else {name: {}}
        body.pop("cachedContent", None)
        tools = body.setdefault("tools", [])
        tools.append(tool)
        index = len(tools) - 1
        return _expect(
            "GC412", f"/tools/{index}/{name}", f"tools.{name}", lambda b: name in b["tools"][index]
        )

    return edit


def model_edits(family: Family) -> list[tuple[str, Edit, Fact]]:
    """The edits that break one of the family's facts (their names: the fact's, tools as tools.<name>)."""
    edits = [(name, EDITS[name], fact) for name, fact in family.facts.items() if name in EDITS]
    edits += [
        (f"tools.{name}", _break_tool(name), fact)
        for name, fact in family.tools.items()
        if name in _SIMPLE_TOOLS
    ]
    return edits


_SIMPLE_TOOLS = (
    "functionDeclarations",
    "googleSearchRetrieval",
    "codeExecution",
    "googleSearch",
    "urlContext",
    "googleMaps",
)


def _severity(fact: Fact) -> str:
    return "error" if fact.strong else "warning"  # as the model rules grade it (checks/models.severity)


@st.composite
def _model_mutation(
    draw: st.DrawFn, edits: list[tuple[str, Edit, Fact]], valid: st.SearchStrategy[Body]
) -> Any:
    _, edit, fact = draw(st.sampled_from(edits))
    body = copy.deepcopy(draw(valid))
    result = edit(draw, body, fact)
    assume(result is not None)
    assert result is not None
    expectation, check = result
    assume(check(body))
    return body, dataclasses.replace(expectation, severity=_severity(fact))


def mutations_for(
    model: str, valid: st.SearchStrategy[Body], severities: frozenset[str] = frozenset(("warning", "error"))
) -> st.SearchStrategy[tuple[Body, Expectation]] | None:
    """`(body, Expectation)`: a body `model` accepts with one edit that breaks one fact of its family (only
    facts whose findings have one of `severities`); None where the family has no such fact."""
    family = model_table().resolve(model).family
    edits = [] if family is None else [e for e in model_edits(family) if _severity(e[2]) in severities]
    if not edits:
        return None
    return _model_mutation(edits, requests_for(model, valid))
