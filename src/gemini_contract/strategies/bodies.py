"""The top-level strategy: whole `GenerateContentRequest` bodies, valid by construction.

Request-wide rules: function declaration names unique across tools (GC311, at most 512: GC310);
allowedFunctionNames name declared functions; cachedContent excludes systemInstruction, tools and
toolConfig (GC323); one safety setting per category (GC309), none deprecated (GC321); no `model` in the
body (GC301). Keys come out in schema order, so samples read like the documentation.
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies import conversation, scalars
from gemini_contract.strategies.builder import field_strategy, for_type, override
from gemini_contract.strategies.combinators import (
    BOOLEANS,
    EMPTY,
    any_keys,
    merged,
    mostly,
    objects,
    one,
    subset,
)
from gemini_contract.strategies.messages import function_calling_configs

Obj = dict[str, Any]
MAX_TOOLS = 2
MAX_SAFETY_SETTINGS = 3
# Top-level properties drawn independently of the others (each present half of the time).
_PLAIN = ("serviceTier", "store", "labels", "continuationToken")


def declared_names(tools: list[Obj]) -> list[str]:
    return [d["name"] for t in tools for d in t.get("functionDeclarations", [])]


def make_names_unique(tools: list[Obj]) -> list[Obj]:
    """Rename repeated function declaration names (`f`, `f_2`, ...) so that GC311 holds across tools."""
    seen: set[str] = set()
    for tool in tools:
        for declaration in tool.get("functionDeclarations", []):
            name, n = declaration["name"], 1
            while name in seen:
                n += 1
                name = f"{declaration['name']}_{n}"
            seen.add(name)
            declaration["name"] = name
    return tools


@functools.cache
def tool_lists() -> st.SearchStrategy[list[Obj]]:
    return st.lists(for_type("Tool"), min_size=1, max_size=MAX_TOOLS).map(make_names_unique)


@functools.cache
def _tool_configs() -> st.SearchStrategy[Obj]:
    """ToolConfig with a placeholder for allowedFunctionNames, filled from the declared names.

    functionCallingConfig (the reason for most toolConfigs, and the only way to the mode values) three
    times in four; the other two members half of the time each."""
    fields = ix.fields("ToolConfig")
    calling = one("functionCallingConfig", function_calling_configs(st.just([_PLACEHOLDER])))
    others = {k: field_strategy(fields[k]) for k in ("retrievalConfig", "includeServerSideToolInvocations")}
    return merged(mostly(calling, EMPTY), any_keys({}, others))


_PLACEHOLDER = "\x00declared"


def tool_config(draw: st.DrawFn, names: list[str]) -> Obj:
    """A ToolConfig whose allowedFunctionNames (mode ANY/VALIDATED only) name declared functions."""
    config = draw(_tool_configs())
    calling = config.get("functionCallingConfig", {})
    if "allowedFunctionNames" in calling:
        if names:
            calling["allowedFunctionNames"] = subset(draw, names, min_size=1)
        else:
            del calling["allowedFunctionNames"]
    return config


@functools.cache
def safety_settings() -> st.SearchStrategy[list[Obj]]:
    return st.lists(
        for_type("SafetySetting"), min_size=1, max_size=MAX_SAFETY_SETTINGS, unique_by=lambda s: s["category"]
    )


def _in_schema_order(body: Obj) -> Obj:
    order = list(ix.fields("GenerateContentRequest"))
    return {k: body[k] for k in sorted(body, key=order.index)}


_RARELY = st.sampled_from((False, False, False, False, False, True))
_CACHED_NAMES = scalars.resource_names("cachedContents")


@functools.cache
def _plain_fields() -> st.SearchStrategy[Obj]:
    fields = ix.fields("GenerateContentRequest")
    return objects({}, {k: field_strategy(fields[k]) for k in _PLAIN})


@st.composite
def _bodies(draw: st.DrawFn, plausible: bool = False) -> Obj:
    dialogue = conversation.dialogues() if plausible else conversation.contents()
    body: Obj = {"contents": draw(dialogue)}
    body.update(draw(_plain_fields()))
    if draw(BOOLEANS):
        body["generationConfig"] = draw(for_type("GenerationConfig"))
    if draw(BOOLEANS):
        body["safetySettings"] = draw(safety_settings())
    if draw(_RARELY):
        # A cached context already holds the system instruction and the tools (GC323).
        body["cachedContent"] = draw(_CACHED_NAMES)
        return _in_schema_order(body)
    if draw(BOOLEANS):
        body["systemInstruction"] = draw(conversation.system_instructions())
    if draw(BOOLEANS):
        body["tools"] = draw(tool_lists())
    if draw(BOOLEANS):
        body["toolConfig"] = tool_config(draw, declared_names(body.get("tools", [])))
    return _in_schema_order(body)


@functools.cache
def canonical_requests() -> st.SearchStrategy[Obj]:
    return _bodies()


@functools.cache
def plausible_requests(unspecified: bool = False) -> st.SearchStrategy[Obj]:
    """Bodies that read like a client's: a dialogue (see `conversation.dialogues`), time ranges in order,
    and no `*_UNSPECIFIED` enum values unless `unspecified`."""
    from gemini_contract.strategies import plausible

    drawn = _bodies(plausible=True).map(plausible.ordered_offsets)
    if unspecified:
        return drawn
    return drawn.map(plausible.without_unspecified).filter(plausible.still_valid)


@override("GenerateContentRequest")
def _request() -> st.SearchStrategy[Obj]:
    return canonical_requests()
