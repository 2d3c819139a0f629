"""Schema validation of the canonical document with a contract's compiled validator (jsonschema-rs), and its
errors turned into Issues. Issue pointers are canonical; the caller maps them back to the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from gemini_contract.validator import hints
from gemini_contract.validator.findings import Issue
from gemini_contract.validator.schemaindex import Kind, SchemaIndex
from gemini_contract.validator.text import did_you_mean, join, show

if TYPE_CHECKING:
    from gemini_contract.validator.contract import Contract, RootSplit

MAX_UNKNOWN_PER_OBJECT = 20
MAX_ENUM_SHOWN = 12
# Keywords of full JSON Schema that Gemini's Schema type does not have (E-unknown): a better hint than
# "unknown field" is to move the schema to the *JsonSchema field, which takes full JSON Schema.
JSON_SCHEMA_ONLY = frozenset(
    [
        "$ref",
        "$defs",
        "$schema",
        "$id",
        "$anchor",
        "definitions",
        "const",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "examples",
        "allOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "uniqueItems",
        "contains",
        "prefixItems",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
    ]
)
_KEYWORD_RULES = {
    "type": "GC203",
    "enum": "GC204",
    "minimum": "GC205",
    "maximum": "GC205",
    "exclusiveMinimum": "GC205",
    "exclusiveMaximum": "GC205",
    "pattern": "GC206",
    "minItems": "GC207",
    "maxItems": "GC207",
    "minLength": "GC207",
    "maxLength": "GC207",
}
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


def is_valid(document: Any, contract: Contract) -> bool:
    try:
        return bool(contract.validator.is_valid(document))
    except ValueError:  # jsonschema-rs' recursion limit: let schema_issues say so
        return False


def schema_errors(document: Any, contract: Contract) -> list[Any] | None:
    """jsonschema-rs' errors for the document (as they come, for `issues_of` or a normalisation plan);
    None past its recursion limit (schema_issues then says so)."""
    try:
        return _errors(document, contract)
    except ValueError:
        return None


def _errors(document: Any, contract: Contract) -> list[Any]:
    split = contract.root_split if type(document) is dict else None
    return list(contract.validator.iter_errors(document)) if split is None else split.errors(document)


def schema_issues(document: Any, contract: Contract) -> list[Issue]:
    issues: list[Issue] = []
    try:
        for error in _errors(document, contract):
            issues.extend(_explain(error, contract.index))
    except ValueError as exc:  # jsonschema-rs stops at its recursion limit on hostile nesting
        issues.append(Issue("GC009", "", f"nested too deeply to validate ({exc})", "flatten the document"))
    return _one_per_value(issues)


def issues_of(errors: list[Any], contract: Contract) -> list[Issue]:
    """The issues of errors schema_errors() returned."""
    return _one_per_value([issue for error in errors for issue in _explain(error, contract.index)])


def _one_per_value(issues: list[Issue]) -> list[Issue]:
    """Without the enum finding of a value that has the wrong type: `true` for a string with an enum fails
    both keywords, and one defect is one finding (GC203 says what the value must be)."""
    mistyped = {issue.pointer for issue in issues if issue.rule == "GC203"}
    if not mistyped:
        return issues
    return [issue for issue in issues if not (issue.rule == "GC204" and issue.pointer in mistyped)]


def revalidated(
    errors: list[Any], rewrites: Iterable[Issue], canonical: Any, contract: Contract
) -> list[Issue] | None:
    """The issues of the canonical document, from the errors of the document as written and a validation of
    only the subtrees the normaliser rewrote (`rewrites`: its issues, pointers as written); None where that
    cannot be told apart from a whole validation (the caller then validates the whole document).

    An error depends only on the subtree at its path, and a message without combinators (anyOf, oneOf, ...)
    looks at its members' names and types, not into their values. So for each rewrite, the object that holds
    it (raised to the topmost message with combinators above it) is validated again with its own message's
    schema, and its errors take the place of the errors the written document had under it: jsonschema-rs
    reports one subtree's errors together, in the order a whole pass reports them.
    """
    splice = _splice_state(contract)
    if splice is None:
        return None
    compound, validators = splice
    index = contract.index
    kept = _leaves_valid(errors, rewrites, canonical, contract, splice)
    if kept is not None:
        if not kept:
            return None  # valid now: as below
        return _one_per_value([issue for error in kept for issue in _explain(error, index)])
    roots: dict[str, tuple[list[str | int], str]] = {}
    for issue in rewrites:
        if issue.rule == "GC107":  # a list level the written document lacks: leave it to a whole pass
            return None
        found = _rewritten_object(issue.pointer, index, compound)
        if found is None:
            return None
        roots[found[0]] = found[1], found[2]
    chosen = [p for p in roots if not any(p.startswith(q + "/") for q in roots if q != p)]
    replaced: list[tuple[list[Any], Any, str]] = []  # (path, the subtree's errors, its pointer)
    for pointer in chosen:
        path, message = roots[pointer]
        node = canonical
        for token in path:
            if type(token) is int:
                if type(node) is not list or token >= len(node):
                    return None
            elif type(node) is not dict or token not in node:
                return None
            node = node[token]
        if type(node) is not dict:
            return None
        validator = validators.get(message)
        if validator is None:
            from gemini_contract.validator.contract import compile_schema

            validator = validators[message] = compile_schema(
                {**contract.schema, "$ref": f"#/$defs/{message}"}
            )
        try:
            if not path and message == index.root and contract.root_split is not None:
                redone = _root_errors(contract.root_split, errors, rewrites, node, index)
                if redone is None:
                    return None
                replaced.append((path, redone, pointer))
            else:
                replaced.append((path, list(validator.iter_errors(node)), pointer))
        except ValueError:
            return None
    spliced: list[tuple[Any, str]] = [(error, "") for error in errors]
    for path, subtree_errors, pointer in replaced:
        depth = len(path)
        under = [i for i, (error, _) in enumerate(spliced) if list(error.instance_path)[:depth] == path]
        if not under or under[-1] - under[0] + 1 != len(under):
            return None  # no written error to take the place of, or not one block: a whole pass decides
        spliced[under[0] : under[-1] + 1] = [(error, pointer) for error in subtree_errors]
    if not spliced:
        return None  # valid now: the whole pass also says what the quiet schemas rule out
    return _one_per_value([issue for error, base in spliced for issue in _explain(error, index, base)])


# The rewrites of one scalar value in place (the member keeps its name and stays where it is): an enum's
# spelling or number, a number or integer given as a string, an integral float, URL-safe base64.
_IN_PLACE = frozenset(["GC102", "GC103", "GC104", "GC105", "GC106", "GC110", "GC111"])
_SCALARS = frozenset([Kind.ENUM, Kind.STRING, Kind.BOOL, Kind.INT, Kind.FLOAT, Kind.BYTES])


def _leaves_valid(
    errors: list[Any],
    rewrites: Iterable[Issue],
    canonical: Any,
    contract: Contract,
    splice: tuple[frozenset[str], dict[str, Any]],
) -> list[Any] | None:
    """The canonical document's errors where each rewrite replaced one scalar value in place and each new
    value is valid where it stands: the written errors without those at the rewritten values. None where
    that does not hold (revalidated then validates the objects that hold the rewrites).

    Why exact: a scalar has nothing below it, so the errors at its path are all that it contributes to a
    whole pass; they depend on its value and its own schema alone, as long as no message above it has
    combinators (which could read the value to pick a branch). Its object's own keywords look at member
    names and not at values, and its name did not change. So the rewrite removes the value's errors and adds
    those of the new value, none where that is valid. Why: a rewritten value is valid at once in most
    requests (a user's "0.7" for temperature), and one is_valid of the value costs ~0.2 us where a pass over
    its object costs ~8 us, most of it in making the errors of the object's other members again."""
    compound, validators = splice
    index = contract.index
    rewritten: set[tuple[str | int, ...]] = set()
    for issue in rewrites:
        if issue.rule not in _IN_PLACE:
            return None
        target = _scalar_at(issue.pointer, index, compound)
        if target is None:
            return None
        path, ref = target
        value = canonical
        for token in path:
            if type(token) is int:
                if type(value) is not list or token >= len(value):
                    return None
            elif type(value) is not dict or token not in value:
                return None
            value = value[token]
        validator = validators.get(ref)
        if validator is None:
            validator = validators[ref] = _leaf_validator(contract.schema, ref)
        if validator is False:
            return None
        try:
            if not validator.is_valid(value):
                return None
        except ValueError:
            return None
        rewritten.add(path)
    return [error for error in errors if tuple(error.instance_path) not in rewritten]


def _scalar_at(
    pointer: str, index: SchemaIndex, compound: frozenset[str]
) -> tuple[tuple[str | int, ...], str] | None:
    """The path of the scalar at `pointer` (canonical as written: no member above it is renamed) and the
    `$ref` of its schema, a member of a message or an item of its repeated member; None where the pointer
    is not one through messages without combinators to a scalar member."""
    tokens = pointer.split("/")[1:]
    messages = index.messages
    message = index.root
    path: list[str | int] = []
    i = 0
    while i < len(tokens):
        current = messages.get(message)
        if current is None or message in compound:
            return None
        name = tokens[i]
        prop = current.props.get(name)
        if prop is None or not name.isidentifier():
            return None  # an escaped token (~0, ~1) is not a member name the index has either
        path.append(name)
        i += 1
        ref = f"#/$defs/{message}/properties/{name}"
        if prop.repeated:
            if i == len(tokens):
                return None  # the list itself
            token = tokens[i]
            if not (token.isdigit() and token.isascii() and (token == "0" or token[0] != "0")):
                return None
            path.append(int(token))
            i += 1
            ref += "/items"
        if prop.kind is Kind.MESSAGE and prop.ref is not None and i < len(tokens):
            message = prop.ref
            continue
        if i == len(tokens) and prop.kind in _SCALARS:
            return tuple(path), ref
        return None
    return None


def _leaf_validator(schema: dict[str, Any], ref: str) -> Any:
    """A validator of the subschema at `ref` (`#/$defs/...`) of `schema`, compiled with the `$defs` it refers
    to (a member's schema is a few keywords or a `$ref` to an enum: microseconds to compile, where the whole
    schema takes ~5 ms); False where the subschema is not there or refers outside `#/$defs/`."""
    from gemini_contract.validator.contract import compile_schema

    node: Any = schema
    for token in ref.split("/")[1:]:
        if not isinstance(node, dict) or token not in node:
            return False
        node = node[token]
    if not isinstance(node, dict):
        return False
    defs = schema.get("$defs", {})
    wanted: dict[str, Any] = {}
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            target = current.get("$ref")
            if target is not None:
                name = (
                    target[len("#/$defs/") :]
                    if isinstance(target, str) and target.startswith("#/$defs/")
                    else ""
                )
                if not name or "/" in name or name not in defs:
                    return False
                if name not in wanted:
                    wanted[name] = defs[name]
                    stack.append(defs[name])
            stack.extend(value for key, value in current.items() if key != "$ref")
        elif isinstance(current, list):
            stack.extend(current)
    return compile_schema({**node, "$defs": wanted} if wanted else node)


def _root_errors(
    split: RootSplit,
    errors: list[Any],
    rewrites: Iterable[Issue],
    canonical: dict[str, Any],
    index: SchemaIndex,
) -> list[Any] | None:
    """The canonical document's errors, given the written document's: each member's errors come together in
    the document's order (RootSplit.member_errors), so only the members a rewrite touched (or renamed) are
    validated again, and the others keep their errors as written; then the root's own errors."""
    renamed = index.messages[index.root].proto_names
    redo: set[str] = set()
    for issue in rewrites:
        if not issue.pointer:
            return None
        token = issue.pointer.split("/", 2)[1].replace("~1", "/").replace("~0", "~")
        redo.add(renamed.get(token, token))
        redo.add(token)
    written: dict[str, list[Any]] = {}
    for error in errors:
        path = error.instance_path
        if path:
            written.setdefault(path[0], []).append(error)
    redone: list[Any] = []
    for name, value in canonical.items():
        redone += split.member_errors(name, value) if name in redo else written.get(name, ())
    return redone + split.own_errors(canonical)


# Per bundled schema: (the schema, the messages with combinators, sub-validators by message), or None
# where the schema's root has keywords of its own besides a $ref (never revalidated in parts).
_SPLICE: dict[int, tuple[dict[str, Any], tuple[frozenset[str], dict[str, Any]] | None]] = {}
_COMBINATORS = frozenset(
    [
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "dependentSchemas",
        "dependentRequired",
        "unevaluatedProperties",
        "unevaluatedItems",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "prefixItems",
        "$dynamicRef",
    ]
)
_ANNOTATIONS = frozenset(["$schema", "$id", "$ref", "$defs", "title", "description", "$comment"])


def _splice_state(contract: Contract) -> tuple[frozenset[str], dict[str, Any]] | None:
    schema = contract.schema
    cached = _SPLICE.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    state: tuple[frozenset[str], dict[str, Any]] | None = None
    if all(key in _ANNOTATIONS or key.startswith("x-") for key in schema) and "$ref" in schema:
        defs = schema["$defs"]
        state = frozenset(name for name, node in defs.items() if _has_combinator(node)), {}
    _SPLICE[id(schema)] = schema, state
    return state


def _has_combinator(node: Any) -> bool:
    if isinstance(node, dict):
        return any(
            (key in _COMBINATORS and key != "properties") or _has_combinator(value)
            for key, value in node.items()
        )
    if isinstance(node, list):
        return any(_has_combinator(value) for value in node)
    return False


def _rewritten_object(
    pointer: str, index: SchemaIndex, compound: frozenset[str]
) -> tuple[str, list[str | int], str] | None:
    """The object to validate again for a rewrite at `pointer` (as written): its pointer, path and message.

    That is the message object that holds the rewritten member (or item), or the topmost message with
    combinators above it; its pointer and path are canonical (a member spelled by its proto name, which the
    rename of that member rewrites, is named by its JSON name). None where the path is not one of known
    members all the way."""
    tokens = pointer.split("/")[1:-1]  # the parent's
    message = index.root
    if message in compound or message not in index.messages:
        return None
    best: tuple[int, str] = (0, message)
    path: list[str | int] = []
    i = 0
    while i < len(tokens):
        name = tokens[i].replace("~1", "/").replace("~0", "~")
        current = index.messages.get(message)
        if current is None:
            return None
        if name not in current.props:
            name = current.proto_names.get(name, "")
            if name not in current.props:
                return None
        prop = current.props[name]
        path.append(name)
        i += 1
        if prop.kind is Kind.MESSAGE and prop.ref is not None:
            if prop.repeated:
                if i == len(tokens):
                    break  # the list itself: its holder
                token = tokens[i]
                if not (token.isdigit() and token.isascii() and (token == "0" or token[0] != "0")):
                    return None
                path.append(int(token))
                i += 1
        elif prop.kind is Kind.MAP and prop.ref is not None and not prop.repeated:
            if i == len(tokens):
                break
            path.append(tokens[i].replace("~1", "/").replace("~0", "~"))
            i += 1
        elif i == len(tokens):
            break  # a repeated scalar's list: its holder
        else:
            return None
        message = prop.ref
        if message in compound:
            best = (i, message)
            break
        best = (i, message)
    depth, message = best  # path and tokens go in step: one entry per token
    return _pointer(path[:depth]), path[:depth], message


def _pointer(path: Any) -> str:
    pointer = ""
    for token in path:
        pointer = join(pointer, token)
    return pointer


def _error_pointer(path: list[str | int]) -> str:
    """The JSON pointer of an error's instance path. Why not _pointer: one join of the tokens where none needs
    escaping (most), not a join and an escape per level (~0.3 us a finding)."""
    if not path:
        return ""
    tokens = [token if type(token) is str else str(token) for token in path]
    joined = "/".join(tokens)
    if "~" in joined or joined.count("/") != len(tokens) - 1:  # a token to escape
        return _pointer(path)
    return "/" + joined


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), "null")


class _Site(NamedTuple):
    """What an error's schema path says, the same for every error there: read once per schema path."""

    owner: SchemaIndex  # the index it was read for (the cache is keyed by its id)
    path: list[Any]  # the schema path
    message: str  # the message whose schema the keyword belongs to
    where: str  # "Message.field" (or "Message")
    options: tuple[str, ...]  # an enum's options as hints list them (working values first); else ()
    shown: str  # those options as a hint shows them; else ""
    format_hint: str | None  # a pattern's hint


_SITES: dict[tuple[int, tuple[Any, ...]], _Site] = {}
_MAX_SITES = 4096  # a schema has far fewer keyword sites; the bound is for contracts made at run time


def _site(error: Any, index: SchemaIndex) -> _Site:
    schema_path = error.schema_path
    key = (id(index), tuple(schema_path))
    site = _SITES.get(key)
    if site is not None and site.owner is index:
        return site
    path = list(schema_path)
    message_name = path[1] if len(path) > 1 and path[0] == "$defs" else index.root
    field = path[3] if len(path) > 4 and path[2] == "properties" else None
    options: tuple[str, ...] = ()
    shown = ""
    if path and path[-1] == "enum":
        ordered = index.working_first(message_name, [str(o) for o in error.kind.as_dict()["options"]])
        options = tuple(ordered)
        shown = ", ".join(ordered[:MAX_ENUM_SHOWN]) + (", …" if len(ordered) > MAX_ENUM_SHOWN else "")
    site = _Site(
        index,
        path,
        message_name,
        f"{message_name}.{field}" if field else message_name,
        options,
        shown,
        _format_hint(path),
    )
    if len(_SITES) >= _MAX_SITES:
        _SITES.clear()
    _SITES[key] = site
    return site


def _explain(error: Any, index: SchemaIndex, base: str = "") -> list[Issue]:
    """The issues of one error; `base` is the pointer of the subtree the error's path starts at. (A list,
    not a generator: most errors are one issue, and a generator's frame and resumptions cost more.)"""
    site = _site(error, index)
    path, message_name, where = site.path, site.message, site.where
    pointer = base + _error_pointer(error.instance_path) if base else _error_pointer(error.instance_path)
    kind = error.kind
    keyword = kind.name
    if message_name == "Schema" and len(path) > 2 and path[2] in ("allOf", "anyOf"):
        return [_gemini_schema_rule(path, pointer)]
    if keyword == "enum" and site.options:  # first: the commonest error of a request a person wrote
        return [_bad_enum(error.instance, site.options, site.shown, where, pointer)]
    if keyword == "additionalProperties":
        return _unknown_fields(kind.as_dict()["unexpected"], message_name, pointer, index)
    if keyword == "required":
        name = kind.as_dict()["property"]
        if _explained_elsewhere(name, error.instance, message_name):
            return []
        return [Issue("GC202", join(pointer, name), f"{where} is missing required field {show(name)}")]
    if keyword == "oneOf" and message_name == "Part":
        # A non-object Part is reported once, as a wrong type.
        return [_part_oneof(error.instance, pointer, index)] if isinstance(error.instance, dict) else []
    if keyword == "type":
        types = kind.as_dict()["types"]
        expected = " or ".join(types) if isinstance(types, list) else types
        given = _json_type(error.instance)
        hint = hints.type_hint(where, message_name, given)
        if hint is None and expected == "array":
            hint = "a repeated field takes a list"
        if hint is None and given == "array":
            hint = "this field is not repeated (server: 'Proto field is not repeating, cannot start list')"
        return [Issue("GC203", pointer, f"{where} must be {expected}, not {given}", hint)]
    if keyword == "enum":  # an enum keyword not at the end of its schema path (not expected): as ever
        options = index.working_first(message_name, [str(o) for o in kind.as_dict()["options"]])
        shown = ", ".join(options[:MAX_ENUM_SHOWN]) + (", …" if len(options) > MAX_ENUM_SHOWN else "")
        return [_bad_enum(error.instance, tuple(options), shown, where, pointer)]
    if keyword in _KEYWORD_RULES:
        return [
            Issue(_KEYWORD_RULES[keyword], pointer, f"{where}: {_short(error.message)}", site.format_hint)
        ]
    return [Issue("GC210", pointer, f"{where}: {_short(error.message)}")]


def _explained_elsewhere(name: str, instance: Any, message_name: str) -> bool:
    """A missing `contents` next to `messages`, `candidates` or `request`: that key's finding says it all."""
    return (
        name == "contents"
        and message_name == "GenerateContentRequest"
        and isinstance(instance, dict)
        and not hints.EXPLAINS_MISSING_CONTENTS.isdisjoint(instance)
    )


def _bad_enum(value: Any, options: tuple[str, ...], shown: str, where: str, pointer: str) -> Issue:
    hint = hints.enum_hint(where, value)
    if hint is None and isinstance(value, str):
        guess = did_you_mean(value, options)
        hint = f"did you mean {show(guess)}? one of: {shown}" if guess else None
    return Issue("GC204", pointer, f"{show(value)} is not a valid {where}", hint or f"one of: {shown}")


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


_FORMAT_HINTS = {
    ("Blob", "data"): "standard base64 of the bytes",
    ("FunctionResponseBlob", "data"): "standard base64 of the bytes",
    ("Part", "thoughtSignature"): "echo the signature exactly as the model returned it",
    ("GenerateContentRequest", "cachedContent"): "cachedContents/{id}",
    ("FunctionDeclaration", "name"): "start with a letter or _, then letters, digits, _ . : -, at most 128",
    ("VideoMetadata", "startOffset"): 'a Duration such as "1.5s"',
    ("VideoMetadata", "endOffset"): 'a Duration such as "10s"',
    ("Interval", "startTime"): 'RFC 3339, such as "2024-01-01T00:00:00Z"',
    ("Interval", "endTime"): 'RFC 3339, such as "2024-01-01T00:00:00Z"',
}


def _format_hint(path: list[Any]) -> str | None:
    if not path or path[-1] != "pattern" or len(path) < 4:
        return None
    return _FORMAT_HINTS.get((path[1], path[3]))


def _unknown_fields(
    unexpected: list[str], message_name: str, pointer: str, index: SchemaIndex
) -> list[Issue]:
    known = _known(index, message_name)
    causes: set[str] = set()
    issues: list[Issue] = []
    for key in unexpected[:MAX_UNKNOWN_PER_OBJECT]:
        foreign = hints.foreign_key(message_name, key)
        if foreign is not None:
            if foreign[0] not in causes:  # one finding per cause, at its first key, naming the others
                causes.add(foreign[0])
                issues.append(_foreign(key, foreign, unexpected, message_name, pointer))
            continue
        if message_name == "Schema" and key in JSON_SCHEMA_ONLY:
            issues.append(
                Issue(
                    "GC312",
                    join(pointer, key),
                    f"{show(key)} is JSON Schema, not part of Gemini's Schema",
                    "remove it, or send the schema as parametersJsonSchema/responseJsonSchema",
                    at_key=True,
                )
            )
            continue
        guess = did_you_mean(key, known)
        hint = f"did you mean {show(guess)}?" if guess else None
        issues.append(
            Issue(
                "GC201", join(pointer, key), f"unknown field {show(key)} in {message_name}", hint, at_key=True
            )
        )
    if len(unexpected) > MAX_UNKNOWN_PER_OBJECT:
        more = len(unexpected) - MAX_UNKNOWN_PER_OBJECT
        issues.append(Issue("GC201", pointer, f"{more} more unknown fields in {message_name} not listed"))
    return issues


def _known(index: SchemaIndex, message_name: str) -> tuple[str, ...]:
    """The member names of a message, as did_you_mean takes them (a tuple: its cache's key), made once."""
    key = (id(index), message_name)
    found = _KNOWN.get(key)
    if found is None or found[0] is not index:
        message = index.messages.get(message_name)
        if len(_KNOWN) >= _MAX_SITES:
            _KNOWN.clear()
        found = _KNOWN[key] = index, tuple(message.props) if message is not None else ()
    return found[1]


_KNOWN: dict[tuple[int, str], tuple[SchemaIndex, tuple[str, ...]]] = {}


def _foreign(
    key: str, foreign: tuple[str, str], unexpected: list[str], message_name: str, pointer: str
) -> Issue:
    """One finding for the keys of one known cause (an OpenAI body's `type` and `function` of a tool)."""
    keys = [other for other in unexpected if hints.foreign_key(message_name, other) == foreign]
    named = ", ".join(show(other) for other in keys)
    noun = "field" if len(keys) == 1 else "fields"
    return Issue(
        "GC201", join(pointer, key), f"unknown {noun} {named} in {message_name}", foreign[1], at_key=True
    )


def _part_oneof(part: Any, pointer: str, index: SchemaIndex) -> Issue:
    members = index.part_data_members
    present = [m for m in members if isinstance(part, dict) and m in part]
    listing = ", ".join(members)
    if len(present) > 1:
        return Issue(
            "GC208",
            pointer,
            f"a Part holds exactly one of {listing}; this one has {' and '.join(present)}",
            "split it into one Part per member",
        )
    return Issue(
        "GC209",
        pointer,
        f"a Part holds exactly one of {listing}; this one has none",
        "add the content, or drop the empty Part",
    )


def _gemini_schema_rule(path: list[Any], pointer: str) -> Issue:
    # Mirrors the three allOf branches and the anyOf of $defs/Schema in the bundled schema.
    if path[2] == "anyOf":
        return Issue(
            "GC315",
            pointer,
            "a Schema needs type unless it uses anyOf",
            "add type (server: 'must be specified when not using one_of, any_of or all_of fields')",
        )
    parent = pointer.rsplit("/", 1)[0] if pointer.endswith("/type") else pointer
    branch = path[3]
    if branch == 0:
        return Issue(
            "GC314", parent, "an ARRAY Schema needs items", "add items (server: 'items: missing field')"
        )
    if branch == 1:
        return Issue(
            "GC313",
            join(parent, "enum"),
            "enum is only allowed for type STRING",
            "use type STRING, or drop enum",
        )
    return Issue(
        "GC316",
        join(parent, "properties"),
        "properties is only allowed for type OBJECT",
        "use type OBJECT, or drop properties",
    )
