"""The lenient reading of generated models' `from_dict`: the validator's own normalisation, so that the
models and `validate` read the wire one way (snake_case names, enum numbers and any case, int64 strings,
`40.0`, URL-safe or unpadded base64, a single object for a list).

Only models generated from the bundled contract call this (the generator emits the call when the schema is
the contract), and only when their strict decoding failed: canonical bodies never come here.
"""

from __future__ import annotations

import functools
from typing import Any

from gemini_contract.schema import canonical_sha256, load_schema
from gemini_contract.validator.contract import request_contract
from gemini_contract.validator.normalize import Normalized, normalize
from gemini_contract.validator.schemaindex import SchemaIndex


@functools.cache
def contract_sha256() -> str:
    """sha256 of the bundled contract: models generated from it carry the same SCHEMA_SHA256."""
    return canonical_sha256(load_schema())


@functools.cache
def _index(message: str) -> SchemaIndex | None:
    index = request_contract().index
    if message not in index.messages:
        return None  # a class the generator hoisted from an inline object: read canonically only
    return index._replace(root=message)


def canonical(message: str, data: Any, schema_sha256: str) -> Normalized | None:
    """`data` read as the `$defs` message `message` and rewritten into canonical form (`.value`; `.written`
    maps a canonical pointer back to the one as written); None when there is nothing to rewrite or the
    models come from another schema (or another revision of the contract), whose spellings this
    normaliser may not know."""
    if schema_sha256 != contract_sha256() or type(data) is not dict:
        return None
    index = _index(message)
    if index is None:
        return None
    try:
        normalized = normalize(data, index)
    except RecursionError:
        return None
    return normalized if normalized.issues else None
