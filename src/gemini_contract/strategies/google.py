"""The `google` profile: the same request bodies re-spelled with the ProtoJSON leniencies Google's front end
accepts, each paired with the canonical body it came from.

Re-spellings (rules GC101-GC110): proto (snake_case) keys, mixed with camelCase in one object; enum names
in lower case and as their proto numbers; int64 as decimal strings; int32 as integral floats (40.0);
floats as strings; URL-safe or unpadded base64; a single object where a repeated message field is
expected; explicit null for absent optional fields. Normalizing the re-spelled body must give back the
canonical one exactly. The decisions are drawn as a few rates plus one seed, so a body costs a handful of
Hypothesis choices however many keys it has, and shrinks towards "no re-spelling".
"""

from __future__ import annotations

import base64
import binascii
import random
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix

Obj = dict[str, Any]

LENIENCIES = (
    "snake",
    "enum_case",
    "enum_number",
    "int64_string",
    "int32_float",
    "float_string",
    "base64",
    "single",
    "null",
)


@dataclass(frozen=True, slots=True)
class Spelling:
    """How often (0..1) each leniency is applied where it can be, and the seed that places them."""

    rates: dict[str, float]
    seed: int

    def rng(self) -> random.Random:
        return random.Random(self.seed)


def spellings() -> st.SearchStrategy[Spelling]:
    rate = st.sampled_from((0.0, 0.5, 1.0))
    return st.builds(
        lambda rates, seed: Spelling(dict(zip(LENIENCIES, rates, strict=True)), seed),
        st.tuples(*(rate for _ in LENIENCIES)),
        st.integers(0, 2**32 - 1),
    )


def respell(body: Obj, spelling: Spelling, type_name: str | None = None) -> Obj:
    """A ProtoJSON spelling of the canonical `body` (never modifies it)."""
    return _Respeller(spelling.rates, spelling.rng()).message(body, type_name or ix.root_type())


class _Respeller:
    def __init__(self, rates: dict[str, float], rng: random.Random) -> None:
        self.rates = rates
        self.rng = rng

    def apply(self, leniency: str) -> bool:
        rate = self.rates[leniency]
        return rate >= 1.0 or (rate > 0.0 and self.rng.random() < rate)

    def message(self, value: Obj, type_name: str) -> Obj:
        fields = ix.fields(type_name)
        out: Obj = {}
        for key, item in value.items():
            field = fields[key]
            out[field.proto_name if self.apply("snake") else key] = self.field(item, field)
        absent = [f for k, f in fields.items() if k not in value and k not in ix.required(type_name)]
        if absent and self.apply("null"):
            field = self.rng.choice(absent)
            if field.x_format != "value":  # null is a value of its own for google.protobuf.Value
                out[field.proto_name if self.apply("snake") else field.name] = None
        return out

    def field(self, value: Any, field: ix.Field) -> Any:
        schema = field.schema
        if schema.get("type") == "array" and isinstance(value, list):
            items = [self.value(v, schema["items"]) for v in value]
            single = len(items) == 1 and field.items_ref is not None and ix.is_message(field.items_ref)
            return items[0] if single and self.apply("single") else items
        return self.value(value, schema)

    def value(self, value: Any, schema: dict[str, Any]) -> Any:
        ref = ix.ref_name(schema)
        if ref is not None:
            if ix.is_message(ref):
                return self.message(value, ref)
            return self.enum(value, ref)
        fmt = schema.get("x-format")
        if fmt in ("struct", "value"):
            return value
        if isinstance(schema.get("additionalProperties"), dict) and isinstance(value, dict):
            return {k: self.value(v, schema["additionalProperties"]) for k, v in value.items()}
        if fmt == "int64" and type(value) is int and self.apply("int64_string"):
            return str(value)
        if fmt == "int32" and type(value) is int and self.apply("int32_float"):
            return float(value)
        if fmt in ("float", "double") and type(value) is float and self.apply("float_string"):
            return repr(value)
        if fmt == "bytes" and isinstance(value, str) and value and self.apply("base64"):
            return _base64_variant(value, self.rng)
        return value

    def enum(self, value: Any, name: str) -> Any:
        numbers = ix.enum_numbers(name)
        if value in numbers and self.apply("enum_number"):
            return numbers[value]
        if isinstance(value, str) and value != value.lower() and self.apply("enum_case"):
            return value.lower()
        return value


def _base64_variant(text: str, rng: random.Random) -> str:
    """URL-safe and/or unpadded spelling of the same bytes (a variant that differs from `text`)."""
    raw = binascii.a2b_base64(text)
    urlsafe = base64.urlsafe_b64encode(raw).decode("ascii")
    variants = {urlsafe, urlsafe.rstrip("="), text.rstrip("=")} - {text}
    return rng.choice(sorted(variants)) if variants else text


@st.composite
def _respellings(draw: st.DrawFn, canonical: st.SearchStrategy[Obj]) -> tuple[Obj, Obj]:
    body = draw(canonical)
    return respell(body, draw(spellings())), body


def respellings(canonical: st.SearchStrategy[Obj]) -> st.SearchStrategy[tuple[Obj, Obj]]:
    """`(google_body, canonical_body)` pairs drawn from the canonical strategy."""
    return _respellings(canonical)
