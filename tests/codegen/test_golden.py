"""Golden files per schema feature: the generated source is compared byte for byte, then imported and used.

Refresh after an intended change with `pytest tests/codegen --update-golden`, and review the diff.
"""

from __future__ import annotations

import ast
import itertools
from typing import Any

import pytest

from codegen.support import FEATURES, GOLDEN, SCHEMAS, generate_models, import_file

# feature -> (root class, canonical bodies that must round-trip, (invalid body, pointer of the problem) pairs)
CASES: dict[str, tuple[str, list[Any], list[tuple[Any, str]]]] = {
    "enums": (
        "Settings",
        [
            {"mode": "FAST", "tier": "flex", "modes": ["SLOW", "FAST"], "ratio": "1:1"},
            {"mode": "MODE_UNSPECIFIED"},
        ],
        [({"mode": "NOPE"}, "/mode"), ({}, "/mode"), ({"mode": "FAST", "modes": ["FAST", 1]}, "/modes/1")],
    ),
    "nested": (
        "Outer",
        [{"inner": {"name": "a", "count": 3, "weight": 0.5}, "spare": {}, "options": {"verbose": True}}],
        [
            ({"inner": {"count": 11}}, "/inner/count"),
            ({"inner": {"count": True}}, "/inner/count"),
            ({"inner": {"weight": 0}}, "/inner/weight"),
            ({"inner": {"name": ""}}, "/inner/name"),
            ({"inner": {"name": "123456789"}}, "/inner/name"),
            ({"inner": {}, "options": {"loud": True}}, "/options/loud"),
            ({"inner": []}, "/inner"),
            ([], ""),
        ],
    ),
    "arrays": (
        "Batch",
        [
            {
                "items": [{"id": "a"}],
                "tags": ["x"],
                "matrix": [[1, 2], []],
                "anything": [1, "a", None, {"b": []}],
            }
        ],
        [
            ({"items": []}, "/items"),
            ({"items": [{"id": "a"}] * 4}, "/items"),
            ({"tags": ["a", "B"]}, "/tags/1"),
            ({"matrix": [[1], [2, "x"]]}, "/matrix/1/1"),
            ({"items": [{"id": "a"}, {}]}, "/items/1/id"),
            ({"tags": "a"}, "/tags"),
        ],
    ),
    "maps": (
        "Catalog",
        [{"labels": {"a": "b"}, "entries": {"k": {"title": "t"}, "e": {}}, "counts": {"x": 0}}],
        [
            ({"counts": {"x": -1}}, "/counts/x"),
            ({"entries": {"a/b": {"nope": 1}}}, "/entries/a~1b/nope"),
            ({"labels": {"a": 1}}, "/labels/a"),
        ],
    ),
    "recursion": (
        "Node",
        [
            {
                "value": "root",
                "next": {"next": {}},
                "children": [{"children": [{"value": "leaf"}]}],
                "named": {"x": {}},
            }
        ],
        [
            ({"children": [{"children": [{"value": 1}]}]}, "/children/0/children/0/value"),
            ({"named": {"x": {"next": 1}}}, "/named/x/next"),
        ],
    ),
    "oneof": (
        "Envelope",
        [
            {
                "payloads": [
                    {"text": "a", "note": "n"},
                    {"blob": "AA=="},
                    {"meta": "m"},
                    {"meta": "m", "text": ""},
                ],
                "selector": {"byId": 7},
            }
        ],
        [
            ({"payloads": [{"text": "a", "blob": "AA=="}]}, "/payloads/0"),
            ({"payloads": [{"text": "a"}, {"note": "x"}]}, "/payloads/1"),
            ({"selector": {}}, "/selector"),
        ],
    ),
    "struct_value": (
        "Call",
        [
            {"args": {"a": [1, {"b": None}]}, "result": [1, 2], "raw": "x", "extras": [{}]},
            {"args": {}, "result": False, "raw": 0},
            {"args": {}, "result": None, "raw": None, "extras": [{"a": None}]},
        ],
        [
            ({"args": []}, "/args"),
            ({}, "/args"),
            ({"args": None}, "/args"),
            ({"args": {}, "extras": None}, "/extras"),
            ({"args": {}, "extras": [None]}, "/extras/0"),
        ],
    ),
    "nulls": (
        "Holder",
        [
            {"value": None},
            {
                "value": None,
                "maybe": None,
                "untyped": None,
                "values": [None, 1, {"a": None}],
                "byKey": {"k": None},
                "label": "x",
            },
            {"value": {"a": None}, "maybe": [None], "values": []},
            {"value": 0, "maybe": False, "untyped": ""},
        ],
        [
            ({}, "/value"),
            ({"maybe": None}, "/value"),
            ({"value": None, "label": None}, "/label"),
            ({"value": None, "maybe": None, "nope": 1}, "/nope"),
            ({"value": None, "values": None}, "/values"),
            ({"value": None, "byKey": None}, "/byKey"),
            ([None], ""),
        ],
    ),
    "keywords": (
        "Names",
        [
            {
                "class": "c",
                "from": "f",
                "type": "t",
                "format": "x",
                "id": "i",
                "default": {"a": 1},
                "enum": ["a"],
                "str": "s",
                "list": [1],
                "field": "f",
                "to_dict": "t",
                "_private": "p",
                "private": "q",
                "fooBar": "x",
                "foo_bar": "y",
                "_responseSchema": "a",
                "responseSchema": "b",
                "2fa": True,
                "with-dash": False,
                "data_": "d",
                "raw": "r",
                "self": "s",
            }
        ],
        [({"clas": "c"}, "/clas"), ({"2fa": "yes"}, "/2fa")],
    ),
    "descriptions": (
        "Docs",
        [{"jinja": "{{ a }}", "unicode": '"\\'}, {"jinja": "{% b %}", "lines": "x"}],
        [({"unicode": "x"}, "/unicode"), ({"jinja": "{{ c }}"}, "/jinja")],
    ),
}


def test_every_feature_schema_has_cases() -> None:
    assert sorted(CASES) == FEATURES


@pytest.mark.parametrize("feature", FEATURES)
def test_golden(feature: str, update_golden: bool) -> None:
    golden = GOLDEN / f"{feature}.py"
    source = generate_models(SCHEMAS / f"{feature}.json")
    if update_golden:
        golden.write_text(source, encoding="utf-8")
    assert golden.exists(), f"no golden file: run `pytest tests/codegen --update-golden` and review {golden}"
    assert source == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs from the generator's output: if intended, run "
        "`pytest tests/codegen --update-golden` and review the diff"
    )
    module = import_file(golden, f"golden_{feature}")
    name, valid, invalid = CASES[feature]
    root = getattr(module, name)
    for body in valid:
        assert root.from_dict(body).to_dict() == body
    for body, pointer in invalid:
        with pytest.raises(module.ModelError) as caught:
            root.from_dict(body)
        assert caught.value.pointer == pointer, str(caught.value)


def test_oneof_is_enforced_on_construction() -> None:
    module = import_file(GOLDEN / "oneof.py", "golden_oneof_construct")
    assert module.Payload(text="a").text == "a"
    assert module.Payload(meta="m").meta == "m"  # no data member: allowed only with the metadata member
    for kwargs in ({"text": "a", "blob": "AA=="}, {}, {"note": "n"}):
        with pytest.raises(module.ModelError, match="oneof data"):
            module.Payload(**kwargs)
    with pytest.raises(module.ModelError, match="at least one of byName, byId"):
        module.Selector()


def test_json_null_is_a_value_and_none_is_absent() -> None:
    import copy
    import dataclasses

    module = import_file(GOLDEN / "nulls.py", "golden_nulls_sentinel")
    holder, json_null = module.Holder, module.JSON_NULL
    decoded = holder.from_dict({"value": None, "maybe": None})
    assert decoded.value is json_null
    assert decoded.maybe is json_null
    assert decoded.untyped is None  # absent
    assert holder(value=json_null).to_dict() == {"value": None}
    assert holder(value=1, maybe=None, untyped=json_null).to_dict() == {"value": 1, "untyped": None}
    assert holder(value=1, maybe=json_null) != holder(value=1)
    nested = holder.from_dict({"value": [None], "values": [None], "byKey": {"k": None}})
    assert (nested.value, nested.values, nested.by_key) == ([None], [None], {"k": None})  # plain JSON
    assert module.JsonNull(None) is json_null
    assert copy.deepcopy(json_null) is json_null
    assert not json_null
    assert repr(holder(value=json_null)) == "Holder(value=JSON_NULL)"  # repr omits unset fields (issue 14)
    assert {f.name: f.type for f in dataclasses.fields(holder)} == {
        "value": "Any | JsonNull",
        "maybe": "Any | JsonNull | None",
        "untyped": "Any | JsonNull | None",
        "values": "list[Any] | None",
        "by_key": "dict[str, Any] | None",
        "label": "str | None",
    }


def test_awkward_names() -> None:
    module = import_file(GOLDEN / "keywords.py", "golden_keywords_names")
    names = [f.name for f in __import__("dataclasses").fields(module.Names)]
    assert names == [
        "class_", "from_", "type", "format", "id", "default", "enum", "str_", "list_", "field_", "to_dict_",
        "private_", "private", "foo_bar", "foo_bar_", "response_schema", "response_schema_ordered",
        "field_2fa", "with_dash", "data", "raw", "self",
    ]  # fmt: skip
    assert module.ModelErrorModel.__name__ == "ModelErrorModel"
    assert issubclass(module.ModelError, ValueError)
    assert [m.name for m in module.NoneModel] == ["NONE", "TRUE"]


def test_enum_names_numbers_and_notes() -> None:
    module = import_file(GOLDEN / "enums.py", "golden_enums_names")
    assert [m.name for m in module.Ratio] == ["V_1_1", "V_16_9", "A_B", "A_B_", "EMPTY", "VALUE"]
    assert module.SettingsTier.FLEX == "flex"
    assert isinstance(module.SettingsTier.FLEX, str)
    assert module.ENUM_NUMBERS == {"Mode": {"MODE_UNSPECIFIED": 0, "FAST": 1, "SLOW": 2}}
    source = (GOLDEN / "enums.py").read_text(encoding="utf-8")
    assert 'SLOW = "SLOW"  # 2, deprecated' in source
    assert 'EXPERIMENTAL = "EXPERIMENTAL"  # SDK only' in source


def test_descriptions_survive_as_docstrings() -> None:
    """Quotes, backslashes, template syntax and control characters come back from the docstrings unchanged."""
    tree = ast.parse((GOLDEN / "descriptions.py").read_text(encoding="utf-8"))
    docs = _attribute_docs(tree, "Docs")
    assert ast.get_docstring(_class(tree, "Docs"), clean=False) == 'Ends with a quote "'
    assert docs["quotes"] == 'Triple """ quotes and """" four.'
    assert docs["backslash"] == "A backslash \\ and \\n (not a newline) and a trailing backslash \\"
    assert docs["jinja"] == "{{ undefined_name }} {% for x in y %} {# comment #}"
    assert "\u2028Line separator.\x00NUL." in docs["lines"]
    assert ast.get_docstring(tree, clean=False).startswith("Typed models of Docs: `Docs.from_dict(body)`")  # type: ignore[union-attr]


def _class(tree: ast.Module, name: str) -> ast.ClassDef:
    return next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)


def _attribute_docs(tree: ast.Module, name: str) -> dict[str, str]:
    body = _class(tree, name).body
    return {
        stmt.target.id: next_stmt.value.value
        for stmt, next_stmt in itertools.pairwise(body)
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
        if isinstance(next_stmt, ast.Expr) and isinstance(next_stmt.value, ast.Constant)
    }
