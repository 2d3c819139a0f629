"""Defensive accessors: rules run on documents that may also have schema errors, so shapes are checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gemini_contract.validator.findings import Issue


def obj(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else {}


def items(value: Any) -> list[Any]:
    return value if type(value) is list else []


def objects(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(items(value)):
        if type(item) is dict:
            yield i, item


def generation_config(doc: dict[str, Any]) -> dict[str, Any]:
    return obj(doc.get("generationConfig"))


def declarations(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every function declaration with its canonical pointer."""
    for t, tool in objects(doc.get("tools")):
        for d, decl in objects(tool.get("functionDeclarations")):
            yield f"/tools/{t}/functionDeclarations/{d}", decl


def turns(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every Content (systemInstruction first) with its canonical pointer."""
    system = doc.get("systemInstruction")
    if type(system) is dict:
        yield "/systemInstruction", system
    for i, content in objects(doc.get("contents")):
        yield f"/contents/{i}", content


def exclusive(rule: str, container: dict[str, Any], pointer: str, first: str, second: str) -> Iterator[Issue]:
    """One Issue, at the second member's key, when two mutually exclusive members are both set."""
    if first in container and second in container:
        yield Issue(rule, f"{pointer}/{second}", f"{first} and {second} are mutually exclusive", "keep one of them",
                    at_key=True)  # fmt: skip
