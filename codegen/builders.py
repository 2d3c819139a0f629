"""Convenience constructors in the style of google-genai (`Part.from_text`, `Part.from_bytes`, ...,
`Content.user`/`Content.model`), chosen for a schema's intermediate model.

The table below names messages and fields by their wire names; a builder is generated only when the
schema has every class and field it needs (the bundled contract has them all; another schema usually
none), and its Python spelling (class and attribute names, annotations) comes from the model, so renames
follow. `build.py` attaches the result to each `ClassDef`; templates only print it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from gemini_contract.codegen import model as m
from gemini_contract.codegen.codecs import annotation, field_annotation


@dataclass(frozen=True, slots=True)
class Make:
    """A value of the class with `$defs` name `wire`, its members (by wire name) given by parameters
    (by name) or by nested values."""

    wire: str
    members: tuple[tuple[str, str | Make], ...]


@dataclass(frozen=True, slots=True)
class Spec:
    name: str
    doc: str
    params: tuple[tuple[str, bool], ...]  # (parameter, required), each feeding one member of `make`
    make: Make


_PART_SPECS = (
    Spec("from_text", "A text Part.", (("text", True),), Make("Part", (("text", "text"),))),
    Spec(
        "from_bytes",
        "Inline media: `data` (bytes, or base64 text) of MIME type `mime_type`.",
        (("data", True), ("mime_type", True)),
        Make("Part", (("inlineData", Make("Blob", (("data", "data"), ("mimeType", "mime_type")))),)),
    ),
    Spec(
        "from_uri",
        "Media by reference: a Files API, Cloud Storage or HTTPS URI, with its MIME type when the URI "
        "does not tell it.",
        (("file_uri", True), ("mime_type", False)),
        Make("Part", (("fileData", Make("FileData", (("fileUri", "file_uri"), ("mimeType", "mime_type")))),)),
    ),
    Spec(
        "from_function_call",
        "A function call the model made, echoed back in the history (add its thought signature).",
        (("name", True), ("args", False)),
        Make("Part", (("functionCall", Make("FunctionCall", (("name", "name"), ("args", "args")))),)),
    ),
    Spec(
        "from_function_response",
        "The answer to the model's function call `name`: `response` is a JSON object.",
        (("name", True), ("response", True)),
        Make(
            "Part",
            (("functionResponse", Make("FunctionResponse", (("name", "name"), ("response", "response")))),),
        ),
    ),
    Spec(
        "from_executable_code",
        "Code the model generated for the code execution tool, echoed back in the history.",
        (("code", True), ("language", True)),
        Make(
            "Part",
            (("executableCode", Make("ExecutableCode", (("code", "code"), ("language", "language")))),),
        ),
    ),
    Spec(
        "from_code_execution_result",
        "The result of running an ExecutableCode Part.",
        (("outcome", True), ("output", False)),
        Make(
            "Part",
            (
                (
                    "codeExecutionResult",
                    Make("CodeExecutionResult", (("outcome", "outcome"), ("output", "output"))),
                ),
            ),
        ),
    ),
)
# Content.user(...) / Content.model(...): a turn of that role from Parts and strings (text Parts), as
# google-genai's UserContent / ModelContent.
_ROLES = (("user", "A user turn"), ("model", "A model turn (history)"))


@dataclass(frozen=True, slots=True)
class _Schema:
    by_wire: dict[str, m.ClassDef]
    enums: dict[str, m.EnumDef]


def attach_builders(module: m.Module) -> m.Module:
    """The module with each class's builders set (`ClassDef.builders`)."""
    known = _Schema({c.wire: c for c in module.classes}, {e.name: e for e in module.enums})
    found: dict[str, list[m.Builder]] = {}
    for spec in _PART_SPECS:
        built = _builder(spec, known)
        if built is not None:
            found.setdefault(spec.make.wire, []).append(built)
    for role, doc in _ROLES:
        built = _content_builder(role, doc, known)
        if built is not None:
            found.setdefault("Content", []).append(built)
    classes = tuple(
        dataclasses.replace(c, builders=tuple(found.get(c.wire, ()))) if c.wire in found else c
        for c in module.classes
    )
    return dataclasses.replace(module, classes=classes)


def _builder(spec: Spec, known: _Schema) -> m.Builder | None:
    owner = known.by_wire.get(spec.make.wire)
    fed: dict[str, m.Field] = {}
    expression = _expression(spec.make, known, fed)
    if owner is None or expression is None or set(fed) != {p for p, _ in spec.params}:
        return None
    if spec.name in {f.name for f in owner.fields}:  # an attribute of that name wins
        return None
    params = tuple(
        m.Param(name, _bare(field_annotation(fed[name])), required) for name, required in spec.params
    )
    return m.Builder(spec.name, spec.doc, params, None, f"cls{expression[expression.index('(') :]}")


def _expression(make: Make, known: _Schema, fed: dict[str, m.Field]) -> str | None:
    cls = known.by_wire.get(make.wire)
    if cls is None:
        return None
    fields = {f.wire: f for f in cls.fields}
    arguments = []
    for wire, value in make.members:
        f = fields.get(wire)
        if f is None:
            return None
        if isinstance(value, Make):
            if not isinstance(f.type, m.Ref) or known.by_wire.get(value.wire) is None:
                return None
            if known.by_wire[value.wire].name != f.type.name:
                return None
            inner = _expression(value, known, fed)
            if inner is None:
                return None
            arguments.append(f"{f.name}={inner}")
        else:
            fed[value] = f
            arguments.append(f"{f.name}={value}")
    return f"{cls.name}({', '.join(arguments)})"


def _content_builder(role: str, doc: str, known: _Schema) -> m.Builder | None:
    content, part = known.by_wire.get("Content"), known.by_wire.get("Part")
    if content is None or part is None or "text" not in {f.wire for f in part.fields}:
        return None
    if role in {f.name for f in content.fields}:  # an attribute of that name wins
        return None
    fields = {f.wire: f for f in content.fields}
    parts, role_field = fields.get("parts"), fields.get("role")
    if parts is None or role_field is None or annotation(parts.type) != f"list[{part.name}]":
        return None
    if isinstance(role_field.type, m.EnumRef):
        if role not in {member.value for member in known.enums[role_field.type.name].members}:
            return None
    elif not isinstance(role_field.type, m.Str):
        return None
    text = next(f.name for f in part.fields if f.wire == "text")
    body = (
        f"cls({role_field.name}={role!r}, {parts.name}="
        f"[{part.name}({text}=p) if isinstance(p, str) else p for p in parts])"
    )
    return m.Builder(
        role,
        f"{doc}: each of `parts` a {part.name}, or a str for a text {part.name}.",
        (),
        f"{part.name} | str",
        body.replace("'", '"'),
    )


def _bare(written: str) -> str:
    return written.removesuffix(" | None")
