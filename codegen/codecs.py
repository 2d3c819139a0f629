"""The straight-line decoders and encoders of generated classes, as lines of Python, one block per field.

Generated functions name their own locals with a trailing "_" and field values "f_<attribute>", so that no
field name can shadow anything they use (`type`, `len`, the helpers of the runtime prelude).
"""

from __future__ import annotations

from dataclasses import dataclass

from gemini_contract.codegen import model as m
from gemini_contract.codegen.literals import literal

_SCALAR_CHECKS = {
    m.Str: ("type(raw_) is not str", "a string"),
    m.Int: ("type(raw_) is not int", "an integer"),
    m.Float: ("type(raw_) is not float and type(raw_) is not int", "a number"),
    m.Bool: ("type(raw_) is not bool", "a boolean"),
    m.Struct: ("type(raw_) is not dict", "an object"),
}
# Callables the runtime prelude defines for unconstrained scalar items of arrays and maps.
_SCALAR_ITEMS = {
    m.Str: "_str",
    m.Int: "_int",
    m.Float: "_float",
    m.Bool: "_bool",
    m.Struct: "_struct",
    m.Json: "_json",
}


@dataclass(frozen=True, slots=True)
class HelperView:
    """A generated item decoder for a constrained scalar or nested container inside an array or map."""

    name: str
    annotation: str
    body: tuple[str, ...]


def annotation(node: m.TypeNode) -> str:
    if isinstance(node, m.Ref | m.EnumRef):
        return node.name
    if isinstance(node, m.List):
        return f"list[{annotation(node.item)}]"
    if isinstance(node, m.Map):
        return f"dict[str, {annotation(node.value)}]"
    return {m.Str: "str", m.Int: "int", m.Float: "float", m.Bool: "bool", m.Struct: "dict[str, Any]"}.get(
        type(node), "Any"
    )


def field_annotation(f: m.Field) -> str:
    """The attribute's annotation: its type, `| JsonNull` when null is a value, `| None` unless required.

    An enum field also takes its wire string and a bytes field `bytes`, which `__init__` converts
    (lists keep their item type: list is invariant, so `list[E | str]` would refuse a `list[E]`).
    """
    written = annotation(f.type)
    if isinstance(f.type, m.EnumRef):
        written += " | str"
    elif isinstance(f.type, m.Str) and f.type.format == "bytes":
        written += " | bytes"
    return written + (" | JsonNull" if f.null_value else "") + ("" if f.required else " | None")


def local_annotation(f: m.Field) -> str:
    """The decoder's local for a field: decoded values are canonical (members, base64 text)."""
    return annotation(f.type) + (" | JsonNull" if f.null_value else "") + ("" if f.required else " | None")


# --- decoding --------------------------------------------------------------------------------------


def decoder_body(cls: m.ClassDef, helpers: list[HelperView]) -> tuple[str, ...]:
    lines = [
        "if type(data_) is not dict:",
        '    raise _expected("an object", data_)',
        'at_ = ""',
        "try:",
        "    seen_ = 0",
    ]
    lines += [f"    {_local(f)}: {local_annotation(f)} = None" for f in cls.fields if not f.required]
    for f in cls.fields:
        lines += [f"    at_ = {literal(f.wire)}", "    raw_ = data_.get(at_)"]
        if f.null_value:
            lines += [f"    {line}" for line in _null_value_statements(f)]
        elif f.required:
            lines += ["    if raw_ is None:", "        raise _missing(data_, at_)"]
            lines += [
                f"    {line}"
                for line in decode_statements(f.type, _local(f), helpers, f"{cls.name}_{f.name}")
            ]
            lines += ["    seen_ += 1"]
        else:
            lines += ["    if raw_ is not None:"]
            lines += [
                f"        {line}"
                for line in decode_statements(f.type, _local(f), helpers, f"{cls.name}_{f.name}")
            ]
            lines += ["        seen_ += 1"]
    known = literal(tuple(f.wire for f in cls.fields))
    nullable = tuple(f.wire for f in cls.fields if f.null_value)
    stray_args = f"data_, {known}" + (f", {literal(nullable)}" if nullable else "")
    lines += [
        "    if seen_ != len(data_):",
        f"        at_, reason_ = _stray({stray_args})",
        "        raise ModelError(reason_)",
        "except ModelError as exc_:",
        "    exc_.path.append(at_)",
        "    raise",
        f"return {cls.name}({', '.join(f'{f.name}={_local(f)}' for f in cls.fields)})",
    ]
    return tuple(lines)


def _null_value_statements(f: m.Field) -> list[str]:
    """A field whose values include null (any JSON value, unchecked): a null member is JSON_NULL, and
    only a member that is not there is absent (or missing, when required)."""
    if f.required:
        return [
            "if raw_ is None and at_ not in data_:",
            "    raise _missing(data_, at_)",
            f"{_local(f)} = JSON_NULL if raw_ is None else raw_",
            "seen_ += 1",
        ]
    return [
        "if raw_ is not None:",
        f"    {_local(f)} = raw_",
        "    seen_ += 1",
        "elif at_ in data_:",
        f"    {_local(f)} = JSON_NULL",
        "    seen_ += 1",
    ]


def _local(f: m.Field) -> str:
    # "f_" + attribute: never a builtin the decoder calls (`type`, `len`), nor one of its own locals
    # (which end in "_" and do not start with "f_"), nor a module-level name (those start with "_").
    return f"f_{f.name}"


def decode_statements(node: m.TypeNode, target: str, helpers: list[HelperView], hint: str) -> list[str]:
    """Statements that check `raw_` against `node` and assign the decoded value to `target`."""
    if isinstance(node, m.Ref | m.EnumRef):
        return [f"{target} = _decode_{node.name}(raw_)"]
    if isinstance(node, m.List | m.Map):
        helper = "_list" if isinstance(node, m.List) else "_map"
        item = node.item if isinstance(node, m.List) else node.value
        lines = [f"{target} = {helper}(raw_, {item_decoder(item, helpers, hint)})"]
        if isinstance(node, m.List):
            lines += _bound(
                f"len({target})", ">=", node.min_items, _count(node.min_items, "item", "at least")
            )
            lines += _bound(f"len({target})", "<=", node.max_items, _count(node.max_items, "item", "at most"))
        return lines
    lines = []
    if type(node) in _SCALAR_CHECKS:
        test, what = _SCALAR_CHECKS[type(node)]
        lines += [f"if {test}:", f"    raise _expected({literal(what)}, raw_)"]
    lines += scalar_constraints(node)
    return [*lines, f"{target} = raw_"]


def scalar_constraints(node: m.TypeNode) -> list[str]:
    lines: list[str] = []
    if isinstance(node, m.Str):
        if node.pattern is not None:
            lines += [
                f"if {node.pattern.name}.search(raw_) is None:",
                f"    raise ModelError({literal(f'does not match the pattern {node.pattern.regex}')})",
            ]
        lines += _bound("len(raw_)", ">=", node.min_length, _count(node.min_length, "character", "at least"))
        lines += _bound("len(raw_)", "<=", node.max_length, _count(node.max_length, "character", "at most"))
    elif isinstance(node, m.Int | m.Float):
        lines += _bound("raw_", ">=", node.minimum, f">= {node.minimum}")
        lines += _bound("raw_", "<=", node.maximum, f"<= {node.maximum}")
        lines += _bound("raw_", ">", node.exclusive_minimum, f"> {node.exclusive_minimum}")
        lines += _bound("raw_", "<", node.exclusive_maximum, f"< {node.exclusive_maximum}")
    return lines


def _bound(expr: str, op: str, limit: object, wanted: str) -> list[str]:
    if limit is None:
        return []
    return [f"if not {expr} {op} {literal(limit)}:", f"    raise _out_of_range({literal(wanted)}, {expr})"]


def _count(limit: int | None, noun: str, how: str) -> str:
    return f"{how} {limit} {noun}{'' if limit == 1 else 's'}"


def item_decoder(node: m.TypeNode, helpers: list[HelperView], hint: str) -> str:
    """A callable expression decoding one array item or map value."""
    if isinstance(node, m.Ref | m.EnumRef):
        return f"_decode_{node.name}"
    if type(node) in _SCALAR_ITEMS and not scalar_constraints(node):
        return _SCALAR_ITEMS[type(node)]
    name = f"_decode_{hint}_item"
    body = decode_statements(node, "value_", helpers, f"{hint}_item")
    helpers.append(HelperView(name, annotation(node), (*body, "return value_")))
    return name


# --- encoding --------------------------------------------------------------------------------------
# to_dict checks every value it writes (users build instances by hand), so that a dict it returns is
# always JSON and a wrong value raises ModelError with its pointer, never AttributeError or TypeError.

# (test, expected) for a field's own scalar value, inlined in the encoder (no call on the hot path).
_SCALAR_WRITES = {
    m.Str: ("type(v_) is not str", "a string"),
    m.Int: ("type(v_) is not int", "an integer"),
    m.Float: ("not (type(v_) is float and -_INF < v_ < _INF) and type(v_) is not int", "a finite number"),
    m.Bool: ("type(v_) is not bool", "a boolean"),
}
# Runtime callables that check and return one array item or map value.
_ITEM_WRITES = {
    m.Str: "_write_str",
    m.Int: "_write_int",
    m.Float: "_write_float",
    m.Bool: "_write_bool",
    m.Struct: "_write_struct",
    m.Json: "_write_json",
}


# Arrays of these are copied in one step when every item has exactly the type (`_write_same`).
_SAME_TYPE = {m.Str: "str", m.Int: "int", m.Bool: "bool"}


def encoder_body(cls: m.ClassDef) -> tuple[str, ...]:
    lines = [
        f"if not isinstance(obj_, {cls.name}):",
        f"    raise _expected({literal(f'a {cls.name}')}, obj_)",
        "out_: dict[str, Any] = {}",
    ]
    if not cls.fields:
        return (*lines, "return out_")
    # v_ holds each field in turn (Any: a user may have put anything there, which is what is checked).
    lines += ['at_ = ""', "v_: Any", "try:"]
    for f in cls.fields:
        write = write_statements(f.type, literal(f.wire))
        if f.null_value:
            write = [
                "if v_ is JSON_NULL:",
                f"    out_[{literal(f.wire)}] = None",
                "else:",
                *(f"    {line}" for line in write),
            ]
        lines += [f"    v_ = obj_.{f.name}"]
        if f.required:
            lines += [f"    at_ = {literal(f.wire)}", "    if v_ is None:"]
            lines += ['        raise ModelError("required member is not set")']
            lines += [f"    {line}" for line in write]
        else:  # `at_` is set only for a field that is there: most fields of a big class are absent
            lines += [
                "    if v_ is not None:",
                f"        at_ = {literal(f.wire)}",
                *(f"        {line}" for line in write),
            ]
    lines += [
        "except ModelError as exc_:",
        "    exc_.path.append(at_)",
        "    raise",
        "return out_",
    ]
    return tuple(lines)


def write_statements(node: m.TypeNode, key: str) -> list[str]:
    """Statements that check `v_` against `node` and store its wire value in `out_[key]`."""
    if type(node) in _SCALAR_WRITES:
        test, what = _SCALAR_WRITES[type(node)]
        if isinstance(node, m.Str) and node.format == "bytes":
            return [f"out_[{key}] = _write_bytes(v_)"]
        return [f"if {test}:", f"    raise _expected({literal(what)}, v_)", f"out_[{key}] = v_"]
    if isinstance(node, m.EnumRef):  # a member (always, after __init__): its value, without a call
        return [f"out_[{key}] = v_._value_ if type(v_) is {node.name} else _encode_{node.name}(v_)"]
    return [f"out_[{key}] = {write_expression(node, 'v_')}"]


def write_expression(node: m.TypeNode, expr: str) -> str:
    """The canonical wire value of `expr`, checked: nested classes encoded, enums as their names."""
    if isinstance(node, m.Ref | m.EnumRef):
        return f"_encode_{node.name}({expr})"
    if isinstance(node, m.List) and type(node.item) in _SAME_TYPE:
        return f"_write_same({expr}, {_SAME_TYPE[type(node.item)]}, {item_writer(node.item)})"
    if isinstance(node, m.List | m.Map):
        helper = "_write_list" if isinstance(node, m.List) else "_write_map"
        item = node.item if isinstance(node, m.List) else node.value
        return f"{helper}({expr}, {item_writer(item)})"
    return f"{item_writer(node)}({expr})"


def item_writer(node: m.TypeNode) -> str:
    """A callable expression that checks one array item or map value and returns its wire value."""
    if isinstance(node, m.Ref | m.EnumRef):
        return f"_encode_{node.name}"
    if isinstance(node, m.Str) and node.format == "bytes":
        return "_write_bytes"
    if type(node) in _ITEM_WRITES:
        return _ITEM_WRITES[type(node)]
    if isinstance(node, m.List | m.Map):
        return f"lambda x_: {write_expression(node, 'x_')}"
    raise TypeError(f"no writer for {node!r}")
