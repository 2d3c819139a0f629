"""A tool-neutral reading of a schema (class names, wire field names, type shapes) and the comparison of two.

Shapes: str, int, float, bool, any (a JSON value), struct (a free-form object), class:<Name>,
enum:<value|value...>, list[<shape>], map[<shape>]. Enums are compared by their values because tools
name inline enums differently; classes by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from gemini_contract.codegen import model as m


@dataclass(frozen=True, slots=True)
class Reading:
    classes: dict[str, dict[str, str]]  # class name -> wire name -> shape


def our_reading(module: m.Module) -> Reading:
    enums = {e.name: "enum:" + "|".join(member.value for member in e.members) for e in module.enums}

    def shape(node: m.TypeNode) -> str:
        if isinstance(node, m.Ref):
            return f"class:{node.name}"
        if isinstance(node, m.EnumRef):
            return enums[node.name]
        if isinstance(node, m.List):
            return f"list[{shape(node.item)}]"
        if isinstance(node, m.Map):
            return f"map[{shape(node.value)}]"
        names = {
            m.Str: "str",
            m.Int: "int",
            m.Float: "float",
            m.Bool: "bool",
            m.Json: "any",
            m.Struct: "struct",
        }
        return names[type(node)]

    return Reading(classes={c.name: {f.wire: shape(f.type) for f in c.fields} for c in module.classes})


def differences(ours: Reading, theirs: Reading) -> list[str]:
    """Every disagreement, one line each, sorted; empty when the readings agree."""
    found = [f"class {name}: only in ours" for name in ours.classes.keys() - theirs.classes.keys()]
    found += [f"class {name}: only in theirs" for name in theirs.classes.keys() - ours.classes.keys()]
    for name in ours.classes.keys() & theirs.classes.keys():
        mine, other = ours.classes[name], theirs.classes[name]
        found += [f"{name}.{wire}: only in ours" for wire in mine.keys() - other.keys()]
        found += [f"{name}.{wire}: only in theirs" for wire in other.keys() - mine.keys()]
        found += [
            f"{name}.{wire}: ours {mine[wire]}, theirs {other[wire]}"
            for wire in mine.keys() & other.keys()
            if mine[wire] != other[wire]
        ]
    return sorted(found)
