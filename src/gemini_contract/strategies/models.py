"""Type strategies for the generated dataclasses, so that `st.from_type(Model)` and `st.builds` draw valid models.

`register_model_strategies()` registers, for every message class of `gemini_contract.generated.models`,
the schema strategy of its `$defs` type mapped through `Model.from_dict`, and for every enum class its
non-deprecated members. Hypothesis would otherwise fill `str` fields with arbitrary text that breaks the
patterns (base64, Duration, names) and the cross-field rules.
"""

from __future__ import annotations

import enum
import functools
import inspect
from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies.builder import for_type


def _model_classes() -> dict[str, type]:
    from gemini_contract.generated import models

    return {
        name: cls
        for name, cls in vars(models).items()
        if inspect.isclass(cls) and cls.__module__ == models.__name__ and name in ix.defs()
    }


@functools.cache
def register_model_strategies() -> tuple[type, ...]:
    """Register a strategy for each generated class (idempotent); returns the classes registered."""
    registered: list[type] = []
    for name, cls in _model_classes().items():
        if issubclass(cls, enum.Enum):
            undrawn = ix.undrawn_values(name)
            members = [m for m in cls if m.value not in undrawn]
            st.register_type_strategy(cls, st.sampled_from(members))
        elif hasattr(cls, "from_dict"):
            st.register_type_strategy(cls, _decoded(name, cls))
        else:
            continue
        registered.append(cls)
    return tuple(registered)


def _decoded(name: str, cls: Any) -> st.SearchStrategy[Any]:
    # JSON null in a Value field decodes to JSON_NULL (3c1350c), so every drawn body decodes.
    return st.deferred(lambda: for_type(name).map(cls.from_dict))
