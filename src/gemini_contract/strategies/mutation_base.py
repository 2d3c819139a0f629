"""The vocabulary every mutator module shares: `Expectation`, a per-module `MutatorTable`, and the helpers
that pick an edit site (`pick`, `nodes`), label it (`expect`) and re-check it (`schema_rejects`).

This module imports no mutator module: each of mutation_schema, mutation_rules and mutation_dialect fills
its own table, and mutations.py joins the tables in a fixed order. Nothing registers itself by being
imported somewhere else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies.walk import Node, Path, pointer, walk

Obj = dict[str, Any]
# A thought signature (base64 of "signature") for the function calls that mutators add.
SIGNATURE = "c2lnbmF0dXJl"


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a validator must report for a mutated body: `rule` at `pointer` (other findings may come too).

    `severity` is the rule's severity in the google profile (`error`, `warning` or `info`): only an
    `error` makes the body one the API rejects; the others are bodies it accepts with a finding.
    """

    rule: str
    pointer: str
    mutation: str
    severity: str = ""

    def __post_init__(self) -> None:
        if not self.severity:  # derived from the rule table, so that it cannot disagree with validate()
            object.__setattr__(self, "severity", rule_severity(self.rule))

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "pointer": self.pointer,
            "mutation": self.mutation,
            "severity": self.severity,
        }


def rule_severity(rule: str) -> str:
    """A rule's severity in the google profile, as its name: "error", "warning" or "info"."""
    from gemini_contract.validator import RULES_BY_ID

    return str(RULES_BY_ID[rule].severity_in("google"))


Check = Callable[[Obj], bool]
Result = tuple[Expectation, Check] | None
# Edits `body` in place; None when the body has no site for this edit (the draw is then rejected).
Mutator = Callable[[st.DrawFn, Obj], Result]


@dataclass(frozen=True)
class MutatorTable(Mapping[str, Mutator]):
    """One module's mutators by name, in definition order (the order `mutations()` samples them in), and
    the rule each one breaks (what lets `mutations(severity=...)` choose mutators before drawing)."""

    entries: dict[str, Mutator] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)

    def mutator(self, name: str, rule: str) -> Callable[[Mutator], Mutator]:
        """Decorator: add the function to this table under `name`; its Expectations name `rule`."""

        def register(fn: Mutator) -> Mutator:
            if name in self.entries:
                raise ValueError(f"mutator {name!r} defined twice")
            self.entries[name] = fn
            self.rules[name] = rule
            return fn

        return register

    def __getitem__(self, name: str) -> Mutator:
        return self.entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def join(*tables: Mapping[str, Mutator]) -> dict[str, Mutator]:
    """The tables' mutators in order; a name in two tables is a mistake, not an override."""
    out: dict[str, Mutator] = {}
    for table in tables:
        twice = sorted(out.keys() & table.keys())
        if twice:
            raise ValueError(f"mutators defined in two tables: {twice}")
        out.update(table)
    return out


# One shared integer strategy for every `pick`: shrinks towards the first item.
_INDEX = st.integers(0, 255)


def pick(draw: st.DrawFn, items: Sequence[Any]) -> Any:
    """One of `items` (non-empty), drawn as one shared integer choice that shrinks to the first."""
    return items[draw(_INDEX) % len(items)]


@functools.cache
def _schema_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(ix.schema())


def schema_rejects(body: Obj) -> bool:
    """The independent oracle for schema rules: python-jsonschema against the bundled schema."""
    return not _schema_validator().is_valid(body)


def expect(rule: str, path: Path, name: str, check: Check | None = None) -> tuple[Expectation, Check]:
    return Expectation(rule, pointer(path), name), check or schema_rejects


def nodes(body: Obj, keep: Callable[[Node], bool]) -> list[Node]:
    return [n for n in walk(body) if keep(n)]


# What cachedContent excludes (GC323): the cache holds them.
CACHE_EXCLUSIVE = ("systemInstruction", "tools", "toolConfig")


def without_cache(body: Obj) -> Obj:
    """The body without its cachedContent, before an edit adds one of `CACHE_EXCLUSIVE`: else the edit
    breaks GC323 as well as its own rule, and a negative example must carry exactly one finding."""
    body.pop("cachedContent", None)
    return body


def add_tool(body: Obj, tool: Obj) -> int:
    """Append `tool` to the body's tools (dropping a cachedContent, see `without_cache`); its index."""
    tools = without_cache(body).setdefault("tools", [])
    tools.append(tool)
    return len(tools) - 1
