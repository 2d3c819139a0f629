"""pushdown.pushed_down puts a fragment into copies of the definitions it reaches: the result must hold exactly
where `{"allOf": [schema, fragment]}` holds. (On real requests, test_quiet.py holds the contract's quiet
validators, built this way, to the plain conjunction.)
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
from gemini_contract.validator.checks.pushdown import pushed_down
from hypothesis import example, given, settings
from hypothesis import strategies as st

_ITEM = {
    "type": "object",
    "properties": {"a": {"type": "integer"}, "b": {"$ref": "#/$defs/Node"}},
    "if": {"required": ["a"]},
    "then": {"properties": {"a": {"maximum": 2}}},
}
_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:test:pushdown",
    "$ref": "#/$defs/Root",
    "$defs": {
        "Root": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                # A conditional of the schema's own: a fragment's lone "else" must not pair up with its "if".
                "list": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/Item"},
                    "if": {"minItems": 2},
                    "then": {"maxItems": 2},
                },
                "one": {"$ref": "#/$defs/Item"},
            },
        },
        "Item": _ITEM,
        # A definition that reaches itself, as Gemini's Schema does.
        "Node": {
            "type": "object",
            "properties": {
                "kind": {"type": "string"},
                "x": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                "named": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Node"}},
            },
        },
    },
}
# A fragment definition that recurs the way Node does (pushed down "along" it).
_ALONG = {
    "NoX": {
        "properties": {
            "x": False,
            "children": {"items": {"$ref": "#/$defs/NoX"}},
            "named": {"additionalProperties": {"$ref": "#/$defs/NoX"}},
        }
    }
}


def test_members_go_into_copies_and_the_schema_is_left_alone() -> None:
    fragment = {"properties": {"list": {"items": {"properties": {"a": {"maximum": 3}}}}}}
    pushed = pushed_down(_SCHEMA, fragment, {})
    defs = pushed["$defs"]
    assert pushed["$ref"] == "#/$defs/RootQuiet0"
    assert defs["RootQuiet0"]["properties"]["list"]["items"] == {"$ref": "#/$defs/ItemQuiet1"}
    assert defs["RootQuiet0"]["properties"]["list"]["then"] == {"maxItems": 2}
    assert defs["ItemQuiet1"]["properties"]["a"] == {"type": "integer", "maximum": 3}
    assert defs["ItemQuiet1"]["then"] is _ITEM["then"]
    assert defs["Item"] is _ITEM
    assert _ITEM["properties"]["a"] == {"type": "integer"}
    assert defs["RootQuiet0"]["properties"]["one"] == {"$ref": "#/$defs/Item"}  # not under the fragment
    assert pushed["$id"] == _SCHEMA["$id"]
    assert "allOf" not in pushed


def test_what_cannot_go_down_is_conjoined_where_it_applies() -> None:
    fragment = {"properties": {"one": {"patternProperties": {"^a": False}, "not": {"required": ["a"]}}}}
    one = pushed_down(_SCHEMA, fragment, {})["$defs"]["RootQuiet0"]["properties"]["one"]
    # patternProperties reads its siblings: it stays in an allOf; "not" goes beside the $ref.
    assert one == {
        "allOf": [{"$ref": "#/$defs/Item", "not": {"required": ["a"]}}, {"patternProperties": {"^a": False}}]
    }


def test_additional_properties_go_into_every_member() -> None:
    fragment = {"properties": {"one": {"additionalProperties": {"maximum": 1}}}}
    item = pushed_down(_SCHEMA, fragment, {})["$defs"]["ItemQuiet1"]
    assert item["properties"]["a"] == {"type": "integer", "maximum": 1}
    assert item["properties"]["b"] == {"$ref": "#/$defs/Node", "maximum": 1}
    assert item["additionalProperties"] == {"maximum": 1}


def test_an_along_definition_recurs_in_one_copy() -> None:
    fragment = {"properties": {"one": {"properties": {"b": {"$ref": "#/$defs/NoX"}}}}}
    pushed = pushed_down(_SCHEMA, fragment, _ALONG, frozenset(_ALONG))
    copies = [name for name in pushed["$defs"] if name.startswith("NodeQuiet")]
    assert len(copies) == 1
    node = pushed["$defs"][copies[0]]
    assert node["properties"]["children"]["items"] == {"$ref": f"#/$defs/{copies[0]}"}
    assert node["properties"]["named"]["additionalProperties"] == {"$ref": f"#/$defs/{copies[0]}"}
    assert node["properties"]["x"] is False
    validator = jsonschema_rs.Draft202012Validator(pushed)
    deep = {"one": {"b": {"children": [{"named": {"k": {"children": [{"x": 1}]}}}]}}}
    assert not validator.is_valid(deep)
    deep["one"]["b"]["children"][0]["named"]["k"]["children"][0] = {"kind": "y"}
    assert validator.is_valid(deep)


# Random fragments over the schema's member names (keywords that go down, and ones that cannot), and
# random instances shaped like the schema, so that both verdicts occur often.
_NAMES = st.sampled_from(["list", "one", "a", "b", "kind", "children", "named", "x"])
_LEAVES = st.one_of(
    st.booleans(),
    st.builds(lambda names: {"required": sorted(set(names))}, st.lists(_NAMES, min_size=1, max_size=2)),
    st.builds(lambda n: {"maximum": n}, st.integers(0, 2)),
    st.builds(lambda name: {"not": {"required": [name]}}, _NAMES),
    st.just({"$ref": "#/$defs/NoX"}),
)


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    members = st.dictionaries(_NAMES, children, min_size=1, max_size=3)
    return st.one_of(
        members.map(lambda p: {"properties": p}),
        children.map(lambda c: {"items": c}),
        children.map(lambda c: {"additionalProperties": c}),
        st.tuples(_NAMES, children).map(lambda t: {"if": {"required": [t[0]]}, "then": t[1]}),
        st.tuples(st.sampled_from(["then", "else"]), children).map(lambda t: {t[0]: t[1]}),
        st.lists(children, min_size=1, max_size=2).map(lambda c: {"allOf": c}),
        st.tuples(members, _LEAVES).map(
            lambda t: {"properties": t[0], **(t[1] if isinstance(t[1], dict) else {})}
        ),
    )


# Two levels of keywords over the leaves often, deeper ones too: most wrong pushes show in the first levels.
_FRAGMENTS = st.one_of(_extend(_extend(_LEAVES)), st.recursive(_LEAVES, _extend, max_leaves=10))
# Instances shaped like the schema (most are valid, so a fragment's verdict decides), with now and then a
# member the schema does not know.
_ODD = st.dictionaries(st.just("x"), st.integers(0, 3), max_size=1)
_NODES = st.recursive(
    st.fixed_dictionaries({}, optional={"kind": st.just("s"), "x": st.integers(0, 3)}),
    lambda nodes: st.fixed_dictionaries(
        {},
        optional={
            "kind": st.just("s"),
            "x": st.integers(0, 3),
            "children": st.lists(nodes, max_size=2),
            "named": st.dictionaries(_NAMES, nodes, max_size=2),
        },
    ),
    max_leaves=6,
)
_ITEMS = st.builds(
    lambda item, odd: {**item, **odd},
    st.fixed_dictionaries({}, optional={"a": st.integers(0, 3), "b": _NODES}),
    _ODD,
)
_ROOTS = st.fixed_dictionaries({}, optional={"list": st.lists(_ITEMS, max_size=3), "one": _ITEMS})


@settings(max_examples=400, deadline=None)
# The two pushes that are easy to get wrong, always tried (random fragments reach them only now and then).
@example({"properties": {"list": {"else": False}}}, [{"list": []}])
@example({"additionalProperties": False}, [{"one": {}}])
@given(
    _FRAGMENTS, st.lists(st.one_of(_ROOTS, _ROOTS.map(lambda root: {**root, "x": 1})), min_size=1, max_size=8)
)
def test_pushed_down_holds_exactly_where_the_allof_holds(fragment: Any, instances: list[Any]) -> None:
    # Bites: pushing additionalProperties past the node's own properties, or an "else" next to the node's
    # "if", fails (tried).
    pushed = jsonschema_rs.Draft202012Validator(pushed_down(_SCHEMA, fragment, _ALONG, frozenset(_ALONG)))
    conjoined = jsonschema_rs.Draft202012Validator(
        {**_SCHEMA, "$defs": {**_SCHEMA["$defs"], **_ALONG}, "allOf": [fragment]}
    )
    for instance in instances:
        assert pushed.is_valid(instance) == conjoined.is_valid(instance), (fragment, instance)
