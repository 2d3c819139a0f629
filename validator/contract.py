"""A `Contract`: one bundled schema bound to everything derived from it (its index, its compiled validators,
the checks and rules that apply), built once per schema name and shared by every stage.

Stages take a contract instead of reaching for module-level singletons, so a second contract (the response,
a user's schema, a model-specific one) is one more instance, not one more set of globals. Contracts share
definitions through a local registry: a `$ref` to another bundled schema's `$id` resolves in-process, and
every other external reference is refused (no network, no file outside the package).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import jsonschema_rs
from gemini_contract.schema import BUNDLED, load_bundled
from gemini_contract.validator.ruleset import RULES, Rule
from gemini_contract.validator.schemaindex import Kind, SchemaIndex, build_index, int_bearing_without

if TYPE_CHECKING:
    from gemini_contract.schema.models import Family
    from gemini_contract.validator.checks import CheckTable
    from gemini_contract.validator.findings import Report, Severity


def _refuse(uri: str) -> Any:
    raise ValueError(f"external $ref {uri!r} is not retrieved")


@functools.cache
def _registry() -> Any:
    """Every bundled schema under its `$id`: the only documents a `$ref` may reach outside its own."""
    from gemini_contract.validator.checks import strictints

    # And the draft-4 integer the quiet validators hold integer fields to (checks/strictints.py).
    resources = [(strictints.INTEGER_ID, strictints.RESOURCE)]
    for name in BUNDLED:
        schema = load_bundled(name)
        if isinstance(schema.get("$id"), str):
            resources.append((schema["$id"], schema))
    return jsonschema_rs.Registry(resources, retriever=_refuse)


def compile_schema(schema: dict[str, Any]) -> Any:
    """A jsonschema-rs validator of `schema`: linear-time regexes, `$ref`s only into the bundled schemas."""
    return jsonschema_rs.Draft202012Validator(
        schema, registry=_registry(), retriever=_refuse, pattern_options=jsonschema_rs.RegexOptions()
    )


# Documents a contract checks without its quiet validators before it compiles them (see Contract.quiet_due).
QUIET_AFTER = 64


class Contract:
    """A bundled schema and what is derived from it; compared by identity. Read-only: `schema` is shared.
    (A plain class, not a dataclass: every lint builds one at start-up, and making a dataclass costs
    ~0.5 ms.)"""

    def __init__(
        self,
        name: str,
        schema: dict[str, Any],
        index: SchemaIndex,
        checks: CheckTable | None = None,
        *,
        rules: tuple[Rule, ...] = RULES,
        family: Family | None = None,
        base: Contract | None = None,
    ) -> None:
        self.name = name
        self.schema = schema
        self.index = index
        self.checks = checks  # the rules JSON Schema cannot express (None: the schema alone)
        self.rules = rules
        self.family = family  # the model family whose quiet schema the quiet validators include
        self.base = base  # the contract this model-specific one was made from
        self._by_model: dict[str, Contract] = {}  # model name -> contract
        self._by_family: dict[str, Contract] = {}  # family id -> contract (on the base contract)
        self._quiet_wait = QUIET_AFTER  # documents to check before the quiet validators are used (quiet_due)
        self._severities: dict[str, dict[str, Severity]] = {}  # profile -> rule id -> severity (severities)

    def __repr__(self) -> str:
        family = f", family={self.family.id!r}" if self.family is not None else ""
        return f"Contract({self.name!r}{family})"

    def for_model(self, model: str | None) -> Contract:
        """The contract for requests to `model` (as the URL names it): the same schema, checks and rules,
        with quiet validators that also hold the family's model rules to one pass (checks/model_quiet.py).
        Itself where the model names no family of the table, or the contract has no checks."""
        if model is None or self.checks is None:
            return self
        found = self._by_model.get(model)  # a plain dict: this runs for every request of a batch
        if found is None:
            found = self._by_model[model] = self._for_family_of(model)
        return found

    def _for_family_of(self, model: str) -> Contract:
        from gemini_contract.schema.models import model_table

        family = model_table().resolve(model).family
        if family is None or family is self.family:
            return self
        base = self.base or self
        found = base._by_family.get(family.id)
        if found is None:
            found = base._by_family[family.id] = Contract(
                base.name, base.schema, base.index, base.checks, rules=base.rules, family=family, base=base
            )
        return found

    def quiet_due(self) -> bool:
        """Whether the document now being checked asks the quiet validators (quiet_all, quiet_but_parts,
        quiet_alone, quiet_parts) what they rule out; `first_look` asks once per document, and the stages after
        it read `quiet_on`.

        Why: compiling them costs what running the checks they rule out costs for well over a hundred
        documents (callgrind: quiet_all 24M instructions, where the validators any document needs take 13.6M;
        an invalid document's quiet_but_parts and quiet_alone 37M more; bench_lint's 54 requests and three
        bench bodies cost 62k instructions more each without them). A run that
        checks a few files, as a pre-commit hook does, runs every triggered check instead, and a longer one
        compiles them after its first QUIET_AFTER documents. The findings are the same either way: a quiet
        schema only rules out checks that cannot fire (tests/validator/test_quiet.py holds both ways to one
        result)."""
        # > 0, not truthiness: two threads (a server's) may both pass the test before either decrements, and
        # the count must still reach "on" rather than run negative and stay off.
        if self._quiet_wait > 0:
            self._quiet_wait -= 1
            return False
        return True

    @property
    def quiet_on(self) -> bool:
        """Whether the quiet validators are in use (see quiet_due)."""
        return self._quiet_wait <= 0

    def quiet_after(self, documents: int) -> None:
        """Use the quiet validators once `documents` more documents have been checked (0: from now on, as a run
        that is about to check many does before it forks its workers)."""
        self._quiet_wait = documents

    @functools.cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def severities(self, profile: str) -> dict[str, Severity]:
        """Each rule's severity in `profile` (one of PROFILES), made once per profile."""
        table = self._severities.get(profile)
        if table is None:
            table = self._severities[profile] = {rule.id: rule.severity_in(profile) for rule in self.rules}
        return table

    @functools.cached_property
    def validator(self) -> Any:
        """The compiled validator of the schema alone (verdicts and errors)."""
        return self.base.validator if self.base is not None else compile_schema(self.schema)

    @functools.cached_property
    def quiet_all(self) -> Any:
        """The schema AND every check's quiet schema (see checks.clearance), compiled on first use."""
        return self._quiet(True)

    @functools.cached_property
    def quiet_but_parts(self) -> Any:
        """The same without the Part checks' quiet schemas: most requests never need it."""
        return self._quiet(False)

    @functools.cached_property
    def quiet_parts(self) -> Any:
        """The Part checks' quiet schema alone (None without checks): "no Part holds a trigger member" in one
        Rust pass (see checks.Context.part_members)."""
        schema = self.checks.parts_quiet() if self.checks is not None else None
        return (
            None
            if schema is None
            else (self.base.quiet_parts if self.base is not None else compile_schema(schema))
        )

    @functools.cached_property
    def quiet_alone(self) -> Any:
        """Every check's quiet schema without the schema itself (None without checks): for a request the
        schema rejects, which the conjoined validators can never clear, it still rules the checks out where
        it holds (tests/validator/test_quiet.py holds it to them on invalid requests too). The model family's
        quiet schema is not in it: it serves requests with no model."""
        if self.checks is None:
            return None
        fragments = self.checks.quiet_schema(True)
        if not isinstance(fragments, dict):  # true (nothing to rule out) or false
            return compile_schema({} if fragments else {"not": {}})
        return compile_schema({"$defs": self.checks.quiet_defs, **fragments})

    def _quiet(self, with_parts: bool) -> Any:
        if self.checks is None:
            return self.validator
        from gemini_contract.validator.checks.pushdown import pushed_down
        from gemini_contract.validator.checks.shortcuts import for_verdicts
        from gemini_contract.validator.checks.strictints import strict_node

        # The fragments pushed down into copies of the definitions they reach, not conjoined beside the
        # schema: one walk of the document instead of two (checks/pushdown.py has the measurements). Asked
        # only for verdicts, so rewritten to reach them sooner (checks/shortcuts.py), and holding integer
        # fields to integers as written (checks/strictints.py).
        checks = self.checks
        pushed = pushed_down(
            self.schema, checks.quiet_schema(with_parts, self.family), checks.quiet_defs, checks.quiet_along
        )
        return compile_schema(for_verdicts(pushed, before=strict_node))

    def validate(self, data: Any, **options: Any) -> Report:
        """`validator.validate` against this contract (same options, same guarantees)."""
        from gemini_contract.validator.api import validate

        return validate(data, contract=self, **options)

    def conjoined_validator(
        self, extra: dict[str, Any] | bool, defs: dict[str, Any], *, strict: bool = False
    ) -> Any:
        """A validator of the schema AND `extra` (whose `$ref`s point into `defs`, added to the schema's
        $defs), as a plain allOf beside the schema's root: the reference tests hold the quiet validators to
        (those push `extra` down into the schema's definitions instead, one walk for both:
        checks/pushdown.py). `strict`: integer fields held to integers as written, as the quiet validators
        hold them (checks/strictints.py)."""
        from gemini_contract.validator.checks.strictints import strict_integers

        assert self.schema["$defs"].keys().isdisjoint(defs), "a probe's $defs must not shadow the contract's"
        merged = {**self.schema["$defs"], **defs}
        schema = {**self.schema, "$defs": merged, "allOf": [*self.schema.get("allOf", []), extra]}
        return compile_schema(strict_integers(schema) if strict else schema)

    @functools.cached_property
    def cleared_int_bearing(self) -> dict[str, frozenset[str]]:
        """SchemaIndex.int_bearing where no Part holds a Part check's trigger member (mediaResolution, with its
        numTokens, among them), so that contents and systemInstruction lead to no integer field: where
        api._look rewrites a request's integral floats first. The strict quiet validators then tell whether
        it missed one (checks/strictints.py): the canonical request passes them only if none is left."""
        ruled_out = self.checks.part_triggers if self.checks is not None else ()
        return int_bearing_without(self.index, "Part", ruled_out)

    @functools.cached_property
    def root_split(self) -> RootSplit | None:
        """The schema cut at its root message: see RootSplit. None where the root is not a plain object
        message (then the whole validator reports everything)."""
        if self.base is not None:
            return self.base.root_split
        return root_split(self.schema)

    @functools.cached_property
    def int_field_names(self) -> frozenset[bytes]:
        """Every JSON and proto name of an integer field, as bytes (looked up in serialized text)."""
        names: set[str] = set()
        for message in self.index.messages.values():
            ints = {name for name, prop in message.props.items() if prop.kind is Kind.INT}
            names |= ints
            names |= {proto for proto, name in message.proto_names.items() if name in ints}
        return frozenset(name.encode() for name in names)


# What a root message may hold for RootSplit: its own keywords are type, properties, additionalProperties and
# required, whose errors jsonschema-rs reports after every member's (tests/validator/test_root_split.py).
_ROOT_OWN = frozenset(("type", "properties", "additionalProperties", "required"))
_NOTES = frozenset(("$schema", "$id", "$ref", "$defs", "title", "description", "$comment"))


class RootSplit:
    """The root message's errors in two passes that together give what one pass gives, in the same order.

    Why: jsonschema-rs hands every error its instance as a new Python value, and an error of the root itself
    (an unknown member such as `generation_config`, a missing `contents`) has the whole document as its
    instance: on a 70 KB body that copy costs twice what finding the errors does. So `members` validates the
    document with the root's additionalProperties and required left out (the members' errors, in the order
    the whole pass reports them), and `shape` validates only the root's members' names, on a document that
    has the same keys and null values (the root's own errors, which come last in a whole pass).
    """

    __slots__ = ("closed", "known", "members", "required", "shape")

    def __init__(
        self, members: Any, shape: Any, known: frozenset[str], required: tuple[str, ...], closed: bool
    ) -> None:
        self.members = members  # validator: the schema without the root's additionalProperties and required
        self.shape = shape  # validator: the root's keys alone (every member `true`)
        self.known = known  # the root's members
        self.required = required
        self.closed = closed  # additionalProperties false

    def errors(self, document: dict[str, Any]) -> list[Any]:
        """jsonschema-rs' errors for `document` (an object), as the whole validator gives them."""
        return [*self.members.iter_errors(document), *self.own_errors(document)]

    def member_errors(self, name: str, value: Any) -> list[Any]:
        """The errors of one member: `errors` gives each member's together, in the document's order, so a
        member's can be found again alone (engine.revalidated does, after a rename at the root)."""
        return list(self.members.iter_errors({name: value}))

    def own_errors(self, document: dict[str, Any]) -> list[Any]:
        """The errors of the root itself (unknown and missing members), which come after the members'."""
        if (self.closed and not self.known.issuperset(document)) or not all(
            name in document for name in self.required
        ):
            return list(self.shape.iter_errors(dict.fromkeys(document)))
        return []


def root_split(schema: dict[str, Any]) -> RootSplit | None:
    ref = schema.get("$ref")
    if not (isinstance(ref, str) and ref.startswith("#/$defs/") and "/" not in ref[len("#/$defs/") :]):
        return None
    if not all(key in _NOTES or key.startswith("x-") for key in schema):
        return None
    name = ref[len("#/$defs/") :]
    root = schema["$defs"].get(name)
    if not isinstance(root, dict) or root.get("type") != "object":
        return None
    own = {key: value for key, value in root.items() if not (key in _NOTES or key.startswith("x-"))}
    additional = own.get("additionalProperties", True)
    if not own.keys() <= _ROOT_OWN or additional not in (True, False):
        return None
    open_root = {key: value for key, value in root.items() if key not in ("additionalProperties", "required")}
    shape_root = {**own, "properties": dict.fromkeys(own.get("properties", {}), True)}
    return RootSplit(
        compile_schema({**schema, "$defs": {**schema["$defs"], name: open_root}}),
        compile_schema({"$ref": ref, "$defs": {name: shape_root}}),
        frozenset(own.get("properties", {})),
        tuple(own.get("required", ())),
        additional is False,
    )


@functools.cache
def bundled(name: str = "request") -> Contract:
    """The contract of a bundled schema (`request`, ...), built on first use and cached per name."""
    from gemini_contract.validator.checks import REQUEST_CHECKS  # the checks import the engine: not at import

    schema = load_bundled(name)
    tables = {"request": REQUEST_CHECKS}
    return Contract(name, schema, build_index(schema, _shared(schema)), tables.get(name))


def _shared(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The other bundled schemas `schema` refers to by `$id` (the response's Content is the request's)."""
    text = repr(schema)  # once per contract: cheaper to write than a walk, and `$id`s are plain URNs
    others = (load_bundled(other) for other in BUNDLED)
    return [o for o in others if o is not schema and isinstance(o.get("$id"), str) and o["$id"] + "#" in text]


@functools.cache
def rooted(name: str, root: str) -> Contract:
    """The contract of one `$defs` type of a bundled schema (`rooted("response", "ErrorResponse")`): the same
    definitions, another root."""
    base = bundled(name)
    if root not in base.schema["$defs"]:
        raise KeyError(f"no $defs/{root} in the bundled {name} schema")
    if base.index.root == root:
        return base
    schema = {**base.schema, "$ref": f"#/$defs/{root}", "title": root}
    return Contract(f"{name}:{root}", schema, build_index(schema, _shared(schema)), rules=base.rules)


def error_contract() -> Contract:
    """Google's error body ({"error": {"code", "message", "status", "details"}})."""
    return rooted("response", "ErrorResponse")


def response_contract() -> Contract:
    """The GenerateContentResponse contract: each answer, and each chunk of a stream."""
    return bundled("response")


def request_contract() -> Contract:
    """The GenerateContentRequest contract: what `validate` checks."""
    return bundled("request")
