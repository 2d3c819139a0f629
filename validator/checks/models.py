"""Model rules: what the model in the URL accepts, read from the model table (schema/models.json). One
function per kind of fact, none per model: adding a model, or a fact to a family, is a data change.

A finding's severity is its fact's: an error where the table's evidence is strong (a model card, or the
server's own message quoted for that family), a warning where it is weaker or inferred. The server's
message, where the table quotes one, is in the hint. Each check is a row of the CHECKS table with the
members that trigger it; it runs only when the URL names a family of the table (`Context.family`), and has
no quiet schema (its facts vary by model) except `parts`, whose trigger's absence silences it for any model.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gemini_contract.schema.models import Fact, Family, model_table
from gemini_contract.validator.checks.walk import generation_config, items, obj, objects, turns
from gemini_contract.validator.findings import Issue, Severity
from gemini_contract.validator.text import show

if TYPE_CHECKING:
    from gemini_contract.validator.checks import Context

JSON_MIME_TYPES = ("application/json", "text/x.enum")
SAMPLING_KEYS = (
    "responseLogprobs", "logprobs", "presencePenalty", "frequencyPenalty", "maxOutputTokens", "candidateCount"
)  # fmt: skip
OUTPUT_KEYS = ("responseMimeType", "mediaResolution", "responseModalities", "speechConfig", "imageConfig")
# The facts each check reads: a check runs only for a family with one of them (its `when`).
KNOWN_FACTS = frozenset(("generateContent", "retired", "responseModalitiesRequired", "computerUseRequired"))
THINKING_FACTS = ("thinking", "thinkingLevels", "thinkingBudget")
SAMPLING_FACTS = ("logprobs", "penalties", "outputTokenLimit", "candidateCountMax")
INSTRUCTION_FACTS = ("systemInstruction", "systemInstructionWithImageOutput")
OUTPUT_FACTS = ("jsonMode", "mediaResolution", "responseModalities", "speakers", "aspectRatios", "imageSizes")
_CONFIG = "/generationConfig"
_THINKING = "/generationConfig/thinkingConfig"


def severity(fact: Fact) -> Severity:
    return Severity.ERROR if fact.strong else Severity.WARNING


def issue(
    rule: str, pointer: str, message: str, fact: Fact, ctx: Context, *, at_key: bool = False, **values: object
) -> Issue:
    """A finding of `fact` broken: the server's message (where the table has one) and the evidence in the
    hint, the fact's severity."""
    table = model_table()
    family = ctx.family
    named = f" ({family.id})" if family is not None else ""
    said = table.message(fact.name, model=ctx.bare_model, **values)
    evidence = ", ".join(fact.sources)
    weight = "" if fact.strong else f"; {'inferred, ' if fact.inferred else ''}{fact.confidence} confidence"
    hint = f'the API answers "{said}" ({evidence}{weight})' if said else f"evidence: {evidence}{weight}"
    return Issue(rule, pointer, message + named, hint, at_key, severity=severity(fact))


def _false(family: Family, name: str) -> Fact | None:
    fact = family.facts.get(name)
    return fact if fact is not None and fact.value is False else None


def known(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """Runs for every request with a model: the one info for a model the table does not know; else what the
    model itself is (not a generateContent model, retired) and what it needs whatever the body holds."""
    resolution = ctx.resolution
    if resolution is None:
        return
    family = resolution.family
    if family is None:
        nearest = ", ".join(resolution.nearest)
        hint = f"did you mean {nearest}?" if nearest else "the model rules need a model of schema/models.json"
        yield Issue("GC400", "", f"{show(resolution.name)}: {resolution.why}; no model rules apply", hint)
        return
    if not family.facts:
        return
    fact = _false(family, "generateContent")
    if fact is not None:
        yield issue("GC401", "", f"{ctx.bare_model} is not a generateContent model", fact, ctx)
    retired = family.facts.get("retired")
    if retired is not None and retired.value is True:
        found = issue("GC402", "", f"{ctx.bare_model} is retired", retired, ctx)
        # The body is not at fault: never more than a warning, so old bodies keep their verdict.
        yield Issue(found.rule, found.pointer, found.message, found.hint, severity=Severity.WARNING)
    required = family.facts.get("responseModalitiesRequired")
    if required is not None and required.value is True and "responseModalities" not in ctx.config:
        combos = family.facts["responseModalities"].value if "responseModalities" in family.facts else []
        takes = " or ".join("[" + ", ".join(c) + "]" for c in combos)
        yield issue("GC410", f"{_CONFIG}/responseModalities", f"no responseModalities; the model answers only {takes}",
                    required, ctx)  # fmt: skip
    required = family.facts.get("computerUseRequired")
    if required is not None and required.value is True and not _has_tool(doc, "computerUse"):
        yield issue("GC414", "/tools", f"{ctx.bare_model} needs a computerUse tool", required, ctx)


def _has_tool(doc: dict[str, Any], name: str) -> bool:
    return any(name in tool for _, tool in objects(doc.get("tools")))


def thinking(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    family = ctx.family
    if family is None:  # the ungated run (tests) calls every check
        return
    config = generation_config(doc).get("thinkingConfig")
    if type(config) is not dict:
        return
    fact = _false(family, "thinking")
    if fact is not None:
        yield issue(
            "GC403", _THINKING, f"{ctx.bare_model} does not think: thinkingConfig", fact, ctx, at_key=True
        )
        return
    level, levels = config.get("thinkingLevel"), family.facts.get("thinkingLevels")
    if type(level) is str and levels is not None and level not in levels.value:
        takes = ", ".join(levels.value) if levels.value else "no thinkingLevel (use thinkingBudget)"
        yield issue("GC404", f"{_THINKING}/thinkingLevel", f"thinkingLevel {show(level)}; the model takes {takes}",
                    levels, ctx)  # fmt: skip
    budget, limits = config.get("thinkingBudget"), family.facts.get("thinkingBudget")
    if type(budget) is int and limits is not None:
        yield from _budget(budget, limits, ctx)


def _budget(budget: int, fact: Fact, ctx: Context) -> Iterator[Issue]:
    limits = fact.value
    pointer = f"{_THINKING}/thinkingBudget"
    span = f"{limits['min']}..{limits['max']}"
    if budget == 0:
        if not limits["zero"]:
            said = model_table().message("thinkingBudgetZero")
            found = issue("GC405", pointer, "thinkingBudget 0 (thinking cannot be turned off)", fact, ctx)
            yield Issue(found.rule, pointer, found.message, f'the API answers "{said}"; use {span} or -1',
                        severity=found.severity)  # fmt: skip
    elif budget == -1:
        if not limits["dynamic"]:
            yield issue("GC405", pointer, f"thinkingBudget -1 (dynamic) is not accepted; use {span}", fact, ctx,
                        value=budget)  # fmt: skip
    elif not limits["min"] <= budget <= limits["max"]:
        others = (", 0 to turn thinking off" if limits["zero"] else "") + (
            ", -1 for dynamic" if limits["dynamic"] else ""
        )
        yield issue("GC405", pointer, f"thinkingBudget {budget} is outside {span}{others}", fact, ctx,
                    value=budget)  # fmt: skip


def candidates(count: Any, ctx: Context) -> Iterator[Issue]:
    """GC329 with a model known: silent within its maximum, the fact's severity above (the generic info
    stays where the table has no maximum for the family)."""
    fact = ctx.fact("candidateCountMax")
    if fact is not None and type(count) is int and count > fact.value:
        yield issue("GC329", f"{_CONFIG}/candidateCount", f"candidateCount {count}; the model returns at most "
                    f"{fact.value}", fact, ctx)  # fmt: skip


def sampling(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    family = ctx.family
    if family is None:  # the ungated run (tests) calls every check
        return
    config = generation_config(doc)
    if not config:
        return
    fact = _false(family, "logprobs")
    if fact is not None and (config.get("responseLogprobs") is True or "logprobs" in config):
        key = "responseLogprobs" if config.get("responseLogprobs") is True else "logprobs"
        yield issue(
            "GC406", f"{_CONFIG}/{key}", f"{ctx.bare_model} does not return logprobs", fact, ctx, at_key=True
        )
    fact = _false(family, "penalties")
    if fact is not None:
        for key in ("presencePenalty", "frequencyPenalty"):
            value = config.get(key)
            if type(value) in (int, float) and value != 0:  # 0.0 is a no-op every model accepts
                yield issue(
                    "GC407", f"{_CONFIG}/{key}", f"{key} {value}: the model takes no penalties", fact, ctx
                )
    limit = family.facts.get("outputTokenLimit")
    tokens = config.get("maxOutputTokens")
    if limit is not None and type(tokens) is int and tokens > limit.value:
        yield issue("GC418", f"{_CONFIG}/maxOutputTokens",
                    f"maxOutputTokens {tokens} is above the model's output limit of {limit.value}", limit, ctx)  # fmt: skip
    yield from candidates(config.get("candidateCount"), ctx)


def instructions(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    family = ctx.family
    if family is None:  # the ungated run (tests) calls every check
        return
    if "systemInstruction" not in doc:
        return
    fact = _false(family, "systemInstruction")
    if fact is None and "IMAGE" in _modalities(doc):
        fact = _false(family, "systemInstructionWithImageOutput")
    if fact is not None:
        yield issue("GC408", "/systemInstruction", f"{ctx.bare_model} takes no systemInstruction", fact, ctx,
                    at_key=True)  # fmt: skip


def _modalities(doc: dict[str, Any]) -> frozenset[str]:
    return frozenset(m for m in items(generation_config(doc).get("responseModalities")) if type(m) is str)


def output(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    family = ctx.family
    if family is None:  # the ungated run (tests) calls every check
        return
    config = generation_config(doc)
    fact = _false(family, "jsonMode")
    mime = config.get("responseMimeType")
    if fact is not None and mime in JSON_MIME_TYPES:
        yield issue("GC409", f"{_CONFIG}/responseMimeType", f"{ctx.bare_model} has no JSON mode", fact, ctx)
    fact = _false(family, "mediaResolution")
    if fact is not None and "mediaResolution" in config:
        yield issue("GC416", f"{_CONFIG}/mediaResolution", f"{ctx.bare_model} takes no mediaResolution", fact, ctx,
                    at_key=True)  # fmt: skip
    yield from _response_modalities(config, family, ctx)
    yield from _speakers(config, family, ctx)
    yield from _image_config(config, family, ctx)


def _response_modalities(config: dict[str, Any], family: Family, ctx: Context) -> Iterator[Issue]:
    fact = family.facts.get("responseModalities")
    asked = config.get("responseModalities")
    pointer = f"{_CONFIG}/responseModalities"
    combos = [] if fact is None else [frozenset(c) for c in fact.value]
    takes = " or ".join("[" + ", ".join(sorted(c)) + "]" for c in combos)
    if type(asked) is list and asked and fact is not None:
        wanted = frozenset(m for m in asked if type(m) is str)
        if wanted not in combos:
            yield issue("GC410", pointer, f"responseModalities {show(sorted(wanted))}; the model answers {takes}",
                        fact, ctx)  # fmt: skip


def _speakers(config: dict[str, Any], family: Family, ctx: Context) -> Iterator[Issue]:
    fact = family.facts.get("speakers")
    multi = obj(obj(config.get("speechConfig")).get("multiSpeakerVoiceConfig"))
    voices = multi.get("speakerVoiceConfigs")
    if fact is not None and type(voices) is list and len(voices) != fact.value:
        pointer = f"{_CONFIG}/speechConfig/multiSpeakerVoiceConfig/speakerVoiceConfigs"
        yield issue(
            "GC411", pointer, f"{len(voices)} speakers; multi-speaker speech takes {fact.value}", fact, ctx
        )


def _image_config(config: dict[str, Any], family: Family, ctx: Context) -> Iterator[Issue]:
    image = obj(config.get("imageConfig"))
    for key, name in (("aspectRatio", "aspectRatios"), ("imageSize", "imageSizes")):
        fact, value = family.facts.get(name), image.get(key)
        if fact is not None and type(value) is str and value not in fact.value:
            allowed = ", ".join(repr(v) for v in fact.value)
            takes = f"one of {allowed}" if fact.value else f"no {key}"
            yield issue("GC328", f"{_CONFIG}/imageConfig/{key}", f"{key} {show(value)}; the model takes {takes}",
                        fact, ctx, allowed=allowed)  # fmt: skip


BUILTIN_TOOLS = (
    "googleSearch",
    "googleSearchRetrieval",
    "codeExecution",
    "urlContext",
    "fileSearch",
    "googleMaps",
)


def tools(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    family = ctx.family
    if family is None:  # the ungated run (tests) calls every check
        return
    present: set[str] = set()
    for t, tool in objects(doc.get("tools")):
        for name in tool:
            present.add(name)
            fact = family.tools.get(name)
            if fact is not None and fact.value is False:
                yield issue("GC412", f"/tools/{t}/{name}", f"{ctx.bare_model} does not take the {name} tool", fact,
                            ctx, at_key=True)  # fmt: skip
    mixed = family.facts.get("builtinWithFunctions")
    builtin = [name for name in BUILTIN_TOOLS if name in present]
    if mixed is None or mixed.value is True or not builtin or "functionDeclarations" not in present:
        return
    if mixed.value == "withServerSideToolInvocations":
        if obj(doc.get("toolConfig")).get("includeServerSideToolInvocations") is True:
            return
        message = f"{builtin[0]} with functionDeclarations needs toolConfig.includeServerSideToolInvocations"
    else:
        message = (
            f"{builtin[0]} with functionDeclarations: the model takes built-in tools or functions, not both"
        )
    yield issue("GC413", "/tools", message, mixed, ctx)


def parts(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    family = ctx.family
    if family is None:  # the ungated run (tests) calls every check
        return
    fact = _false(family, "partMediaResolution")
    if fact is None:
        return
    for where, content in turns(doc):
        for p, part in objects(content.get("parts")):
            if "mediaResolution" in part:
                yield issue("GC415", f"{where}/parts/{p}/mediaResolution",
                            "per-part mediaResolution: the model takes none", fact, ctx, at_key=True)  # fmt: skip


def safety(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    family = ctx.family
    if family is None:  # the ungated run (tests) calls every check
        return
    fact = _false(family, "civicIntegrityOff")
    if fact is None:
        return
    for i, setting in objects(doc.get("safetySettings")):
        threshold = setting.get("threshold")
        if setting.get("category") == "HARM_CATEGORY_CIVIC_INTEGRITY" and threshold in (
            "OFF",
            "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
        ):
            yield issue("GC417", f"/safetySettings/{i}/threshold",
                        f"{show(threshold)} for HARM_CATEGORY_CIVIC_INTEGRITY; use BLOCK_NONE", fact, ctx)  # fmt: skip


def out_of_range(value: Any, limits: dict[str, float]) -> bool:
    if type(value) not in (int, float) or math.isnan(value):
        return False
    low: float = limits.get("min", -math.inf)
    high: float = limits.get("max", math.inf)
    return bool(value < low or value > high)
