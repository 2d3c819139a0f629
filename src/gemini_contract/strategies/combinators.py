"""Small strategy combinators for JSON objects, shaped to keep the number of Hypothesis choices per draw low.

Hypothesis spends tens of microseconds per choice, so a request drawn with one boolean per optional
field would cost hundreds of choices. These combinators draw the *present* optional keys as one short
list, merge correlated groups, and bias towards the bare form of an object the way real requests are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

Obj = dict[str, Any]
T = TypeVar("T")
EMPTY: st.SearchStrategy[Obj] = st.builds(dict)


def objects(
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]] | None = None,
    *,
    max_optional: int | None = None,
) -> st.SearchStrategy[Obj]:
    """Like `fixed_dictionaries(required, optional=optional)`, but the subset of optional keys is drawn
    as one short list: the cost follows the keys present, not all the keys the object could hold.
    Keys come out in the order given (schema order), so samples read like the documentation."""
    optional = optional or {}
    order = {k: i for i, k in enumerate([*required, *optional])}
    names = list(optional)
    present = st.lists(st.sampled_from(names or [""]), unique=True, max_size=max_optional or len(names))
    required_items = list(required.items())

    if not names:
        return st.fixed_dictionaries(required)

    @st.composite
    def draw_object(draw: st.DrawFn) -> Obj:
        out = {k: draw(s) for k, s in required_items}
        for key in sorted(draw(present), key=order.__getitem__):
            out[key] = draw(optional[key])
        return out

    return draw_object()


def any_keys(
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]],
    *,
    min_optional: int = 0,
) -> st.SearchStrategy[Obj]:
    """An object whose optional keys are each present half of the time, independently: for small objects
    whose every optional key matters (a rare type or enum lies below it). The keys present are one
    bitmask choice (see `some_of`), so the cost follows the keys drawn; keys come out in the order given."""
    keys = some_of(list(optional), min_size=min_optional)
    required_items = list(required.items())

    @st.composite
    def draw_object(draw: st.DrawFn) -> Obj:
        out = {k: draw(s) for k, s in required_items}
        for key in draw(keys):
            out[key] = draw(optional[key])
        return out

    return draw_object()


def some_of(names: Sequence[T], *, min_size: int = 0) -> st.SearchStrategy[list[T]]:
    """A sub-list of up to 16 `names` (order kept), each one in half of the time, drawn as one bitmask
    choice that shrinks to the empty set; `min_size=1` draws uniformly among the non-empty sub-lists."""
    items = tuple(names)
    if not 0 <= min_size <= 1 or not min_size <= len(items) <= 16:
        raise ValueError(f"some_of: {len(items)} names with min_size={min_size}")

    def pick(mask: int) -> list[T]:
        return [n for i, n in enumerate(items) if mask >> i & 1]

    return st.integers(min_size, 2 ** len(items) - 1).map(pick)


def merged(*parts: st.SearchStrategy[Obj]) -> st.SearchStrategy[Obj]:
    """Draw each part and merge them left to right (later keys win): declarative cross-field groups."""

    def merge(dicts: tuple[Obj, ...]) -> Obj:
        out: Obj = {}
        for d in dicts:
            out.update(d)
        return out

    return st.tuples(*parts).map(merge)


def one(key: str, value: st.SearchStrategy[Any]) -> st.SearchStrategy[Obj]:
    """`{key: value}`."""
    return st.builds(lambda v: {key: v}, value)


def mostly(
    common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], odds: int = 3
) -> st.SearchStrategy[Any]:
    """`common` `odds` times for each `rare` one; one choice picks the branch, and shrinks to `common`.

    Not `st.one_of(common, common, common, rare)`: one_of drops a branch it already has (strategies
    compare by identity), which made that an even split."""
    pick = st.sampled_from((True,) * odds + (False,))

    @st.composite
    def either(draw: st.DrawFn) -> Any:
        return draw(common) if draw(pick) else draw(rare)

    return either()


def sparse(
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]],
    *,
    max_optional: int | None = None,
) -> st.SearchStrategy[Obj]:
    """An object that is mostly just its required keys and sometimes carries optional ones too."""
    return objects(required, optional, max_optional=max_optional or 1)


# Strategies drawn inside composites are built once here: building one per draw costs more than drawing.
BOOLEANS = st.booleans()
_MASKS = st.integers(0, 2**16 - 1)
_PERMUTATIONS = st.permutations(range(4))


def subset(draw: st.DrawFn, names: Sequence[str], *, min_size: int = 0) -> list[str]:
    """A sub-list of `names` (order kept), drawn as one bitmask choice that shrinks to the empty set."""
    mask = draw(_MASKS)
    chosen = [n for i, n in enumerate(names[:16]) if mask >> i & 1]
    if len(chosen) < min_size:
        chosen = list(names[:min_size])
    return chosen


def permutation(draw: st.DrawFn, names: Sequence[str]) -> list[str]:
    """A permutation of up to four names, from one shared strategy."""
    if len(names) > 4:
        return list(draw(st.permutations(names)))
    return [names[i] for i in draw(_PERMUTATIONS) if i < len(names)]
