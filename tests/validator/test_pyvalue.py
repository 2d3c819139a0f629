"""pyvalue.plain reads a caller's dict at C speed where it is plain JSON already; where it answers, it must
answer exactly what pyvalue.as_json (the walk that reports everything else) answers, and it must leave every
value that as_json reports or reads otherwise to as_json."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import math
import uuid
from typing import Any

import orjson
import pytest
from gemini_contract.validator import pyvalue
from gemini_contract.validator.limits import DEFAULT_MAX_DEPTH, MAX_CONTAINERS
from hypothesis import given, settings
from hypothesis import strategies as st


class _Plain(enum.Enum):
    USER = "user"


class _Role(enum.StrEnum):
    USER = "user"


class _Count(enum.IntEnum):
    ONE = 1


class _Text(str):
    pass


@dataclasses.dataclass
class _Part:
    text: str = "x"


def _both(value: Any, max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[Any, Any]:
    fast = pyvalue.plain(value, max_depth=max_depth, max_containers=MAX_CONTAINERS)
    return fast, pyvalue.as_json(value, max_depth=max_depth, max_containers=MAX_CONTAINERS)


def _agrees(value: Any) -> bool:
    """Whether plain answered (then it must agree with as_json, to the types of the numbers)."""
    fast, (document, issues) = _both(value)
    if fast is None:
        return False
    assert issues == []
    assert fast[0] == document
    assert repr(fast[0]) == repr(document)  # 1 and 1.0, True and 1: equal, but not the same JSON
    assert fast[1] == orjson.dumps(document)
    return True


# Values the fast path must leave to the walk: each is a finding there, or read otherwise than orjson reads it.
_LEFT_TO_THE_WALK = {
    "plain enum": _Plain.USER,
    "uuid": uuid.UUID(int=1),
    "nan": math.nan,
    "infinity": math.inf,
    "tuple": (1, 2),
    "fragment": orjson.Fragment(b"[1]"),
    "str subclass": _Text("x"),
    "str enum key": {_Role.USER: 1},
    "int key": {1: 2},
    "date": datetime.date(2020, 1, 1),
    "dataclass": _Part(),
    "decimal": decimal.Decimal("0.5"),
    "bytes": b"x",
    "set": {1},
    "surrogate": "\ud800",
    "int past 64 bits": 2**70,
}


@pytest.mark.parametrize("value", list(_LEFT_TO_THE_WALK.values()), ids=list(_LEFT_TO_THE_WALK))
def test_what_json_cannot_say_is_left_to_the_walk(value: Any) -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}], "x": [value]}
    assert pyvalue.plain(body, max_depth=DEFAULT_MAX_DEPTH, max_containers=MAX_CONTAINERS) is None


def test_enum_members_with_plain_values_read_as_their_values() -> None:
    # as_json reads a StrEnum or IntEnum member as its value; so may the fast path.
    assert _agrees({"contents": [{"role": _Role.USER, "parts": [{"text": "x"}]}], "n": _Count.ONE})


def test_the_caller_s_limits_are_the_walk_s() -> None:
    nested: Any = "x"
    for _ in range(100):
        nested = [nested]
    fast, (_, issues) = _both({"x": nested}, max_depth=50)
    assert fast is None
    assert [issue.rule for issue in issues] == ["GC009"]
    assert pyvalue.plain([[]] * 10, max_depth=DEFAULT_MAX_DEPTH, max_containers=5) is None


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from([_Plain.USER, _Role.USER, _Count.ONE, uuid.UUID(int=2), _Text("t")]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=4), children, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(_VALUES)
def test_plain_agrees_with_the_walk(value: Any) -> None:
    _agrees(value)


@settings(max_examples=200, deadline=None)
@given(st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=4), children, max_size=4)),
    max_leaves=20,
))  # fmt: skip
def test_plain_json_takes_the_fast_path(value: Any) -> None:
    # Not vacuous: every plain JSON value is read at C speed (and agrees).
    assert _agrees(value)
