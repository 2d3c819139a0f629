"""Schema -> intermediate model: maps each schema position of the supported keyword subset to a type node.

The subset is the one the contract uses: `$defs` with local `#/$defs/Name` references; objects closed with
`additionalProperties: false` (classes), `additionalProperties: <schema>` (maps) or free-form (Struct);
arrays with `items`; string, integer, number and boolean with their constraints; string `enum`/`const`;
`x-format`, `x-proto-name`, `x-backend`, `x-enum-*` and `x-oneof` annotations; and object-level
`oneOf`/`anyOf` made of `required` branches (Part's oneof, Schema's "type or anyOf"). Inline objects and
enums are hoisted into classes named after their owner and field. Other object-level constraints (`allOf`,
`if`/`then`, `not`) are left to the validator. What the subset cannot express is reported as a
`SchemaProblem` with its pointer, never guessed.
"""

from __future__ import annotations

import math
import re
from typing import Any

from gemini_contract.codegen import model as m
from gemini_contract.codegen.builders import attach_builders
from gemini_contract.codegen.load import LoadedSchema, SchemaProblem

_REF_PREFIX = "#/$defs/"
_UNSUPPORTED_KEYWORDS = (
    "prefixItems",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "dependentSchemas",
    "propertyNames",
)


class _Unsupported(Exception):
    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer
        self.message = message


def build_module(loaded: LoadedSchema, path: str = "") -> m.Module | SchemaProblem:
    """The intermediate model of one schema, or the first thing in it the generator cannot express."""
    try:
        return attach_builders(_Builder(loaded).module())
    except _Unsupported as exc:
        return SchemaProblem(path or loaded.file_name, exc.message, exc.pointer)


class _Builder:
    """One build: the names handed out so far and the classes/enums collected (no state outlives it)."""

    def __init__(self, loaded: LoadedSchema) -> None:
        self.loaded = loaded
        self.doc = loaded.document
        defs = self.doc.get("$defs", {})
        if not isinstance(defs, dict):
            raise _Unsupported("/$defs", "$defs must be an object")
        self.defs: dict[str, Any] = defs
        self.kinds = {key: _kind_of(schema) for key, schema in defs.items()}
        names = m.type_names(m.pascal_case(key) for key in defs)
        self.names = dict(zip(defs, names, strict=True))
        self.taken: set[str] = set(names)
        self.classes: list[m.ClassDef] = []
        self.hoisted: list[m.ClassDef] = []
        self.enums: list[m.EnumDef] = []
        self.patterns: dict[str, m.Pattern] = {}
        self.expanding: set[str] = set()

    def module(self) -> m.Module:
        for key, schema in self.defs.items():
            pointer = f"/$defs/{_escape(key)}"
            if self.kinds[key] == "class":
                self.classes.append(self.class_def(self.names[key], key, schema, pointer))
            elif self.kinds[key] == "enum":
                self.enums.append(self.enum_def(self.names[key], key, schema, pointer))
        title = str(self.doc.get("title") or m.pascal_case(self.loaded.file_name.split(".")[0]))
        root = self.root(title)
        return m.Module(
            title=title,
            doc=str(self.doc.get("description", "")),
            schema_id=self.doc.get("$id") if isinstance(self.doc.get("$id"), str) else None,
            schema_file=self.loaded.file_name,
            sha256=self.loaded.sha256,
            root=root,
            enums=tuple(self.enums),
            classes=tuple(self.classes + self.hoisted),
            patterns=tuple(self.patterns.values()),
            lenient_reader=self.loaded.sha256 == _contract_sha256(),
        )

    def root(self, title: str) -> str | None:
        if "$ref" in self.doc:
            node = self.node(self.doc, "", title, "")
            return node.name if isinstance(node, m.Ref) else None
        if "properties" in self.doc:
            name = self.claim_name(m.pascal_case(title))
            self.classes.append(self.class_def(name, "", self.doc, ""))
            return name
        return None

    def claim_name(self, wanted: str) -> str:
        (name,) = m.type_names([wanted], self.taken)
        self.taken.add(name)
        return name

    # --- declarations ---------------------------------------------------------------------------

    def class_def(self, name: str, wire: str, schema: dict[str, Any], pointer: str) -> m.ClassDef:
        properties = schema.get("properties", {})
        if schema.get("additionalProperties", True) is not False:
            raise _Unsupported(
                pointer,
                "an object with properties must set additionalProperties: false (a class's members are "
                "fixed; open objects are outside the supported subset, see docs/models.md)",
            )
        wires = list(properties)
        required = schema.get("required", [])
        for missing in (r for r in required if r not in properties):
            raise _Unsupported(f"{pointer}/required", f"required member {missing!r} is not a property")
        preferred = [_proto_name(properties[w]) for w in wires]
        attrs = dict(zip(wires, m.attribute_names(wires, preferred), strict=True))
        choices = _choices(schema, attrs)
        grouped = {member: c.group for c in choices if c.exactly_one for member in c.members}
        fields = []
        for wire_name, prop in properties.items():
            where = f"{pointer}/properties/{_escape(wire_name)}"
            if not isinstance(prop, dict):
                raise _Unsupported(where, "a property schema must be an object")
            attr = attrs[wire_name]
            backend = prop.get("x-backend")
            node = self.node(prop, where, name, wire_name)
            fields.append(
                m.Field(
                    name=attr,
                    wire=wire_name,
                    type=node,
                    required=wire_name in required,
                    doc=str(prop.get("description", "")),
                    backend=backend if isinstance(backend, str) else None,
                    choice=grouped.get(attr),
                    null_value=m.null_is_value(node),
                )
            )
        return m.ClassDef(
            name, wire, str(schema.get("description", "")), tuple(fields), choices, pointer=pointer
        )

    def enum_def(self, name: str, wire: str, schema: dict[str, Any], pointer: str) -> m.EnumDef:
        values = schema["enum"] if "enum" in schema else [schema["const"]]
        if not values or not all(isinstance(v, str) for v in values) or len(set(values)) != len(values):
            raise _Unsupported(pointer, "only enums of distinct strings are supported")
        numbers = schema.get("x-enum-numbers", {})
        deprecated = set(schema.get("x-enum-deprecated", []))
        sdk_only = set(schema.get("x-enum-sdk-only", []))
        members = tuple(
            m.EnumMember(
                name=member_name,
                value=value,
                number=numbers.get(value) if isinstance(numbers.get(value), int) else None,
                deprecated=value in deprecated,
                sdk_only=value in sdk_only,
            )
            for member_name, value in zip(m.enum_member_names(values), values, strict=True)
        )
        return m.EnumDef(name, wire, str(schema.get("description", "")), members, pointer=pointer)

    # --- type nodes -------------------------------------------------------------------------------

    def node(self, schema: Any, pointer: str, owner: str, wire: str) -> m.TypeNode:
        if schema is True or schema == {}:
            return m.Json()
        if not isinstance(schema, dict):
            raise _Unsupported(pointer, "a schema here must be an object")
        for word in _UNSUPPORTED_KEYWORDS:
            if word in schema:
                raise _Unsupported(
                    f"{pointer}/{word}", f"keyword {word!r} is outside the supported subset (docs/models.md)"
                )
        if "$ref" in schema:
            return self.ref(schema["$ref"], f"{pointer}/$ref")
        if "enum" in schema or "const" in schema:
            name = self.claim_name(m.pascal_case(owner, wire))
            self.enums.append(self.enum_def(name, f"{owner}.{wire}", schema, pointer))
            return m.EnumRef(name)
        kind = schema.get("type")
        if isinstance(kind, list):
            raise _Unsupported(f"{pointer}/type", "a list of types is outside the supported subset")
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else None
        if kind == "string":
            return m.Str(
                format=_str_or_none(schema.get("x-format")),
                pattern=self.pattern(schema.get("pattern"), f"{pointer}/pattern"),
                min_length=_int_or_none(schema, "minLength", pointer),
                max_length=_int_or_none(schema, "maxLength", pointer),
            )
        if kind in ("integer", "number"):
            cls = m.Int if kind == "integer" else m.Float
            return cls(
                format=_str_or_none(schema.get("x-format")),
                minimum=_number(schema, "minimum", pointer),
                maximum=_number(schema, "maximum", pointer),
                exclusive_minimum=_number(schema, "exclusiveMinimum", pointer),
                exclusive_maximum=_number(schema, "exclusiveMaximum", pointer),
            )
        if kind == "boolean":
            return m.Bool()
        if kind == "array":
            item = self.node(schema.get("items", True), f"{pointer}/items", owner, f"{wire}Item")
            return m.List(
                item, _int_or_none(schema, "minItems", pointer), _int_or_none(schema, "maxItems", pointer)
            )
        if kind == "object":
            return self.object_node(schema, pointer, owner, wire)
        if kind is None:
            return m.Json()
        raise _Unsupported(f"{pointer}/type", f"type {kind!r} is outside the supported subset")

    def object_node(self, schema: dict[str, Any], pointer: str, owner: str, wire: str) -> m.TypeNode:
        extra = schema.get("additionalProperties", True)
        if "properties" in schema or extra is False:
            name = self.claim_name(m.pascal_case(owner, wire))
            self.hoisted.append(self.class_def(name, f"{owner}.{wire}", schema, pointer))
            return m.Ref(name)
        if isinstance(extra, dict) and extra:
            return m.Map(self.node(extra, f"{pointer}/additionalProperties", owner, f"{wire}Value"))
        return m.Struct()

    def ref(self, ref: Any, pointer: str) -> m.TypeNode:
        if not isinstance(ref, str) or not ref.startswith(_REF_PREFIX):
            raise _Unsupported(
                pointer, f"only local {_REF_PREFIX}<Name> references are supported, not {ref!r}"
            )
        key = ref[len(_REF_PREFIX) :].replace("~1", "/").replace("~0", "~")
        if key not in self.defs:
            raise _Unsupported(pointer, f"reference {ref!r} has no target")
        if self.kinds[key] == "class":
            return m.Ref(self.names[key])
        if self.kinds[key] == "enum":
            return m.EnumRef(self.names[key])
        if key in self.expanding:  # an alias that reaches itself without passing through a class
            raise _Unsupported(pointer, f"reference cycle through {ref!r} without an object in between")
        self.expanding.add(key)
        try:
            return self.node(self.defs[key], f"/$defs/{_escape(key)}", self.names[key], "")
        finally:
            self.expanding.discard(key)

    def pattern(self, regex: Any, pointer: str) -> m.Pattern | None:
        if regex is None:
            return None
        if regex not in self.patterns:
            try:
                re.compile(regex)
            except re.error as exc:
                raise _Unsupported(pointer, f"pattern is not a Python regular expression: {exc}") from None
            self.patterns[regex] = m.Pattern(f"_PATTERN_{len(self.patterns) + 1}", regex)
        return self.patterns[regex]


def _contract_sha256() -> str:
    from gemini_contract.schema import canonical_sha256, load_schema

    return canonical_sha256(load_schema())


def _kind_of(schema: Any) -> str:
    """'class', 'enum' or 'alias' (a def whose references are replaced by its own type node)."""
    if not isinstance(schema, dict):
        return "alias"
    if "enum" in schema and schema.get("type", "string") == "string":
        return "enum"
    is_object = schema.get("type") == "object" or ("type" not in schema and "properties" in schema)
    if is_object and ("properties" in schema or schema.get("additionalProperties") is False):
        return "class"
    return "alias"


def _choices(schema: dict[str, Any], attrs: dict[str, str]) -> tuple[m.Choice, ...]:
    """Presence constraints from oneOf/anyOf whose branches only require members (see `Choice`)."""
    choices = []
    for keyword in ("oneOf", "anyOf"):
        branches = schema.get(keyword)
        maybe = [_branch(b) for b in branches] if isinstance(branches, list) and branches else [None]
        parsed = [p for p in maybe if p is not None and p[0] in attrs]
        if len(parsed) != len(maybe):
            continue  # another shape of oneOf/anyOf: a constraint left to the validator
        members = [member for member, excluded in parsed if excluded is None]
        alone = [member for member, excluded in parsed if excluded is not None and excluded == set(members)]
        if len(alone) + len(members) != len(parsed) or (alone and keyword == "anyOf"):
            continue
        groups = schema.get("x-oneof")
        named = groups.items() if isinstance(groups, dict) else ()
        group = next((g for g, ms in named if isinstance(ms, list) and set(ms) == set(members)), keyword)
        choices.append(
            m.Choice(
                group=group,
                members=tuple(attrs[w] for w in members),
                alone=tuple(attrs[w] for w in alone),
                exactly_one=keyword == "oneOf",
            )
        )
    return tuple(choices)


def _branch(branch: Any) -> tuple[str, set[str] | None] | None:
    """{"required": [a]} -> (a, None); {"required": [a], "not": {"anyOf": [{"required": [b]}...]}} -> (a, {b...})."""
    if not isinstance(branch, dict) or not _single_required(branch.get("required")):
        return None
    member = branch["required"][0]
    if set(branch) == {"required"}:
        return member, None
    negated = branch.get("not")
    if set(branch) != {"required", "not"} or not isinstance(negated, dict) or set(negated) != {"anyOf"}:
        return None
    alternatives = negated["anyOf"]
    if not isinstance(alternatives, list):
        return None
    excluded: list[list[str]] = [
        b["required"] for b in alternatives if isinstance(b, dict) and set(b) == {"required"}
    ]
    if len(excluded) != len(alternatives) or not all(_single_required(r) for r in excluded):
        return None
    return member, {r[0] for r in excluded}


def _single_required(required: Any) -> bool:
    return isinstance(required, list) and len(required) == 1 and isinstance(required[0], str)


def _proto_name(prop: Any) -> str | None:
    name = prop.get("x-proto-name") if isinstance(prop, dict) else None
    return name if isinstance(name, str) else None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int_or_none(schema: dict[str, Any], word: str, pointer: str) -> int | None:
    value = schema.get(word)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unsupported(f"{pointer}/{word}", f"{word} must be an integer")
    return value


def _number(schema: dict[str, Any], word: str, pointer: str) -> int | float | None:
    value = schema.get(word)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Unsupported(f"{pointer}/{word}", f"{word} must be a finite number")
    return value


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")
