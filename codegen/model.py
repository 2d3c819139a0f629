"""The intermediate model of generated code (classes, fields, type nodes, enums) and every naming rule.

`build.py` fills these frozen dataclasses from a schema; renderers only read them. Every decision about
a Python spelling (class, attribute and enum member names, keyword and collision handling) is made by the
functions here, so that templates never decide anything.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

# --- type nodes: the closed set every schema position maps to ---------------------------------------


@dataclass(frozen=True, slots=True)
class Pattern:
    """A regular expression constraint, shared by every string that uses the same expression."""

    name: str  # the module constant holding the compiled expression
    regex: str


@dataclass(frozen=True, slots=True)
class Str:
    """A JSON string. `format` is the schema's x-format (bytes, duration, timestamp) or None."""

    format: str | None = None
    pattern: Pattern | None = None
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True, slots=True)
class Int:
    """A JSON integer (never a bool). `format` is int32, int64 or None."""

    format: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None


@dataclass(frozen=True, slots=True)
class Float:
    """A JSON number (int or float, never a bool). `format` is float, double or None."""

    format: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None


@dataclass(frozen=True, slots=True)
class Bool:
    """A JSON boolean."""


@dataclass(frozen=True, slots=True)
class Json:
    """Any JSON value (protobuf Value, or a position the schema leaves untyped); kept as-is.

    Null is one of its values: as an array item or map value it is kept as None, and as a field's own
    value it is the JSON_NULL sentinel (see `Field.null_value`), because a None field means absent.
    """


@dataclass(frozen=True, slots=True)
class Struct:
    """A JSON object with free-form members (protobuf Struct); kept as-is."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A generated class, by its Python name."""

    name: str


@dataclass(frozen=True, slots=True)
class EnumRef:
    """A generated string enum, by its Python name."""

    name: str


@dataclass(frozen=True, slots=True)
class List:
    """A JSON array of one item type."""

    item: TypeNode
    min_items: int | None = None
    max_items: int | None = None


@dataclass(frozen=True, slots=True)
class Map:
    """A JSON object with arbitrary keys and one value type (additionalProperties: <schema>)."""

    value: TypeNode


TypeNode = Str | Int | Float | Bool | Json | Struct | Ref | EnumRef | List | Map

# --- declarations -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    """One member of a class: Python attribute name, wire (JSON) name, type, and documentation."""

    name: str
    wire: str
    type: TypeNode
    required: bool
    doc: str
    backend: str | None = None  # x-backend, e.g. "gemini-api" for fields Vertex does not accept
    choice: str | None = None  # the oneof group this field belongs to, if any
    # JSON null is a value of this field, not an error (see `null_is_value`): the attribute holds the
    # JSON_NULL sentinel for it (None keeps meaning absent), from_dict reads a null member as JSON_NULL
    # and to_dict writes JSON_NULL back as null.
    null_value: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    """A constraint over presence of fields, from the schema's oneOf/anyOf of `required` branches.

    `exactly_one`: at most one member may be set, and one must be unless one of `alone` is set
    (Part: exactly one data member, or none when videoMetadata is set). Otherwise (anyOf) at least one
    member must be set. Names are Python attribute names, in schema order.
    """

    group: str
    members: tuple[str, ...]
    alone: tuple[str, ...]
    exactly_one: bool


@dataclass(frozen=True, slots=True)
class Param:
    """A keyword-only parameter of a builder: name, annotation, and whether it must be given."""

    name: str
    annotation: str
    required: bool


@dataclass(frozen=True, slots=True)
class Builder:
    """A classmethod that builds an instance from a few arguments (see codegen/builders.py).

    `variadic`, when set, is the annotation of a `*parts` parameter; `body` the returned expression.
    """

    name: str
    doc: str
    params: tuple[Param, ...]
    variadic: str | None
    body: str


@dataclass(frozen=True, slots=True)
class ClassDef:
    name: str
    wire: str  # the $defs key (or the hoisting path for an inline object)
    doc: str
    fields: tuple[Field, ...]
    choices: tuple[Choice, ...] = ()
    builders: tuple[Builder, ...] = ()
    pointer: str = ""  # where the schema defines it (a $defs entry, or the inline object hoisted)


@dataclass(frozen=True, slots=True)
class EnumMember:
    name: str
    value: str
    number: int | None = None
    deprecated: bool = False
    sdk_only: bool = False


@dataclass(frozen=True, slots=True)
class EnumDef:
    name: str
    wire: str
    doc: str
    members: tuple[EnumMember, ...]
    pointer: str = ""  # where the schema defines it (a $defs entry, or the inline enum hoisted)


@dataclass(frozen=True, slots=True)
class Module:
    """Everything one generated module holds, in output order."""

    title: str
    doc: str
    schema_id: str | None
    schema_file: str
    sha256: str
    root: str | None
    enums: tuple[EnumDef, ...]
    classes: tuple[ClassDef, ...]
    patterns: tuple[Pattern, ...] = field(default=())
    # The schema is gemini-contract's bundled contract: non-strict from_dict falls back on the validator's
    # normaliser (codegen/wire.py), so that the models read every spelling `validate` accepts.
    lenient_reader: bool = False


def null_is_value(node: TypeNode) -> bool:
    """Whether JSON null is a valid value of a field of this type, distinct from the field being absent.

    True for Json (google.protobuf.Value, where null is NullValue, and untyped positions, which JSON
    Schema lets be null). Every other type rejects null, so there a null member is an error and None can
    stand for "absent" alone. Only a field's own value needs the distinction: inside a list or map (and
    inside a Value's own objects and arrays) None cannot mean absent, so null stays None there.
    """
    return isinstance(node, Json)


# --- naming -------------------------------------------------------------------------------------------

# Names a class body of the generated module refers to (annotations, `field(...)`), and the methods every
# class has: an attribute with one of these names would shadow them. Builtins that the class body never
# uses (`type`, `id`, `format`, `enum`, `default`, `filter`...) stay as they are: they are fine as
# attribute names and are what the API's other SDKs call these fields.
RESERVED_ATTRIBUTES = frozenset(
    {"str", "int", "float", "bool", "list", "dict", "field", "from_dict", "to_dict"}
)
# Module-level names of the generated file that a class or enum name must not replace.
RESERVED_TYPE_NAMES = frozenset(
    {"Any", "Callable", "Final", "Mapping", "TypeVar", "ModelError", "SCHEMA_SHA256", "ENUM_NUMBERS"}
    | {"JsonNull", "JSON_NULL"}  # the explicit-null sentinel of Value fields (`Field.null_value`)
    | set(keyword.kwlist)
    | set(keyword.softkwlist)
)

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9A-Za-z_]+")


def snake_case(wire: str) -> str:
    """`inlineData` -> `inline_data`, `fileURI` -> `file_uri`, `_responseJsonSchema` -> `response_json_schema`."""
    words = _NOT_IDENTIFIER.sub("_", _WORD_BOUNDARY.sub("_", wire)).lower()
    name = re.sub(r"_+", "_", words).strip("_")
    if not name:
        return "field"
    return name if not name[0].isdigit() else f"field_{name}"


def pascal_case(*parts: str) -> str:
    """Join parts as one PascalCase identifier: ("content", "role") -> "ContentRole"."""
    words: list[str] = []
    for part in parts:
        words.extend(w for w in _NOT_IDENTIFIER.sub("_", _WORD_BOUNDARY.sub("_", part)).split("_") if w)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Model"
    return name if not name[0].isdigit() else f"Model{name}"


def attribute_names(wires: Sequence[str], preferred: Sequence[str | None]) -> tuple[str, ...]:
    """Python attribute names for one class's wire names, unique and safe, in the same order.

    `preferred` holds the schema's x-proto-name for a field (the proto's own snake_case name, which
    settles cases such as `_responseJsonSchema` = `response_json_schema`). Names derived without any
    change keep them first; altered ones (keywords, reserved, leading underscore) yield on collision
    by taking trailing underscores.
    """
    wanted = [p if p and snake_case(p) == p else snake_case(w) for w, p in zip(wires, preferred, strict=True)]
    natural = [
        wanted[i] == preferred[i] or (wanted[i] == snake_case(w) and not w.startswith("_"))
        for i, w in enumerate(wires)
    ]
    taken: set[str] = set()
    result: list[str | None] = [None] * len(wires)
    for rank in (True, False):  # natural names first, so they never move because of an altered one
        for i, name in enumerate(wanted):
            if natural[i] is rank:
                result[i] = _claim(name, taken, _reserved_attribute)
    return tuple(name for name in result if name is not None)


def type_names(wanted: Iterable[str], taken: Iterable[str] = ()) -> tuple[str, ...]:
    """Unique class/enum names in order: collisions get a numeric suffix (2, 3, ...)."""
    used = set(taken)
    names = []
    for name in wanted:
        candidate = name if name not in RESERVED_TYPE_NAMES else f"{name}Model"
        number = 2
        while candidate in used:
            candidate = f"{name}{number}"
            number += 1
        used.add(candidate)
        names.append(candidate)
    return tuple(names)


def enum_member_names(values: Sequence[str]) -> tuple[str, ...]:
    """UPPER_SNAKE member names for enum values: "HARM_CATEGORY_X" stays, "flex" -> "FLEX", "" -> "EMPTY"."""
    names: list[str] = []
    for value in values:
        name = re.sub(r"_+", "_", _NOT_IDENTIFIER.sub("_", value)).strip("_").upper() or "EMPTY"
        if name[0].isdigit():
            name = f"V_{name}"
        names.append(_claim(name, set(names)))
    return tuple(names)


def _reserved_attribute(name: str) -> bool:
    return keyword.iskeyword(name) or name in RESERVED_ATTRIBUTES or name.startswith("__")


def _claim(name: str, taken: set[str], reserved: Callable[[str], bool] | None = None) -> str:
    """The first of name, name_, name__... that is neither reserved nor taken; records it as taken."""
    candidate = name
    while (reserved is not None and reserved(candidate)) or candidate in taken:
        candidate += "_"
    taken.add(candidate)
    return candidate
