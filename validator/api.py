"""`validate` and `validate_record`: read, parse, normalize, validate, check rules, and place each finding.

The common case is fast: orjson parses the bytes, a colon count against orjson's own re-serialization rules
out duplicate keys, and jsonschema-rs decides validity; the position-tracking parser runs only when a
finding needs a position or the text is not standard JSON.
"""

from __future__ import annotations

import functools
import gc
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
from gemini_contract.validator import engine, limits
from gemini_contract.validator.checks import Cleared, Context, explain, first_look, passes
from gemini_contract.validator.contract import Contract, request_contract, response_contract
from gemini_contract.validator.findings import Finding, Issue, Report, Severity, make_report
from gemini_contract.validator.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    MAX_CONTAINERS,
    MAX_FINDINGS,
    PROFILES,
)
from gemini_contract.validator.text import join, show

if TYPE_CHECKING:
    from gemini_contract.validator import jsonparse
    from gemini_contract.validator.normalize import Normalized

# The tolerant parser, the normaliser, placing, the decoder and the Python-value reader are imported where a
# document first needs them: a lint of valid files never does (~1.5 ms of a one-file lint's start-up).

_BOM = b"\xef\xbb\xbf"
# An integral float in orjson's output (40.0, 1e3 -> 1000.0): may sit where an integer is expected.
# (Inside a string it only costs the slow path, never a wrong result.)
_INTEGRAL_FLOAT = re.compile(rb"\.0[,}\]\n]")
_INDENTED = b'{\n  "'  # how two-space indented JSON of an object begins
_COUNT_BY_DELETING_FROM = 4 * 1024  # see _colons
_RECORD_KEYS = frozenset(("key", "request", "metadata"))
# From this size on, a document is read and checked with the cyclic garbage collector paused (see
# _Run.pause_gc); below it a collection costs nothing measurable (bench/gc_pause.py).
_PAUSE_GC_BYTES = 64 * 1024


def validate(
    data: bytes | str | Mapping[str, Any] | Any,
    *,
    profile: str = "google",
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    contract: Contract | None = None,
    model: str | None = None,
) -> Report:
    """Validate one GenerateContentRequest body (or one body of `contract`). Never raises for any `data`;
    see `Report`. `model` is the model as the URL names it (`gemini-2.5-flash`, `models/...`): the model
    table's rules for its family apply (None: any model)."""
    if (
        contract is None
        and model is None
        and select is None
        and ignore is None
        and profile == "google"
        and max_bytes == DEFAULT_MAX_BYTES
        and max_depth == DEFAULT_MAX_DEPTH
    ):
        return _document(_defaults(), data)  # most calls: options resolved once (~1 us of a clean 10 KB body)
    options = _Options(_contract_for(contract, model), profile, select, ignore, model, max_bytes, max_depth)
    return _document(options, data)


@functools.cache
def _defaults() -> _Options:
    """validate()'s options where none is given (the bundled request contract is built once, too)."""
    return _resolved({})


def validate_response(
    data: bytes | str | Mapping[str, Any] | Any, *, profile: str = "google", **options: Any
) -> Report:
    """Validate one GenerateContentResponse body, or one chunk of a stream (same options and guarantees as
    `validate`)."""
    return validate(data, profile=profile, contract=response_contract(), **options)


def validate_record(
    data: bytes | str,
    *,
    profile: str = "google",
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    contract: Contract | None = None,
    model: str | None = None,
) -> Report:
    """Validate one JSONL line: a request body, or a Batch API record {"key": ..., "request": {...}}."""
    options = _Options(_contract_for(contract, model), profile, select, ignore, model, max_bytes, max_depth)
    return _record(options, data)


def bound(*, record: bool = False, **options: Any) -> Callable[[bytes | str], Report]:
    """`validate` (with `record`, `validate_record`) with its options (the same keywords) bound once: the same
    report for each body, for a caller that validates many with one set of options, such as a batch's
    records. Why: binding keyword options with functools.partial merges them into a new dict on every call,
    and the contract is looked up each time (~0.4 us of a clean 200-byte record's 5 us). Raises TypeError for
    an unknown option and ValueError for an unknown profile here, not at the first body."""
    resolved = _resolved(options)
    _Run(resolved)  # an unknown profile fails now
    return functools.partial(_record if record else _document, resolved)


def _resolved(options: Mapping[str, Any]) -> _Options:
    """`options` (validate's keywords, any left out at validate's defaults) resolved."""
    defaults = validate.__kwdefaults__ or {}  # validate's signature is the one list of the options
    unknown = sorted(options.keys() - defaults.keys())
    if unknown:
        raise TypeError(f"unknown option {unknown[0]!r}; use validate's: {', '.join(defaults)}")
    given = {**defaults, **options}
    return _Options(
        _contract_for(given["contract"], given["model"]),
        given["profile"],
        given["select"],
        given["ignore"],
        given["model"],
        given["max_bytes"],
        given["max_depth"],
    )


class _Options(NamedTuple):
    """The options of one validate call (or of every call of a `bound` validator), resolved."""

    contract: Contract
    profile: str
    select: Collection[str] | None
    ignore: Collection[str] | None
    model: str | None
    max_bytes: int
    max_depth: int


def _document(options: _Options, data: bytes | str | Mapping[str, Any] | Any) -> Report:
    if type(data) is bytes and options.model is None and options.profile in PROFILES:
        return _bytes(options, data, False)
    return _document_run(options, data)


def _document_run(options: _Options, data: bytes | str | Mapping[str, Any] | Any) -> Report:
    """_document by the general path (a _Run) from the start."""
    run = _Run(options)
    try:
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, (bytes, str)):  # a parsed document: held to what JSON text could say first
            from gemini_contract.validator import pyvalue

            found = pyvalue.plain(data, max_depth=options.max_depth, max_containers=MAX_CONTAINERS)
            if found is not None:  # plain JSON already (most dicts callers pass): read at C speed
                document, run.dumped = found
                run.check(document, "")
                return run.report()
            document, issues = pyvalue.as_json(
                data, max_depth=options.max_depth, max_containers=MAX_CONTAINERS
            )
            if issues:
                run.add(issues, "")
            else:
                run.check(document, "")
            return run.report()
        raw = _raw(data, run, options.max_bytes, options.max_depth)
        if raw is not _UNPARSED:
            run.check(raw, "")
        return run.report()
    finally:
        if run.paused:
            gc.enable()


def _bytes(options: _Options, data: bytes, record: bool) -> Report:
    """_document (`record`: _record) for bytes with no model named (most calls): the path of a clean body
    written out in one function, and the general one (a _Run) taken up where this one stops. Nothing is done
    twice for standard JSON; a text orjson cannot read, or one with a duplicate key, is read again by the
    general path, which then takes the tolerant parser (whose cost dwarfs a second orjson pass).

    Why: on a clean body validate()'s own Python was most of what it cost beyond parsing and the schema's
    pass: its calls between stages (_Run, _raw, check, report) took ~6 us of bench's valid 10 KB body's 65,
    the floor being 39. A conversation with function calls (cleared but for its Parts) runs its triggered
    checks here too, and a clean request whose checks find something is placed without check() running them
    again (_checked). tests/validator/test_clean_path.py holds both paths to one report, with the quiet
    validators on and not yet on."""
    size = len(data)
    if (
        size > options.max_bytes
        or size > 2 * MAX_CONTAINERS
        or size >= _PAUSE_GC_BYTES
        or data.startswith(_BOM)
    ):
        return _general(options, data, record)
    indented = data.startswith(_INDENTED)
    try:
        document = orjson.loads(data)
        dumped = orjson.dumps(document, option=orjson.OPT_INDENT_2) if indented else orjson.dumps(document)
    except (ValueError, TypeError):  # not standard JSON, or past orjson's depth: the tolerant parser reads it
        return _general(options, data, record)
    extra = size - len(dumped)  # see _raw
    layout = (extra == 0 and data == dumped) or (
        extra == 1 and data.endswith(b"\n") and data.startswith(dumped)
    )
    if not layout and not _no_duplicate_keys(data, dumped):
        return _general(options, data, record)
    request, prefix = document, ""
    if record and type(document) is dict and "request" in document:
        if not _RECORD_KEYS.issuperset(document):  # a member a record does not have: _record reports it
            return _general(options, data, record)
        request, prefix = document["request"], "/request"
    first: _FirstLook | None = None
    if type(request) is dict:
        contract = options.contract
        # _look's first step, inlined (a call and its answer's tuple: ~3% of a clean batch record).
        due = contract.quiet_due()
        try:
            clean = due and contract.quiet_all.is_valid(request)
        except ValueError:  # jsonschema-rs' recursion limit: the general path says so
            clean = False
        found: list[Issue] | None = None
        checks = contract.checks
        if clean:  # no integral float in an integer field either (checks/strictints.py)
            found = checks.run_cleared(request, contract, size) if checks is not None else []
            first = Cleared.ALL, None, False, None
        else:
            first = _look(request, dumped, contract, due=due, failed_all=due)
            if first[0] is Cleared.ALL_BUT_PARTS and first[3] is None:
                # Valid and canonical (cleared, so no integral float either), a conversation with function
                # calls (agent traffic): its triggered checks as check() runs them, without its calls.
                context = Context(contract, request, size, Cleared.ALL_BUT_PARTS)
                found = checks.run(request, context) if checks is not None else []
        if found is not None:  # valid and canonical as written: what check() and report() make of it
            if not found and (data.isascii() or _no_issue(_confusable_keys(request, ""))):
                return make_report((), request)
            at = (document, indented) if layout else None
            return _checked(options, data, document, layout=at, prefix=prefix, found=found)
    run = _Run(options)
    run.data, run.dumped, run.document = data, dumped, document
    if layout:
        run.layout = document, indented
    try:
        run.check(request, prefix, first)
        return run.report()
    finally:
        if run.paused:
            gc.enable()


def _checked(
    options: _Options,
    data: bytes,
    document: Any,
    *,
    layout: tuple[Any, bool] | None,
    prefix: str,
    found: list[Issue],
) -> Report:
    """The report of a request (at `prefix` in `document`) valid and canonical as written, whose checks found
    `found`: what _Run.check adds for it (the checks' issues, then confusable keys), placed."""
    run = _Run(options)
    run.data, run.document, run.layout = data, document, layout
    request = document["request"] if prefix else document
    run.canonical = request
    run.add(found, prefix)
    if not data.isascii():
        run.add(_confusable_keys(request, ""), prefix)
    return run.report()


def _no_issue(issues: Iterator[Issue]) -> bool:
    return next(issues, None) is None


def _general(options: _Options, data: bytes, record: bool) -> Report:
    return _record_run(options, data) if record else _document_run(options, data)


def _record(options: _Options, data: bytes | str) -> Report:
    if type(data) is bytes and options.model is None and options.profile in PROFILES:
        return _bytes(options, data, True)
    return _record_run(options, data)


def _record_run(options: _Options, data: bytes | str) -> Report:
    run = _Run(options)
    try:
        raw = _raw(data, run, options.max_bytes, options.max_depth)
        if raw is _UNPARSED:
            return run.report()
        if type(raw) is dict and "request" in raw:
            if not _RECORD_KEYS.issuperset(raw):  # most records hold only key and request: one set check
                for key in raw:
                    if key not in _RECORD_KEYS:
                        run.add(
                            [
                                Issue(
                                    "GC201",
                                    join("", key),
                                    f"unknown field {show(key)} in a batch record",
                                    "a record holds key, request and metadata",
                                    at_key=True,
                                )
                            ],
                            "",
                        )
            run.check(raw["request"], "/request")
        else:
            run.check(raw, "")
        return run.report()
    finally:
        if run.paused:
            gc.enable()


_UNPARSED: Any = object()
# What _Run.check asks first of a document (see _look).
_FirstLook = tuple[Cleared | None, list[Any] | None, bool, "Normalized | None"]


def _look(
    document: dict[str, Any],
    text: bytes,
    contract: Contract,
    *,
    due: bool | None = None,
    failed_all: bool = False,
) -> _FirstLook:
    """first_look's answer for the document (what the quiet validators clear; an invalid one's schema
    errors), whether it may hold an integral float in an integer field, and the document with those
    rewritten where that is all it needs.

    Why the rewrite here: the quiet validators fail an integral float (checks/strictints.py), and a request
    valid but for 40.0 in topK would then take two more schema passes and run every triggered check in
    Python (bench's GC105 batch records: 52 -> 80 us). Where the quiet validators fail it and the text may
    hold one, its integral floats are rewritten (normalize's integral_only walk) and the canonical request
    asked instead: if they clear it, it is valid, so the request as written was (40 and 40.0 are one number
    to the schema), and its integral floats were its only rewrites (normalize.Plan). Since they would fail
    any integral float left, the walk skips the members a request they clear cannot hold one in (its Parts:
    Contract.cleared_int_bearing), and where they clear the result, it missed none. Else first_look goes
    on as it does for any other request.

    `due`: Contract.quiet_due's answer where the caller asked it (it counts documents); `failed_all`: the
    caller asked quiet_all already, and it failed (_bytes)."""
    if contract.quiet_due() if due is None else due:
        # first_look's first step, here so that the rewrite can come between it and the next (and passes()
        # inlined: this runs for every document, a batch's records among them).
        try:
            if not failed_all and contract.quiet_all.is_valid(document):
                return Cleared.ALL, None, False, None
        except ValueError:  # jsonschema-rs' recursion limit: schema_errors says so
            pass
        maybe = _may_hold_integral(document, text, contract, None)
        if maybe:
            from gemini_contract.validator.normalize import normalize

            # Only where a request the quiet validators clear can hold an integer field (not in its Parts,
            # most of a large body): if it holds one elsewhere, the canonical request fails them still.
            bearing = contract.cleared_int_bearing
            normalized = normalize(document, contract.index, integral_only=True, bearing=bearing)
            if normalized.issues:
                for clears, validator in (
                    (Cleared.ALL, contract.quiet_all),
                    (Cleared.ALL_BUT_PARTS, contract.quiet_but_parts),
                ):
                    if passes(validator, normalized.value):
                        return clears, None, False, normalized
        cleared, errors = first_look(document, contract, due=True, asked_all=True)
        # Searched once: what the quiet validators clear holds no integral float in an integer field.
        return cleared, errors, maybe and (cleared is None or cleared is Cleared.NOTHING), None
    cleared, errors = first_look(document, contract, due=False)
    return cleared, errors, _may_hold_integral(document, text, contract, cleared), None


def _contract_for(contract: Contract | None, model: str | None) -> Contract:
    # No model (most calls): no lookup at all; a batch runs this for every record.
    chosen = contract or request_contract()
    return chosen if model is None else chosen.for_model(model)


def _raw(data: bytes | str, run: _Run, max_bytes: int, max_depth: int) -> Any:
    """The parsed document, or _UNPARSED (with findings recorded) when there is none."""
    text: str | None = None
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates in a Python str: only the tolerant parser reads it
            text = str(data)
            data = text.encode("utf-8", "surrogatepass")  # its size, under the same limits as any input
    if len(data) > max_bytes or len(data) > 2 * MAX_CONTAINERS:  # below both, neither can be passed
        too_large = limits.too_large(data, max_bytes, MAX_CONTAINERS)
        if too_large is not None:
            run.add([too_large], "")
            return _UNPARSED
    if text is not None:
        return run.slow_text(text, max_depth)
    if len(data) >= _PAUSE_GC_BYTES:
        run.pause_gc()
    run.data = data
    if not data.startswith(_BOM):
        # orjson's calls inline, not through dumps(): this runs for every record of a batch.
        indented = data.startswith(_INDENTED)
        try:
            document = orjson.loads(data)
            dumped = (
                orjson.dumps(document, option=orjson.OPT_INDENT_2) if indented else orjson.dumps(document)
            )
        except (ValueError, TypeError):  # JSONDecodeError; TypeError past orjson's depth limit (either way)
            pass
        else:
            run.dumped = dumped
            # The text is exactly orjson's serialization (with a final newline or without, as a batch's
            # records have one): no duplicate key either, then.
            extra = len(data) - len(dumped)
            if (extra == 0 and data == dumped) or (
                extra == 1 and data.endswith(b"\n") and data.startswith(dumped)
            ):
                run.layout = document, indented  # findings may be placed from serialized lengths
                run.document = document
                return document
            if _no_duplicate_keys(data, dumped):
                run.document = document
                return document
    from gemini_contract.validator import source

    decoded = source.decode(data)
    run.add_findings(decoded.findings)
    if decoded.text is None:
        return _UNPARSED
    return run.slow_text(decoded.text, max_depth)


class _Run:
    """The state of one validation: the text as read, the findings so far, the canonical document."""

    __slots__ = (
        "canonical",
        "contract",
        "data",
        "document",
        "dumped",
        "findings",
        "ignore",
        "layout",
        "model",
        "parsed",
        "paused",
        "pending",
        "profile",
        "rules",
        "select",
        "text",
    )

    def __init__(self, options: _Options) -> None:
        contract, profile, self.select, self.ignore, self.model = options[:5]
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
        self.contract = contract
        self.rules = contract.rules_by_id
        self.profile = profile
        self.data: bytes | None = None
        self.dumped: bytes | None = None
        self.layout: tuple[Any, bool] | None = None  # see placing.place
        # As orjson read the text (standard JSON, no duplicate key): report() orders issues by it.
        self.document: Any = _UNPARSED
        self.text: str | None = None
        self.parsed: jsonparse.Parsed | None = None
        self.pending: list[tuple[str, Issue]] = []
        self.findings: list[Finding] = []
        self.canonical: Any = None
        self.paused = False

    def pause_gc(self) -> None:
        """Pause the cyclic garbage collector until this validation ends (_document and _record turn it
        back on). A large or invalid document allocates objects by the thousand (parsed values, schema
        errors, issues, findings), none of them in a reference cycle, and every collection they trigger
        traverses them all again: 20,000 Parts each with an unknown member took 466 ms with the collector
        running and 329 ms paused, a valid 200 KB body 900 us and 842 us (bench/gc_pause.py). Refcounting
        still frees everything. A collector already off (by the caller, or by another thread's validation)
        is left to whoever turned it off; the one case not honoured is a caller that turns it off from
        another thread while a validation that paused it is running, which turns it back on at its end."""
        if not self.paused and gc.isenabled():
            gc.disable()
            self.paused = True

    def slow_text(self, text: str, max_depth: int) -> Any:
        from gemini_contract.validator import jsonparse

        self.pause_gc()  # the tolerant parser builds the document and its positions in Python
        self.text = text
        self.parsed = jsonparse.parse(text, max_depth=max_depth)
        self.add_findings(self.parsed.findings)
        return self.parsed.value if self.parsed.complete else _UNPARSED

    def check(self, document: Any, prefix: str, first: _FirstLook | None = None) -> None:
        """The findings of `document` (as read, at `prefix` in the text), to report; `first` is _look's
        answer where the caller has asked already (_bytes)."""
        if type(document) is not dict:
            self.add(
                [Issue("GC017", "", f"the request body must be a JSON object, not {_kind(document)}")], prefix
            )
            return
        written: Callable[[str], str]
        # A dict input has no text yet, unless pyvalue.plain serialized it.
        text = self.dumped if self.data is not None or self.dumped is not None else dumps(document)
        # The common case in one Rust pass: already canonical, valid, and no check with a quiet schema can
        # fire. An integral float (40.0 where an int may stand) passes the schema but is a rewrite; the quiet
        # validators fail it (checks/strictints.py).
        contract = self.contract
        if first is None:
            first = _look(document, text, contract) if text is not None else (None, None, False, None)
        cleared, errors, integral, rewritten = first
        self.dumped = text = None  # a copy of the whole text: not held while findings are placed
        if rewritten is not None:  # valid as written, its integral floats rewritten already (see _look)
            assert cleared is not None, "_look rewrites only a request the quiet validators then clear"
            canonical, written = rewritten.value, _written_of(rewritten)
            self.add(rewritten.issues, prefix)
        elif cleared is not None and not integral:
            canonical, written = document, _same  # already canonical: nothing to rewrite or to map back
        elif cleared is not None:
            # Valid as written, so an integral float in an integer field is the only rewrite there can be
            # (see normalize.Plan). Only a document the quiet validators did not clear gets here (they fail
            # an integral float), so every triggered check runs, on the canonical document.
            from gemini_contract.validator.normalize import normalize

            normalized = normalize(document, contract.index, integral_only=True)
            canonical, written = normalized.value, _written_of(normalized)
            self.add(normalized.issues, prefix)
        else:
            canonical, written, cleared = self._invalid(document, errors, integral, prefix)
        size = len(self.data) if self.data is not None else None
        checks = contract.checks
        if checks is not None:
            found = (
                checks.run_cleared(canonical, contract, size)
                if cleared is Cleared.ALL and self.model is None
                else None
            )
            if found is None:
                found = checks.run(canonical, Context(contract, canonical, size, cleared, self.model))
            if found:
                self.add(_mapped(found, written), prefix)
        if self.data is not None and not self.data.isascii():
            self.add(_confusable_keys(document, ""), prefix)
        self.canonical = canonical

    def _invalid(
        self, document: dict[str, Any], errors: list[Any] | None, integral: bool, prefix: str
    ) -> tuple[Any, Callable[[str], str], Cleared]:
        """check() of a document invalid as written: its rewrites and its schema issues added, and the
        canonical document, the map of its pointers back to the text, and what the quiet schemas clear."""
        # Only where the schema found it wrong can there be a rewrite.
        self.pause_gc()
        from gemini_contract.validator.normalize import Plan, normalize

        contract = self.contract
        # An integral float fails no schema, so the errors' plan would not lead to it: walk everything.
        plan = Plan.from_errors(errors, contract.index) if errors and not integral else None
        normalized = normalize(document, contract.index, plan)
        canonical, written = normalized.value, _written_of(normalized)
        self.add(normalized.issues, prefix)
        cleared: Cleared
        if errors and not normalized.issues:  # nothing rewritten: the errors as written are the errors
            cleared, issues = Cleared.NOTHING, engine.issues_of(errors, contract)
        else:
            # Rewritten: only the objects that hold a rewrite need validating again (see revalidated).
            spliced = engine.revalidated(errors, normalized.issues, canonical, contract) if errors else None
            if spliced is not None:
                cleared, issues = Cleared.NOTHING, spliced
            else:
                cleared, issues = explain(canonical, contract)
        if issues:
            self.add(_mapped(issues, written), prefix)
            if (
                cleared is Cleared.NOTHING
                and self.model is None
                and contract.quiet_on
                and passes(contract.quiet_alone, canonical)
            ):
                cleared = Cleared.ALL  # invalid, but no check with a quiet schema can fire
        return canonical, written, cleared

    def add(self, issues: Iterable[Issue], prefix: str) -> None:
        """Issues to report, placed all at once when the report is made (see `placing`)."""
        if self.select is None and not self.ignore:  # most calls: every rule selected
            self.pending += [(prefix + issue.pointer, issue) for issue in issues]
            return
        for issue in issues:
            if self._selected(issue.rule):
                self.pending.append((prefix + issue.pointer, issue))

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Findings of the parser: positioned already; re-graded for the profile."""
        for finding in findings:
            rule = self.rules[finding.rule]
            if self._selected(rule.id):
                severity = rule.severity_in(self.profile)
                self.findings.append(
                    finding if finding.severity is severity else replace(finding, severity=severity)
                )

    def _severity(self, rule_id: str) -> Severity:
        return self.rules[rule_id].severity_in(self.profile)

    def _severity_of(self) -> Callable[[str], Severity]:
        """_severity as a lookup in the contract's table for the profile (a C call per finding placed)."""
        return self.contract.severities(self.profile).__getitem__

    def _selected(self, rule_id: str) -> bool:
        if self.select is not None and not any(rule_id.startswith(s) for s in self.select):
            return False
        return not (self.ignore and any(rule_id.startswith(s) for s in self.ignore))

    def report(self) -> Report:
        if not self.pending and not self.findings:  # most documents
            return make_report((), self.canonical)
        total = len(self.findings) + len(self.pending)  # placing makes one finding of each pending issue
        if self.pending:
            from gemini_contract.validator import placing

            text = self.text
            if text is None and self.data is not None:
                # Only the fast path gets here: orjson read the bytes, so they are UTF-8 standard JSON.
                text = self.data.decode("utf-8")
            # Serialized lengths count bytes: they are offsets in the text only where it is ASCII.
            layout = self.layout if self.data is not None and self.data.isascii() else None
            pending = self.pending
            if total > MAX_FINDINGS and not self.findings and self.document is not _UNPARSED:
                # Only the first MAX_FINDINGS by position are listed: the others are counted, not placed.
                pending = placing.first_in_text(pending, self.document, MAX_FINDINGS) or pending
            self.findings += placing.place(pending, self._severity_of(), text, self.parsed, layout)
        if not self.findings:
            return make_report((), self.canonical)
        findings = sorted(self.findings, key=Finding.sort_key)
        if total > MAX_FINDINGS:
            dropped = total - MAX_FINDINGS
            findings = findings[:MAX_FINDINGS]
            rule = self.rules["GC336"]
            findings.append(
                Finding(
                    rule.id,
                    rule.severity_in(self.profile),
                    "",
                    None,
                    None,
                    f"{dropped:,} more findings not listed",
                )
            )
        return make_report(tuple(findings), self.canonical)


def _may_hold_integral(
    document: dict[str, Any], text: bytes, contract: Contract, cleared: Cleared | None
) -> bool:
    """Whether an integer field of the document may hold an integral float (40.0), which normalize rewrites
    (GC105): False only where none does. `text` is orjson's serialization of the document. A document the
    quiet validators cleared (in whole or but for its Parts) holds none: they hold integer fields to
    integers as written (checks/strictints.py), so only the others are searched."""
    return (
        (cleared is None or cleared is Cleared.NOTHING)
        and _INTEGRAL_FLOAT.search(text) is not None  # most documents: no call past this search
        and _may_hold_integral_int(text, contract.int_field_names)
    )


def _may_hold_integral_int(text: bytes, int_field_names: frozenset[bytes]) -> bool:
    """Whether orjson's serialization holds an integral float (40.0) that may sit in an integer field.

    The regex finds integral floats at memchr speed; most are members of float fields (temperature 1.0), which
    the member's key rules out. One in an array, or under a key some integer field has, means normalize.
    """
    for match in _INTEGRAL_FLOAT.finditer(text):
        start = match.start()
        while start > 0 and text[start - 1] in _NUMBER_BYTES:
            start -= 1
        if text[start - 1 : start] == b" ":  # indented: "key": value
            start -= 1
        if text[start - 2 : start] != b'":':
            return True  # an array item
        key_end = start - 2
        key_start = text.rfind(b'"', 0, key_end) + 1
        if text[key_start - 2 : key_start - 1] == b"\\" or text[key_start:key_end] in int_field_names:
            return True  # an escaped quote in the key (rare: be safe), or an integer field's name
    return False


_NUMBER_BYTES = frozenset(b"0123456789-")


def _no_colon_escape(data: bytes) -> bool:
    # A one-byte search first: it runs at memchr speed, and most bodies have no backslash at all.
    # find(), not `in`: bytes.__contains__ first tries the needle as an int and builds a TypeError.
    return data.find(b"\\") < 0 or data.find(b"\\u003") < 0


def dumps(value: Any, *, indented: bool = False) -> bytes | None:
    """orjson's serialization (compact, or indented by two spaces), or None past orjson's nesting limit
    (then the slow path decides)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2) if indented else orjson.dumps(value)
    except TypeError:
        return None


def _no_duplicate_keys(data: bytes, dumped: bytes) -> bool:
    """Whether orjson's re-serialization of what it parsed from `data` kept every key that `data` has.

    The text as the serializer writes it (compact, or indented by two spaces as Python's json.dumps,
    JSON.stringify and most editors write it) cannot hide a duplicate: one memcmp. Otherwise the colons are
    counted: each member has one, and a string's colons survive re-serialization, so a dropped duplicate
    leaves `data` with more. A \u003a escape hides a colon from the count: such text takes the slow path.
    """
    body = data[:-1] if data.endswith(b"\n") else data
    if body == dumped:
        return True
    return _colons(data) == _colons(dumped) and _no_colon_escape(data)


def _colons(text: bytes) -> int:
    """How many colons `text` holds. Why not text.count(b":"): CPython counts one byte at a time, where
    deleting them runs at memchr speed between colons, which JSON with any text in it has far apart (15 KB
    of bench body: 6.1 us counted, 3.6 deleted; a 6 KB corpus body 2.2 and 0.8). Below a few KB, with
    colons close together, counting is the faster (a 1.9 KB compact body: 0.87 and 1.04 us)."""
    if len(text) < _COUNT_BY_DELETING_FROM:
        return text.count(b":")
    return len(text) - len(text.replace(b":", b""))


def _same(pointer: str) -> str:
    return pointer


def _written_of(normalized: Normalized) -> Callable[[str], str]:
    """The map of the canonical document's pointers back to the text: _same where nothing was renamed (most
    rewrites replace a value in place), so that _mapped passes the issues on without a lookup apiece."""
    return normalized.written if normalized.pointer_map else _same


def _mapped(issues: Iterable[Issue], written: Callable[[str], str]) -> Iterable[Issue]:
    """The issues with their pointers as written (a canonical pointer mapped back through the normaliser's
    renames): each Issue as it is where nothing above it was renamed, every other field kept."""
    if written is _same:  # nothing was rewritten: no pointer to map (most documents with a finding)
        return issues
    return _remapped(issues, written)


def _remapped(issues: Iterable[Issue], written: Callable[[str], str]) -> Iterator[Issue]:
    for issue in issues:
        pointer = written(issue.pointer)
        yield issue if pointer == issue.pointer else issue._replace(pointer=pointer)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _confusable_keys(node: Any, pointer: str) -> Iterator[Issue]:
    stack = [(pointer, node)]
    while stack:
        where, value = stack.pop()
        if type(value) is dict:
            seen: dict[str, str] = {}
            for key, child in value.items():
                if not key.isascii():
                    folded = unicodedata.normalize("NFKC", key)
                    if folded in seen and seen[folded] != key:
                        yield Issue(
                            "GC331",
                            join(where, key),
                            f"keys {show(seen[folded])} and {show(key)} look the same",
                            "they differ only in Unicode normalization; keep one spelling",
                            at_key=True,
                        )
                    seen.setdefault(folded, key)
                else:
                    seen.setdefault(key, key)
                stack.append((join(where, key), child))
        elif type(value) is list:
            stack.extend((f"{where}/{i}", child) for i, child in enumerate(value))
