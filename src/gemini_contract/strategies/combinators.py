"""Small strategy combinators for JSON objects, shaped to keep the number of Hypothesis choices per draw low.

Hypothesis spends tens of microseconds per choice, so a request drawn with one boolean per optional
field would cost hundreds of choices. These combinators draw the *present* optional keys as one short
list, merge correlated groups, and bias towards the bare form of an object the way real requests are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

Obj = dict[str, Any]
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
    """`common` `odds` times for each `rare` one (by branch count; Hypothesis favours the first branch
    anyway); one choice picks the branch."""
    return st.one_of(*([common] * odds), rare)


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
