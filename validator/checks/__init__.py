"""Rules JSON Schema cannot express: one small module per area, each check a pure function of the canonical
document and its `Context` (the contract, facts about the document, and the model where known) returning
Issues with canonical pointers. `CHECKS` is the request contract's table (see `validator.contract`).

Two ways keep a request from paying for every walk:
- `quiet`: a JSON Schema (checks/quiet.py) that holds whenever the check cannot fire. All of them, with the
  bundled schema, make one jsonschema-rs validator: a valid request they all hold for needs no Python check
  but those without one (tests/validator/test_quiet.py holds each fragment to its check).
- triggers: the members (at the top level, in generationConfig, or in some Part) without which the check
  cannot fire, and optionally a cheap `when` test; for requests the quiet pass does not clear
  (tests/validator/test_gating.py holds the gated run to the ungated one).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
from gemini_contract.schema.models import Fact, Family, Resolution, model_table
from gemini_contract.validator import engine
from gemini_contract.validator.checks import config, conversation, enums, models, quiet, schemas, tools
from gemini_contract.validator.checks.walk import generation_config, items
from gemini_contract.validator.findings import Issue

if TYPE_CHECKING:
    from gemini_contract.validator.contract import Contract

_NO_MEMBERS: frozenset[str] = frozenset()
_NO_CONFIG: dict[str, Any] = {}
PART_TRIGGERS = frozenset(("functionCall", "functionResponse", "videoMetadata", "mediaResolution"))


class Cleared(enum.IntEnum):
    """How much of the table one Rust pass has ruled out for a valid document."""

    NOTHING = 0
    ALL_BUT_PARTS = 1  # every check with a quiet schema, except the Part ones
    ALL = 2  # every check with a quiet schema


def passes(validator: Any, document: Any) -> bool:
    """Whether a compiled validator holds for the document (False past jsonschema-rs' recursion limit, and
    without a validator)."""
    if validator is None:
        return False
    try:
        return bool(validator.is_valid(document))
    except ValueError:  # jsonschema-rs' recursion limit: the caller's slow path says so
        return False


def clearance(document: Any, contract: Contract) -> Cleared | None:
    """None when the document is not schema-valid; else what the quiet schemas rule out for it. The common
    case takes one pass; a conversation with function calls two; a request some other quiet schema fails
    (a pattern, a cachedContent) three, as many as is_valid and a probe would."""
    if passes(contract.quiet_all, document):
        return Cleared.ALL
    if passes(contract.quiet_but_parts, document):
        return Cleared.ALL_BUT_PARTS
    return Cleared.NOTHING if engine.is_valid(document, contract) else None


def first_look(
    document: Any, contract: Contract, *, due: bool | None = None, asked_all: bool = False
) -> tuple[Cleared | None, list[Any] | None]:
    """clearance() for the document as written, and for one that is invalid, its schema errors instead of
    a bare verdict (they tell the normaliser where to look: normalize.Plan). Errors are None where the
    document is valid, or too deep for jsonschema-rs to say. Before the contract uses its quiet validators
    (its first documents: Contract.quiet_due), a valid document is Cleared.NOTHING: every triggered check runs."""
    # The quiet validators first: the common (valid, quiet) document is done in one pass; a valid
    # conversation with function calls (common in agent traffic) in two, with quiet_but_parts. Past both, the
    # errors themselves: an invalid document needs them anyway, and a bare is_valid before them would only
    # fail too (three passes where four were). Asking the Part fragment alone first would save an invalid
    # document's quiet_but_parts pass but cost every valid function-calling one a pass.
    # `due`: Contract.quiet_due's answer where the caller asked it (it counts documents); `asked_all`: the
    # caller found quiet_all failing already (api._look, which may rewrite integral floats in between).
    if contract.quiet_due() if due is None else due:
        if not asked_all:
            try:  # passes(), inlined: this runs for every document (with the call above, ~6% of a record)
                if contract.quiet_all.is_valid(document):
                    return Cleared.ALL, None
            except ValueError:  # jsonschema-rs' recursion limit: schema_errors says so
                pass
        if passes(contract.quiet_but_parts, document):
            return Cleared.ALL_BUT_PARTS, None
    errors = engine.schema_errors(document, contract)
    return (None, errors) if errors is None or errors else (Cleared.NOTHING, None)


def explain(document: Any, contract: Contract, *, known_invalid: bool = False) -> tuple[Cleared, list[Issue]]:
    """The schema issues of a document that may be invalid, or what the quiet schemas rule out for it: an
    invalid document costs one pass when it is known to be invalid, two otherwise (clearance and then
    iter_errors took four); a valid one costs what clearance costs."""
    quiet = contract.quiet_on
    if quiet and not known_invalid and passes(contract.quiet_all, document):
        return Cleared.ALL, []
    issues = engine.schema_issues(document, contract)
    if issues:
        return Cleared.NOTHING, issues
    if quiet and passes(contract.quiet_but_parts, document):
        return Cleared.ALL_BUT_PARTS, []
    return Cleared.NOTHING, []


class Context:
    """What a check gets besides the document: the contract it belongs to, the model named in the request's
    URL where one is known (None: any model), and facts about the document, each computed at most once and
    only if a check asks."""

    contract: Contract
    doc: dict[str, Any]
    size: int | None
    cleared: Cleared
    config: dict[str, Any]  # the request's generationConfig ({} where it has none or it is not an object)
    # Class-level defaults: what a request without a model has, so that its Context stores only five facts
    # (this runs for every record of a batch that has safety settings or tools).
    model: str | None = None
    resolution: Resolution | None = None  # the model table's reading of the model (None: no model known)
    family: Family | None = None  # its family (None: any model, or one the table does not know)
    model_cleared: bool = False  # the family's quiet schema held too (see __init__)
    _part_members: frozenset[str] | None = None  # see part_members

    def __init__(
        self,
        contract: Contract,
        doc: dict[str, Any],
        size: int | None,
        cleared: Cleared = Cleared.NOTHING,
        model: str | None = None,
    ) -> None:
        # Plain attribute stores (specialized by the interpreter, twice as fast as one __dict__.update with
        # keywords): this runs for every record of a batch that has safety settings or tools.
        self.contract = contract
        self.doc = doc
        self.size = size  # bytes of the document's text; None when it came as a dict
        self.cleared = cleared  # what the quiet schemas ruled out (see clearance)
        self.config = generation_config(doc)
        if cleared is Cleared.ALL:  # the Part fragments held: no Part has a trigger member, no walk needed
            self._part_members = _NO_MEMBERS
        if model is None and type(doc.get("model")) is str:
            model = doc["model"]  # a body that names its model (GC301 says it belongs in the URL)
        if model is not None:
            self.model = model
            # Resolutions are cached by name: one dict lookup per request.
            self.resolution = model_table().resolve(model)
            self.family = self.resolution.family
            # The family's quiet schema held too: only where the contract is that family's (for_model).
            self.model_cleared = (
                cleared is not Cleared.NOTHING and self.family is not None and contract.family is self.family
            )

    @property
    def bare_model(self) -> str:
        resolution = self.resolution
        return "" if resolution is None else resolution.bare

    def fact(self, name: str) -> Fact | None:
        """A fact of the model's family (None: no model, or the table does not say)."""
        family = self.family
        return None if family is None else family.facts.get(name)

    @property
    def part_members(self) -> frozenset[str]:
        """The trigger members used by some Part, found once."""
        # Not a functools.cached_property: on Python 3.11 its first read takes a lock in Python code (~0.5 us
        # of a batch record's 6), and every Context the general path builds reads this once.
        found = self._part_members
        if found is None:
            found = self._part_members = self._find_part_members()
        return found

    def _find_part_members(self) -> frozenset[str]:
        # The Part fragment says "no Part holds a trigger" in one Rust walk, a few times faster than this
        # one in Python; ALL_BUT_PARTS means it failed already.
        if (
            self.cleared is not Cleared.ALL_BUT_PARTS
            and self.contract.quiet_on
            and passes(self.contract.quiet_parts, self.doc)
        ):
            return frozenset()
        found: set[str] = set()
        contents = items(self.doc.get("contents"))
        system = self.doc.get("systemInstruction")
        for content in [system, *contents] if type(system) is dict else contents:
            parts = content.get("parts") if type(content) is dict else None
            if type(parts) is list:
                for part in parts:
                    if type(part) is dict and (len(part) > 1 or "text" not in part):
                        found.update(PART_TRIGGERS.intersection(part))
        return frozenset(found)

    @functools.cached_property
    def schema_text(self) -> bytes | None:
        """The serialized tools and response schemas (where Gemini and JSON schemas live); None when they
        nest deeper than orjson serializes, which every schema check must then look at."""
        parts = [
            self.doc.get("tools"),
            self.config.get("responseSchema"),
            self.config.get("responseJsonSchema"),
        ]
        try:
            return orjson.dumps([*parts, self.config.get("_responseJsonSchema")])
        except TypeError:
            return None

    def in_schemas(self, *needles: bytes) -> bool:
        text = self.schema_text
        # find(), not `in`: see api._no_colon_escape
        return text is None or any(text.find(needle) >= 0 for needle in needles)


class Check(NamedTuple):
    """One rule JSON Schema cannot express, with what gates it. (A NamedTuple, not a dataclass: the table is
    built at import, and a dataclass costs ~0.9 ms of every lint's start-up to make.)"""

    run: Callable[[dict[str, Any], Context], Iterable[Issue]]
    top: frozenset[str] = frozenset()  # triggers: members of the request
    config: frozenset[str] = frozenset()  # ... of generationConfig
    parts: frozenset[str] = frozenset()  # ... of some Part (a subset of PART_TRIGGERS)
    when: Callable[[Context], bool] | None = None  # once triggered: can it fire at all? (None: yes)
    min_size: int | None = None  # runs only for a text of at least this many bytes (or of unknown size)
    quiet: dict[str, Any] | None = None  # JSON Schema that holds whenever the check cannot fire
    modeled: bool = False  # a model rule: its quiet schema is the model family's (checks/model_quiet.py)
    # A Part check's quiet schema is the absence of its triggers, which a conversation with function calls
    # fails; `holds` is one that holds whenever the check cannot fire, triggers present or not, in both
    # quiet validators: where it holds, the check is cleared under Cleared.ALL_BUT_PARTS too.
    holds: dict[str, Any] | None = None

    def well_formed(self) -> bool:
        """What CheckTable asserts of each of its checks."""
        assert self.parts <= PART_TRIGGERS, "extend PART_TRIGGERS first"
        # A Part check's quiet schema is the absence of its triggers: clearance() merges those into one walk.
        assert not self.parts or self.quiet == quiet.in_parts(*self.parts), (
            "a Part check is quiet without its triggers"
        )
        return True

    def cleared_by(self, cleared: Cleared, model_cleared: bool = False) -> bool:
        if self.modeled:
            return model_cleared
        if self.holds is not None and cleared >= Cleared.ALL_BUT_PARTS:
            return True
        if self.quiet is None:
            return False
        return cleared is Cleared.ALL or (cleared is Cleared.ALL_BUT_PARTS and not self.parts)


def _keys(*names: str) -> frozenset[str]:
    return frozenset(names)


def _may_nest_deeply(text: bytes) -> bool:
    # Every level of a Gemini Schema has a type or an anyOf: fewer of those than the limit, no deep nesting.
    return text.count(b'"type"') + text.count(b'"anyOf"') >= schemas.MAX_SCHEMA_DEPTH


def _gemini_schema_rules_may_fire(s: Context) -> bool:
    if "responseSchema" in s.config:
        return True
    return s.in_schemas(b'"format"', b'"pattern"') or s.schema_text is None or _may_nest_deeply(s.schema_text)


def _json_schema_rules_may_fire(s: Context) -> bool:
    return not _JSON_SCHEMA_KEYS.isdisjoint(s.config) or s.in_schemas(b'JsonSchema"')


_BIG = min(conversation.MAX_INLINE_BYTES, conversation.MAX_TEXT_CHARS)


def _has_model(s: Context) -> bool:
    return s.model is not None


def _family_has(*names: str) -> Callable[[Context], bool]:
    """A check's `when`: the model's family has one of the facts the check reads (else it cannot fire)."""
    wanted = frozenset(names)

    def when(s: Context) -> bool:
        family = s.family
        return family is not None and not wanted.isdisjoint(family.names)

    return when


def _model_known_may_fire(s: Context) -> bool:
    return s.model is not None and (s.family is None or not models.KNOWN_FACTS.isdisjoint(s.family.names))


_JSON_SCHEMA_KEYS = _keys(*quiet.JSON_SCHEMA_KEYS)
_GEMINI_QUIET, _GEMINI_DEFS = quiet.gemini_schemas()
_JSON_QUIET, _JSON_DEFS = quiet.json_schemas()
QUIET_DEFS = {**_GEMINI_DEFS, **_JSON_DEFS}


# fmt: off
CHECKS: tuple[Check, ...] = (
    # No quiet schema: its trigger is its finding, and "no model member" in the conjunction would make every
    # body that names its model fail it, and lose what the other quiet schemas rule out.
    Check(config.model_in_body, top=_keys("model")),
    Check(config.thinking, config=_keys("thinkingConfig"), quiet=quiet.THINKING),
    Check(config.response_format, config=_keys("responseSchema", *_JSON_SCHEMA_KEYS), quiet=quiet.RESPONSE_FORMAT),
    Check(config.logprobs, config=_keys("logprobs"), quiet=quiet.LOGPROBS),
    Check(config.speech, config=_keys("speechConfig"), quiet=quiet.SPEECH),
    Check(config.safety, top=_keys("safetySettings")),  # Python beats ten maxContains passes over a short list
    Check(config.image_config, config=_keys("imageConfig"), quiet=quiet.IMAGE_CONFIG),
    Check(config.candidate_count, config=_keys("candidateCount"), quiet=quiet.CANDIDATE_COUNT),
    Check(config.ranges, config=frozenset(config.RANGES), quiet=config.ranges_quiet()),
    Check(enums.sdk_only, top=enums.TOP, quiet=enums.quiet_schema()),
    Check(tools.cached_content, top=_keys("cachedContent"), quiet=quiet.CACHED_CONTENT),
    Check(tools.time_range, top=_keys("tools"), when=lambda s: s.in_schemas(b'"timeRangeFilter"'), quiet=quiet.TIME_RANGE),
    Check(tools.function_calling_config, top=_keys("toolConfig"), quiet=quiet.FUNCTION_CALLING_CONFIG),
    Check(tools.function_declarations, top=_keys("tools")),  # unique names, a count across tools: Python only
    Check(conversation.video_metadata, parts=_keys("videoMetadata"), quiet=quiet.in_parts("videoMetadata")),
    Check(conversation.function_names, parts=_keys("functionCall", "functionResponse"),
          quiet=quiet.in_parts("functionCall", "functionResponse"), holds=quiet.FUNCTION_NAMES),
    Check(conversation.function_turns, parts=_keys("functionResponse"), quiet=quiet.in_parts("functionResponse")),
    # Model rules: facts vary by model, so no quiet schema (but for the Part one: no trigger, no finding).
    Check(models.known, when=_model_known_may_fire, modeled=True),
    Check(models.thinking, config=_keys("thinkingConfig"), when=_family_has(*models.THINKING_FACTS), modeled=True),
    Check(models.sampling, config=_keys(*models.SAMPLING_KEYS), when=_family_has(*models.SAMPLING_FACTS), modeled=True),
    Check(models.instructions, top=_keys("systemInstruction"), when=_family_has(*models.INSTRUCTION_FACTS), modeled=True),
    Check(models.output, config=_keys(*models.OUTPUT_KEYS), when=_family_has(*models.OUTPUT_FACTS), modeled=True),
    Check(models.tools, top=_keys("tools"), when=_family_has("tools", "builtinWithFunctions"), modeled=True),
    Check(models.safety, top=_keys("safetySettings"), when=_family_has("civicIntegrityOff"), modeled=True),
    Check(models.parts, parts=_keys("mediaResolution"), when=_family_has("partMediaResolution"),
          quiet=quiet.in_parts("mediaResolution")),
    Check(conversation.sizes, min_size=_BIG),  # a sum over the document: Python only, and only for big ones
    Check(schemas.gemini_schemas, top=_keys("tools"), config=_keys("responseSchema"), when=_gemini_schema_rules_may_fire,
          quiet=_GEMINI_QUIET),
    Check(schemas.json_schemas, top=_keys("tools"), config=_JSON_SCHEMA_KEYS, when=_json_schema_rules_may_fire,
          quiet=_JSON_QUIET),
)
# fmt: on


class CheckTable:
    """A contract's checks with their trigger index and quiet schemas; the per-shape selection cache is its
    own, so two contracts never share one."""

    def __init__(
        self, checks: tuple[Check, ...], quiet_defs: dict[str, Any], quiet_along: frozenset[str] = frozenset()
    ) -> None:
        assert all(check.well_formed() for check in checks)
        self.checks = checks
        self.quiet_defs = quiet_defs
        self.quiet_along = quiet_along  # quiet_defs pushed down along the schema's own (checks/pushdown.py)
        # The Part members the Part checks' quiet schema rules out (where the quiet validators clear a request,
        # no Part holds one).
        self.part_triggers = frozenset(member for check in checks for member in check.parts)
        self._by_top = _index(checks, lambda c: c.top)
        self._by_config = _index(checks, lambda c: c.config)
        self._by_part = _index(checks, lambda c: c.parts)
        self._untriggered = tuple(i for i, c in enumerate(checks) if not (c.top or c.config or c.parts))
        # Whether Cleared.ALL leaves a check (no quiet schema, not a model rule) that a generationConfig member
        # triggers: without one, run_cleared need not look at the config.
        self._unquiet_config = frozenset().union(
            *(c.config for c in checks if c.quiet is None and not c.modeled)
        )
        # ... and the request members that trigger one, and the least size from which an untriggered one runs
        # (run_cleared's shortcut: a request with none of those members, smaller than that, runs none).
        unquiet = [c for c in checks if c.quiet is None and c.holds is None and not c.modeled]
        self._unquiet_top = frozenset().union(*(c.top for c in unquiet))
        untriggered = [c for c in unquiet if not (c.top or c.config or c.parts)]
        self._unquiet_least = min(
            (c.min_size if c.min_size is not None else 0 for c in untriggered), default=_NO_LEAST
        )
        self._triggered: dict[
            tuple[Cleared, bool, bool, tuple[str, ...], tuple[str, ...], frozenset[str]], list[Check]
        ] = {}
        self._cleared: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Check, ...]] = {}

    def quiet_fragments(self, with_parts: bool, family: Family | None = None) -> list[dict[str, Any] | bool]:
        """The quiet schemas clearance() conjoins: every non-Part check's, and with `with_parts` the Part
        checks' as one (the absence of all their triggers: one walk over the parts instead of one per check);
        with a `family`, its quiet schema for the modeled checks (checks/model_quiet.py)."""
        fragments: list[dict[str, Any] | bool] = [
            check.quiet for check in self.checks if check.quiet is not None and not check.parts
        ]
        fragments += [check.holds for check in self.checks if check.holds is not None]
        parts = self.parts_quiet()
        if with_parts and parts is not None:
            fragments.append(parts)
        if family is not None:
            from gemini_contract.validator.checks.model_quiet import family_quiet

            fragments.append(family_quiet(family))
        return fragments

    def parts_quiet(self) -> dict[str, Any] | None:
        """The Part checks' quiet schema alone (the absence of their triggers); None without Part checks."""
        parts = sorted(self.part_triggers)
        return quiet.in_parts(*parts) if parts else None

    def quiet_schema(self, with_parts: bool, family: Family | None = None) -> dict[str, Any] | bool:
        """The quiet fragments merged into one schema (its $refs point into `quiet_defs`)."""
        return quiet.conjunction(self.quiet_fragments(with_parts, family))

    def run(self, doc: dict[str, Any], ctx: Context, *, gated: bool = True) -> list[Issue]:
        issues: list[Issue] = []
        for check in self._select_for(ctx) if gated else self.checks:
            if not gated or (_fits(check, ctx.size) and (check.when is None or check.when(ctx))):
                issues.extend(check.run(doc, ctx))
        return issues

    def run_cleared(self, doc: dict[str, Any], contract: Contract, size: int | None) -> list[Issue] | None:
        """What run() returns for `doc` when the quiet schemas cleared it entirely (Cleared.ALL) and no model
        is known: only the checks without a quiet schema are left, picked by the request's members alone
        (remembered per shape), and a Context is built only when one of them runs. Most requests trigger
        none, and a batch asks this for every record. None for a body that names its model (its model rules:
        the caller takes the general path). tests/validator/test_gating.py holds this to run()."""
        if "model" in doc:
            return None
        if (
            self._unquiet_top.isdisjoint(doc)
            and size is not None
            and size < self._unquiet_least
            and not self._unquiet_config
        ):
            return []  # nothing can select a check: most requests, in two set operations
        # Only an unquiet check's config trigger can select anything under Cleared.ALL (the others have a
        # quiet schema, which held): without one, the config's members need no look.
        config = generation_config(doc) if self._unquiet_config else _NO_CONFIG
        shape = (tuple(doc), tuple(config))
        found = self._cleared.get(shape)
        if found is None:
            if len(self._cleared) >= _TRIGGERED_MAX:
                self._cleared.clear()
            found = self._cleared[shape] = tuple(
                self._select(Cleared.ALL, False, doc, config, _NO_MEMBERS, modeled=False)
            )
        issues: list[Issue] = []
        ctx = None
        for check in found:
            least = check.min_size  # _fits, inlined: every clean record asks it of the size rules
            if least is not None and size is not None and size < least:
                continue
            if ctx is None:
                ctx = Context(contract, doc, size, Cleared.ALL)
            if check.when is None or check.when(ctx):
                issues.extend(check.run(doc, ctx))
        return issues

    def _select_for(self, s: Context) -> list[Check]:
        # Driven by the members present (a request has a handful), not by the length of the table; and
        # remembered per set of members, since a batch repeats a few shapes many times.
        # Without a model no model rule can fire: they are left out here rather than asked per request.
        modeled = s.model is not None
        shape = (s.cleared, s.model_cleared, modeled, tuple(s.doc), tuple(s.config), s.part_members)
        found = self._triggered.get(shape)
        if found is None:
            if len(self._triggered) >= _TRIGGERED_MAX:
                self._triggered.clear()
            found = self._triggered[shape] = self._select(
                s.cleared, s.model_cleared, s.doc, s.config, s.part_members, modeled=modeled
            )
        return found

    def _select(
        self,
        cleared: Cleared,
        model_cleared: bool,
        top: Iterable[str],
        config: Iterable[str],
        parts: Iterable[str],
        *,
        modeled: bool,
    ) -> list[Check]:
        indices = set(self._untriggered)
        for members, index in ((top, self._by_top), (config, self._by_config), (parts, self._by_part)):
            for member in members:
                indices.update(index.get(member, ()))
        selected = [self.checks[i] for i in sorted(indices) if modeled or not self.checks[i].modeled]
        return [check for check in selected if not check.cleared_by(cleared, model_cleared)]


_TRIGGERED_MAX = 4096
_NO_LEAST = 2**63  # no untriggered check: any size


def _fits(check: Check, size: int | None) -> bool:
    return check.min_size is None or size is None or size >= check.min_size


def _index(
    checks: tuple[Check, ...], members: Callable[[Check], frozenset[str]]
) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, check in enumerate(checks):
        for name in members(check):
            index.setdefault(name, []).append(i)
    return {name: tuple(found) for name, found in index.items()}


REQUEST_CHECKS = CheckTable(CHECKS, QUIET_DEFS, quiet.ALONG_SCHEMA)


def run_checks(doc: dict[str, Any], ctx: Context, *, gated: bool = True) -> list[Issue]:
    """Every issue of every check of the context's contract that applies (`gated=False`: of every check)."""
    table = ctx.contract.checks
    return table.run(doc, ctx, gated=gated) if table is not None else []


def quiet_fragments(with_parts: bool) -> list[dict[str, Any] | bool]:
    """The request table's quiet fragments (see CheckTable.quiet_fragments)."""
    return REQUEST_CHECKS.quiet_fragments(with_parts)
