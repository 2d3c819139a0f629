"""Rules on generationConfig, safetySettings and the top level that JSON Schema cannot express."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gemini_contract.schema import facts
from gemini_contract.schema.models import model_table
from gemini_contract.validator.checks import models
from gemini_contract.validator.checks.walk import exclusive, generation_config, obj
from gemini_contract.validator.findings import Issue
from gemini_contract.validator.text import show

if TYPE_CHECKING:
    from gemini_contract.validator.checks import Context

JSON_MIME_TYPES = ("application/json", "text/x.enum")
ASPECT_RATIOS = frozenset(facts.ASPECT_RATIOS)
IMAGE_SIZES = frozenset(facts.IMAGE_SIZES)


def model_in_body(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if "model" in doc:
        yield Issue(
            "GC301",
            "/model",
            "model belongs in the URL path (models/{model}:generateContent)",
            "remove it from the body",
            at_key=True,
        )


def thinking(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    config = obj(generation_config(doc).get("thinkingConfig"))
    yield from exclusive(
        "GC302", config, "/generationConfig/thinkingConfig", "thinkingBudget", "thinkingLevel"
    )


def response_format(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    config = generation_config(doc)
    mime = config.get("responseMimeType")
    json_schemas: list[str] = [k for k in ("responseJsonSchema", "_responseJsonSchema") if k in config]
    for json_key in json_schemas[:1]:
        yield from exclusive("GC304", config, "/generationConfig", "responseSchema", json_key)
    for key in ["responseSchema", *json_schemas]:
        if key in config and mime not in JSON_MIME_TYPES:
            found = f"responseMimeType is {show(mime)}" if mime is not None else "no responseMimeType is set"
            yield Issue(
                "GC303",
                f"/generationConfig/{key}",
                f"{key} needs a JSON responseMimeType; {found}",
                'set responseMimeType to "application/json"',
                at_key=True,
            )


def logprobs(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    config = generation_config(doc)
    if "logprobs" in config and config.get("responseLogprobs") is not True:
        yield Issue(
            "GC308",
            "/generationConfig/logprobs",
            "logprobs is only valid with responseLogprobs true",
            'set "responseLogprobs": true',
            at_key=True,
        )


def speech(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    config = obj(generation_config(doc).get("speechConfig"))
    yield from exclusive(
        "GC306", config, "/generationConfig/speechConfig", "voiceConfig", "multiSpeakerVoiceConfig"
    )


def safety(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    settings = doc.get("safetySettings")
    if type(settings) is not list:
        return
    deprecated = ctx.contract.index.deprecated_enum_values.get("HarmCategory", frozenset())
    seen: dict[Any, int] = {}
    for i, setting in enumerate(settings):  # a plain loop: this runs for most requests that have settings
        category = setting.get("category") if type(setting) is dict else None
        if type(category) is not str:  # absent or mistyped (the schema reports that): nothing to compare
            continue
        if category in seen:
            yield Issue(
                "GC309",
                f"/safetySettings/{i}/category",
                f"a second safety setting for {show(category)} (first at index {seen[category]})",
                "keep one setting per category",
            )
        else:
            seen[category] = i
        if category in deprecated:
            yield Issue(
                "GC321",
                f"/safetySettings/{i}/category",
                f"{show(category)} is not supported for Gemini models",
                "use HARASSMENT, HATE_SPEECH, SEXUALLY_EXPLICIT or DANGEROUS_CONTENT",
            )


def image_config(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """GC328 against every model's documented values; where the model's family lists its own, the model
    rules check those instead (checks/models.py)."""
    config = obj(generation_config(doc).get("imageConfig"))
    ratio, size = config.get("aspectRatio"), config.get("imageSize")
    if ctx.fact("aspectRatios") is not None:
        ratio = None
    if ctx.fact("imageSizes") is not None:
        size = None
    if type(ratio) is str and ratio not in ASPECT_RATIOS:
        yield Issue(
            "GC328",
            "/generationConfig/imageConfig/aspectRatio",
            f"aspect ratio {show(ratio)} is not documented",
            "one of " + ", ".join(sorted(ASPECT_RATIOS)),
        )
    if type(size) is str and size not in IMAGE_SIZES:
        yield Issue(
            "GC328",
            "/generationConfig/imageConfig/imageSize",
            f"image size {show(size)} is not documented",
            "one of 512, 1K, 2K, 4K",
        )


def candidate_count(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """GC329: an info for any model; where the model's family has a maximum, the model rules decide."""
    count = generation_config(doc).get("candidateCount")
    if ctx.fact("candidateCountMax") is not None:
        return
    if type(count) is int and count > 1:
        yield Issue(
            "GC329",
            "/generationConfig/candidateCount",
            "more than one candidate is model-dependent",
            "Gemini 3 models answer 'Multiple candidates is not enabled for this model'",
        )


RANGES = model_table().ranges


def ranges_quiet() -> dict[str, Any]:
    """Holds where every generationConfig number the table gives a range for is within it."""
    bounds = {
        name: {key: value for key, value in (("minimum", fact.value.get("min")), ("maximum", fact.value.get("max")))
               if value is not None}
        for name, fact in RANGES.items()
    }  # fmt: skip
    return {"properties": {"generationConfig": {"properties": bounds}}}


def ranges(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """GC338: numbers outside a range that holds for every model (the table's `ranges`, each with its
    evidence; the severity is the fact's)."""
    config = generation_config(doc)
    for name, fact in RANGES.items():
        value = config.get(name)
        if models.out_of_range(value, fact.value):
            span = " and ".join(f"{k} {v}" for k, v in fact.value.items())
            yield Issue(
                "GC338",
                f"/generationConfig/{name}",
                f"{name} {value} is outside the accepted range ({span})",
                f"evidence: {', '.join(fact.sources)}" + (f" ({fact.note})" if fact.note else ""),
                severity=models.severity(fact),
            )
