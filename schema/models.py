"""The model table (models.json, package data, shaped by models.schema.json): its families and facts, and
the resolution of a model name as the URL spells it to a family (stdlib only: the lint path imports it).

A name is resolved as the API resolves it: an optional `models/` prefix is dropped; the table's aliases are
looked up; then each family's `match` pattern is tried on the whole id, and if none matches, again on the id
without a version suffix (`-001`, `-latest`, `-preview-09-2025`). `tunedModels/...`, moving aliases and ids
no family matches resolve to no family: no model rules apply to them (the validator says so in one info).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

MODELS_FILENAME = "models.json"
CONFIDENCES = ("high", "medium", "low")


class Fact(NamedTuple):
    """One thing a family accepts or rejects. `strong`: the API is known to reject a body that breaks it
    (confidence high and not inferred), so a finding is an error; otherwise a warning."""

    name: str
    value: Any
    confidence: str
    sources: tuple[str, ...]
    inferred: bool = False
    note: str | None = None

    @property
    def strong(self) -> bool:
        return self.confidence == "high" and not self.inferred


class Family:
    """A family of models and its facts (compared by identity: one per table). Plain classes here and in
    ModelTable, not dataclasses: a lint imports this module at start-up, and each dataclass costs ~0.7 ms to
    make. Treat as read-only."""

    __slots__ = ("facts", "id", "ids", "match", "names", "tools")

    def __init__(
        self,
        id: str,
        match: str,
        ids: tuple[str, ...],
        facts: dict[str, Fact],
        *,
        tools: dict[str, Fact] | None = None,
        names: frozenset[str] = frozenset(),
    ) -> None:
        self.id = id
        self.match = (
            match  # the id pattern's source: compiled on the first resolution (start-up compiles none)
        )
        self.ids = ids
        self.facts = facts
        self.tools = {} if tools is None else tools
        self.names = names  # the fact names it has ("tools" if any tool fact): what may fire

    def __repr__(self) -> str:
        return f"Family({self.id!r})"

    def fact(self, name: str) -> Fact | None:
        return self.facts.get(name)


class Resolution(NamedTuple):
    """What a model name names: `family` None means no model rules (`why` says why, `nearest` suggests)."""

    name: str  # as given
    bare: str  # without models/
    family: Family | None
    why: str = ""
    nearest: tuple[str, ...] = ()


def _fact(name: str, raw: dict[str, Any]) -> Fact:
    return Fact(
        name,
        raw["value"],
        raw["confidence"],
        tuple(raw["sources"]),
        bool(raw.get("inferred", False)),
        raw.get("note"),
    )


class ModelTable:
    """The bundled table (compared by identity: one table, hashed by the resolution cache). Read-only."""

    def __init__(
        self,
        families: tuple[Family, ...],
        aliases: dict[str, str | None],
        suffix: str,
        messages: dict[str, str],
        *,
        ranges: dict[str, Fact],
        sources: dict[str, dict[str, str]],
    ) -> None:
        self.families = families
        self.aliases = aliases
        self.suffix = suffix  # the version-suffix pattern's source
        self.messages = messages
        self.ranges = ranges
        self.sources = sources
        self.resolved: dict[str, Resolution] = {}  # name -> its resolution

    def __repr__(self) -> str:
        return f"ModelTable({len(self.families)} families)"

    @functools.cached_property
    def known_ids(self) -> tuple[str, ...]:
        return tuple(sorted({i for family in self.families for i in family.ids} | set(self.aliases)))

    def family(self, family_id: str) -> Family:
        return next(f for f in self.families if f.id == family_id)

    def message(self, name: str, **values: object) -> str | None:
        text = self.messages.get(name)
        if text is None:
            return None
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return text

    def resolve(self, name: str) -> Resolution:
        return _resolve(self, name)


def model_table_path() -> Path:
    return Path(__file__).with_name(MODELS_FILENAME)


def build_table(raw: dict[str, Any]) -> ModelTable:
    families = []
    for entry in raw["families"]:
        facts = {name: _fact(name, value) for name, value in entry["facts"].items() if name != "tools"}
        tools = {name: _fact(name, value) for name, value in entry["facts"].get("tools", {}).items()}
        names = frozenset(facts) | ({"tools"} if tools else set())
        families.append(
            Family(entry["id"], entry["match"], tuple(entry["ids"]), facts, tools=tools, names=names)
        )
    aliases = {name: alias["family"] for name, alias in raw["aliases"].items()}
    ranges = {name: _fact(name, value) for name, value in raw["ranges"].items()}
    return ModelTable(
        tuple(families), aliases, raw["versionSuffix"], raw["messages"], ranges=ranges, sources=raw["sources"]
    )


@functools.cache
def model_table() -> ModelTable:
    """The bundled table, loaded once."""
    return build_table(json.loads(model_table_path().read_text(encoding="utf-8")))


def _match(table: ModelTable, bare: str) -> Family | None:
    for family in table.families:
        if re.fullmatch(family.match, bare):  # re's own cache keeps the compiled patterns
            return family
    return None


_RESOLVED_MAX = 1024


def _resolve(table: ModelTable, name: str) -> Resolution:
    cache = table.resolved
    found = cache.get(name)  # a plain dict: every request with a model asks
    if found is None:
        if len(cache) >= _RESOLVED_MAX:
            cache.clear()
        found = cache[name] = _resolve_uncached(table, name)
    return found


def _resolve_uncached(table: ModelTable, name: str) -> Resolution:
    text = name.strip()
    if text.startswith("tunedModels/"):
        return Resolution(name, text, None, "a tuned model: the table has no facts for tuned models")
    bare = text.removeprefix("models/")
    if bare in table.aliases:
        target = table.aliases[bare]
        if target is None:
            return Resolution(name, bare, None, "a moving alias: the family it names changes without notice")
        return Resolution(name, bare, table.family(target))
    family = _match(table, bare)
    if family is None:
        stripped = re.sub(table.suffix, "", bare)
        family = _match(table, stripped) if stripped != bare else None
    if family is not None:
        return Resolution(name, bare, family)
    import difflib  # only for a name the table does not know

    nearest = tuple(difflib.get_close_matches(bare, table.known_ids, n=3, cutoff=0.6))
    return Resolution(name, bare, None, "not in the model table", nearest)
