"""The one module that imports datamodel-code-generator: the pydantic and msgspec flavors, and its reading
of a schema (classes, fields, types) for the cross-check against ours."""

from __future__ import annotations

import enum
import importlib.util
import sys
import tempfile
import types
import typing
import warnings
from pathlib import Path
from typing import Any, Literal

from gemini_contract.codegen.crosscheck import Reading

# Options shared by both flavors: wire names become snake_case attributes with the wire name as alias,
# constraints stay on the fields, descriptions become docstrings, and the output has no timestamp.
_OPTIONS: dict[str, Any] = {
    "disable_timestamp": True,
    "snake_case_field": True,
    "field_constraints": True,
    "use_annotated": True,
    "use_schema_description": True,
    "use_field_description": True,
    "use_double_quotes": True,
    "capitalise_enum_members": True,
    "use_standard_collections": True,
    "use_union_operator": True,
    "formatters": [],  # formatted afterwards (codegen/format.py), like every other generated file
}


def render_flavor(
    document: dict[str, Any], flavor: Literal["pydantic", "msgspec", "typeddict"], header: str
) -> str:
    """datamodel-code-generator's models for `document`, in the given flavor, under our header."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import PythonVersion

    model_type = {
        "pydantic": DataModelType.PydanticV2BaseModel,
        "msgspec": DataModelType.MsgspecStruct,
        "typeddict": DataModelType.TypingTypedDict,
    }[flavor]
    if flavor == "msgspec":
        document = msgspec_decodable(document)
    with warnings.catch_warnings():
        # It warns about its own future defaults and about msgspec unions it cannot tag; neither changes
        # the output we ask for.
        warnings.simplefilter("ignore")
        source = generate(
            document,
            input_file_type=InputFileType.JsonSchema,
            output_model_type=model_type,
            target_python_version=PythonVersion.PY_311,
            custom_file_header=header,
            **_OPTIONS,
        )
    if not isinstance(source, str):
        raise TypeError("datamodel-code-generator returned several modules for one schema")
    return source


def msgspec_decodable(document: dict[str, Any]) -> dict[str, Any]:
    """`document` as msgspec can decode it: without the oneOf/anyOf of its definitions whose branches only
    require members (Part's "exactly one of text, inlineData, ..."; Schema's "type or anyOf"), and with
    each open object (additionalProperties true) a plain object.

    datamodel-code-generator writes such a definition as a union of one Struct per branch (Part1 | ... |
    Part10), and msgspec cannot decode an untagged union of Structs (`convert` raises TypeError for the
    whole request type). Without the combinator the definition is one Struct whose members are all optional,
    as the dataclasses flavor writes it; which member must be present stays the validator's rule (GC208,
    GC209, GC315), as it is for every constraint a type cannot hold.
    """
    definitions = document.get("$defs")
    if not isinstance(definitions, dict):
        return document
    return {**document, "$defs": {name: _decodable(definition) for name, definition in definitions.items()}}


def _decodable(definition: Any) -> Any:
    if not isinstance(definition, dict):
        return definition
    if definition.get("additionalProperties") is True:
        # An open object (ErrorDetail, a google.protobuf.Any: `@type` and whatever that type holds): a Struct
        # would drop every member it does not name, so it stays a dict (`true` would make an empty Struct;
        # `{}` makes dict[str, Any]).
        kept = {key: definition[key] for key in ("description", "type") if key in definition}
        return {**kept, "additionalProperties": {}}
    return {
        key: value
        for key, value in definition.items()
        if not (key in ("oneOf", "anyOf") and _presence_only(value))
    }


def _presence_only(branches: Any) -> bool:
    """Branches that say only which members are present or absent (`required`, `not`, `anyOf` of such)."""
    return isinstance(branches, list) and all(_about_presence(branch) for branch in branches)


def _about_presence(schema: Any) -> bool:
    if not isinstance(schema, dict) or not schema or not set(schema) <= {"required", "not", "anyOf"}:
        return False
    return all(
        _about_presence(value) if key == "not" else _presence_only(value) if key == "anyOf" else True
        for key, value in schema.items()
    )


def baseline_dataclasses(document: dict[str, Any]) -> str:
    """Its stdlib dataclasses for `document` with default options (the benchmark's dacite baseline)."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = generate(
            document,
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.DataclassesDataclass,
            disable_timestamp=True,
            formatters=[],
        )
    if not isinstance(source, str):
        raise TypeError("datamodel-code-generator returned several modules for one schema")
    return source


def dcg_reading(document: dict[str, Any]) -> Reading:
    """Classes, wire field names and types as datamodel-code-generator reads `document` (pydantic flavor)."""
    from pydantic import BaseModel, RootModel

    module = _load(render_flavor(document, "pydantic", "# cross-check"))
    # Classes the module defines, by name; pydantic also registers each parametrized base such as
    # `RootModel[Union[Schema1, Schema2]]` in the module under that (non-identifier) name.
    names = {
        value: name
        for name, value in vars(module).items()
        if name.isidentifier() and isinstance(value, type) and issubclass(value, BaseModel)
        if value.__module__ == module.__name__
    }
    models = list(names)
    roots = {m for m in models if issubclass(m, RootModel)}
    variants: dict[type, type] = {}  # Part1..Part10 -> Part: dcg splits a oneOf into one model per branch
    for root in roots:
        for member in typing.get_args(root.model_fields["root"].annotation):
            if isinstance(member, type) and issubclass(member, BaseModel):
                variants[member] = root

    def shape(annotation: Any) -> str:
        value = getattr(annotation, "__value__", None)  # a TypeAliasType, such as Annotated[int, Field(ge=0)]
        if value is not None:
            return shape(typing.get_args(value)[0] if typing.get_origin(value) is typing.Annotated else value)
        if annotation in roots and annotation not in variants.values():  # constrained scalar: RootModel[str]
            return shape(annotation.model_fields["root"].annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            return shape(args[0]) if len(args) == 1 else "union[" + ",".join(sorted(map(shape, args))) + "]"
        if origin is list:
            return f"list[{shape(args[0])}]"
        if origin is dict:
            return "struct" if args[1] is Any else f"map[{shape(args[1])}]"
        if annotation is Any:
            return "any"
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return "enum:" + "|".join(str(member.value) for member in annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return f"class:{names[variants.get(annotation, annotation)]}"
        return {str: "str", int: "int", float: "float", bool: "bool"}.get(annotation, repr(annotation))

    classes: dict[str, dict[str, str]] = {}
    for model in models:
        if model in roots:
            continue
        owner = names[variants.get(model, model)]
        fields = classes.setdefault(owner, {})
        for name, info in model.model_fields.items():
            fields[info.alias or name] = shape(info.annotation)
    return Reading(classes={name: dict(fields) for name, fields in classes.items()})


def _load(source: str) -> types.ModuleType:
    """Import generated pydantic source as a throwaway module (pydantic resolves names through sys.modules)."""
    name = "_gemini_contract_dcg_reading"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        finally:
            del sys.modules[name]
    return module
