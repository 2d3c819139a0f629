"""Rules on tools, toolConfig and cachedContent that JSON Schema cannot express."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gemini_contract.validator.checks.walk import exclusive, obj, objects
from gemini_contract.validator.findings import Issue
from gemini_contract.validator.text import show

if TYPE_CHECKING:
    from gemini_contract.validator.checks import Context

MAX_FUNCTION_DECLARATIONS = 512  # E-512


def function_declarations(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    # A tight loop: this runs for every request with tools. Pointers are built only for a finding.
    first: dict[str, tuple[int, int]] = {}
    count = 0
    tools = doc.get("tools")
    for t, tool in enumerate(tools if type(tools) is list else ()):  # plain loops: every request with tools
        declarations = tool.get("functionDeclarations") if type(tool) is dict else None
        for d, decl in enumerate(declarations if type(declarations) is list else ()):
            if type(decl) is not dict:
                continue
            count += 1
            name = decl.get("name")
            if type(name) is str:
                if name in first:
                    yield Issue(
                        "GC311",
                        f"{_declaration(t, d)}/name",
                        f"function {show(name)} is declared twice (first at {_declaration(*first[name])})",
                        "give every declaration a unique name",
                    )
                else:
                    first[name] = (t, d)
            if "parametersJsonSchema" in decl or "responseJsonSchema" in decl:
                yield from exclusive("GC305", decl, _declaration(t, d), "parameters", "parametersJsonSchema")
                yield from exclusive("GC305", decl, _declaration(t, d), "response", "responseJsonSchema")
    if count > MAX_FUNCTION_DECLARATIONS:
        yield Issue(
            "GC310",
            "/tools",
            f"{count} function declarations; at most {MAX_FUNCTION_DECLARATIONS} are allowed",
            "split the tools across requests or drop unused ones",
        )


def _declaration(tool: int, index: int) -> str:
    return f"/tools/{tool}/functionDeclarations/{index}"


def function_calling_config(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    config = obj(obj(doc.get("toolConfig")).get("functionCallingConfig"))
    if "allowedFunctionNames" in config and config.get("mode") not in ("ANY", "VALIDATED"):
        yield Issue(
            "GC307",
            "/toolConfig/functionCallingConfig/allowedFunctionNames",
            f"allowedFunctionNames is only used with mode ANY or VALIDATED, not {show(config.get('mode', 'AUTO'))}",
            'set "mode": "ANY"',
            at_key=True,
        )


def cached_content(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if "cachedContent" not in doc:
        return
    for key in ("systemInstruction", "tools", "toolConfig"):
        if key in doc:
            yield Issue(
                "GC323",
                f"/{key}",
                f"{key} cannot be sent together with cachedContent",
                "put it in the cached content instead",
                at_key=True,
            )


def time_range(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for t, tool in objects(doc.get("tools")):
        interval = obj(obj(tool.get("googleSearch")).get("timeRangeFilter"))
        if interval and ("startTime" in interval) != ("endTime" in interval):
            missing = "endTime" if "startTime" in interval else "startTime"
            yield Issue(
                "GC325",
                f"/tools/{t}/googleSearch/timeRangeFilter",
                f"timeRangeFilter needs both startTime and endTime; {missing} is missing",
            )


FUNCTION_CALL_NAME = re.compile(r"[A-Za-z0-9_-]{1,128}")
