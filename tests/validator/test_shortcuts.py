"""shortcuts.for_verdicts rewrites a schema for quicker verdicts: it must hold exactly where the schema as
written holds. (On real requests, test_quiet.py holds the contract's quiet validators, built with it, to the
plain conjunction; here random unions and instances reach the corners.)
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema_rs
from gemini_contract.validator.checks.shortcuts import for_verdicts
from gemini_contract.validator.contract import request_contract
from hypothesis import example, given, settings
from hypothesis import strategies as st

_NAMES = ["a", "b", "c", "d"]


def test_a_union_of_members_gets_the_one_member_shortcut() -> None:
    union = [{"required": ["a"]}, {"required": ["b"], "not": {"required": ["a"]}}]
    schema = {"type": "object", "oneOf": union}
    assert for_verdicts(schema) == {
        "type": "object",
        "anyOf": [{"type": "object", "maxProperties": 1, "anyOf": union}, {"oneOf": union}],
    }


def test_an_anyof_of_the_node_s_own_is_kept_beside_it() -> None:
    union = [{"required": ["a"]}, {"required": ["b"]}]
    rewritten = for_verdicts({"anyOf": [{"minProperties": 1}], "oneOf": union})
    assert isinstance(rewritten, dict)
    assert rewritten["anyOf"] == [{"minProperties": 1}]
    assert rewritten["allOf"][0]["anyOf"][1] == {"oneOf": union}


def test_other_oneofs_and_data_are_left_as_they_are() -> None:
    schema = {
        "oneOf": [{"required": ["a", "b"]}, {"required": ["c"]}],  # two members in one branch
        "properties": {"x": {"oneOf": [{"required": ["a"]}, {"required": ["a"]}]}},  # the same member twice
        "enum": [{"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}],  # data, not a schema
    }
    assert for_verdicts(schema) == schema


def test_the_schema_is_not_changed_and_the_part_union_is_rewritten() -> None:
    schema = request_contract().schema
    before = json.dumps(schema, sort_keys=True)
    rewritten = for_verdicts(schema)
    assert json.dumps(schema, sort_keys=True) == before
    assert isinstance(rewritten, dict)
    part = rewritten["$defs"]["Part"]
    assert "oneOf" not in part
    assert part["anyOf"][1] == {"oneOf": schema["$defs"]["Part"]["oneOf"]}


_BRANCH = st.builds(
    lambda name, extra: {"required": [name], **extra},
    st.sampled_from(_NAMES),
    st.one_of(
        st.just({}),
        st.builds(lambda n: {"not": {"required": [n]}}, st.sampled_from(_NAMES)),
        st.builds(lambda n: {"properties": {n: {"type": "integer"}}}, st.sampled_from(_NAMES)),
        st.just({"minProperties": 2}),
    ),
)
_UNIONS = st.lists(_BRANCH, min_size=2, max_size=4, unique_by=lambda branch: branch["required"][0])
_VALUES = st.one_of(st.integers(0, 2), st.just("s"), st.just(None))
_INSTANCES = st.one_of(
    st.dictionaries(st.sampled_from([*_NAMES, "e"]), _VALUES, max_size=3),
    _VALUES,
    st.lists(_VALUES, max_size=2),
)


@settings(max_examples=300, deadline=None)
# Not an object: every `required` holds, so the oneOf fails; a shortcut without "type": "object" holds.
@example([{"required": ["a"]}, {"required": ["b"]}], ["s", 1, [], None])
@example([{"required": ["a"]}, {"required": ["b"]}], [{}, {"a": 1, "b": 1}, {"e": 1}])
@given(_UNIONS, st.lists(_INSTANCES, min_size=1, max_size=8))
def test_the_rewrite_holds_exactly_where_the_schema_does(union: list[Any], instances: list[Any]) -> None:
    # Bites: dropping the shortcut's "type": "object" or its "maxProperties": 1 fails (tried).
    schema = {"properties": {"inner": {"oneOf": copy.deepcopy(union)}}, "oneOf": union}
    written = jsonschema_rs.Draft202012Validator(schema)
    rewritten = jsonschema_rs.Draft202012Validator(for_verdicts(schema))
    for instance in instances:
        for value in (instance, {"inner": instance}):
            assert rewritten.is_valid(value) == written.is_valid(value), (union, value)
