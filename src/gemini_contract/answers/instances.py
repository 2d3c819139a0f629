"""A JSON value that validates against a schema, drawn from a `random.Random`: for JSON answers
(`responseSchema`, `responseJsonSchema`) and function-call arguments (`parameters`, `parametersJsonSchema`).

Gemini's Schema dialect (upper-case types, `nullable`, `propertyOrdering`) is read through `to_json_schema`
first, so one generator serves both. What cannot be generated reliably (a `pattern`, a `not`) is drawn
best-effort; `answer` checks the result with jsonschema and falls back to a simpler answer if it fails.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

WORDS = (
    "alpha", "bravo", "cedar", "delta", "ember", "fable", "gamma", "harbor", "iris", "juniper", "kelp",
    "lumen", "maple", "nova", "onyx", "pebble", "quartz", "river", "sage", "tundra", "umber", "vale",
)  # fmt: skip
MAX_DEPTH = 6
_GEMINI_TYPES = {"STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL"}


def to_json_schema(schema: Any) -> Any:
    """Gemini's Schema (OpenAPI 3.0 subset) as JSON Schema: lower-case types, `nullable` as a type union."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, str) and value.upper() in _GEMINI_TYPES:
            out["type"] = value.lower()
        elif key == "type" and value == "TYPE_UNSPECIFIED":
            continue  # any type
        elif key in ("properties", "$defs", "definitions") and isinstance(value, dict):
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = to_json_schema(value)
        elif key in ("anyOf", "oneOf", "allOf", "prefixItems") and isinstance(value, list):
            out[key] = [to_json_schema(sub) for sub in value]
        elif key in ("nullable", "propertyOrdering", "example", "title", "description"):
            continue
        elif key in ("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"):
            out[key] = int(value) if isinstance(value, (int, str)) and str(value).isdigit() else value
        else:
            out[key] = value
    if schema.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


def instance(schema: Any, rng: random.Random, root: Any = None, depth: int = 0) -> Any:
    """A value for a JSON Schema (already through `to_json_schema` if it was Gemini's dialect)."""
    root = schema if root is None else root
    if schema is True or not isinstance(schema, dict):
        return rng.choice(WORDS)
    if "$ref" in schema:
        return instance(_resolve(root, schema["$ref"]), rng, root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return rng.choice(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            options = schema[key] if depth < MAX_DEPTH else schema[key][:1]
            return instance(rng.choice(options), rng, root, depth + 1)
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        merged = dict(schema)
        for sub in merged.pop("allOf"):
            if isinstance(sub, dict):
                merged.update(sub)
        return instance(merged, rng, root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"] or ["null"]
        kind = kinds[0] if depth >= MAX_DEPTH else rng.choice(kinds)
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    return _BY_TYPE.get(kind, _string)(schema, rng, root, depth)


def _resolve(root: Any, ref: str) -> Any:
    node = root
    if not ref.startswith("#"):
        return True
    for escaped in ref.removeprefix("#").split("/")[1:]:
        token = escaped.replace("~1", "/").replace("~0", "~")
        node = node.get(token, True) if isinstance(node, dict) else True
    return node


def _object(schema: dict[str, Any], rng: random.Random, root: Any, depth: int) -> Any:
    props = schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else {}
    required = [r for r in schema.get("required", []) if isinstance(r, str)]
    out: dict[str, Any] = {}
    for name, sub in props.items():
        if name in required or (depth < MAX_DEPTH and rng.random() < 0.5):
            out[name] = instance(sub, rng, root, depth + 1)
    for name in required:  # required but not described: any value will do
        out.setdefault(name, rng.choice(WORDS))
    minimum = schema.get("minProperties", 0)
    extra = schema.get("additionalProperties", True)
    while isinstance(minimum, int) and len(out) < minimum and extra is not False:
        out[f"{rng.choice(WORDS)}_{len(out)}"] = instance(extra, rng, root, depth + 1)
    return out


def _array(schema: dict[str, Any], rng: random.Random, root: Any, depth: int) -> Any:
    low = schema.get("minItems", 0) if isinstance(schema.get("minItems"), int) else 0
    high = schema.get("maxItems", low + 3) if isinstance(schema.get("maxItems"), int) else low + 3
    size = low if depth >= MAX_DEPTH else rng.randint(low, max(low, min(high, low + 3)))
    items = schema.get("items", True)
    return [instance(items, rng, root, depth + 1) for _ in range(size)]


def _string(schema: dict[str, Any], rng: random.Random, root: Any, depth: int) -> Any:
    fmt = schema.get("format")
    if fmt == "date-time":
        return f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T12:00:00Z"
    if fmt == "date":
        return f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    low = schema.get("minLength", 0) if isinstance(schema.get("minLength"), int) else 0
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
    while len(text) < low:
        text += " " + rng.choice(WORDS)
    return text[:high] if high is not None else text


def _number(schema: dict[str, Any], rng: random.Random, root: Any, depth: int, integer: bool = False) -> Any:
    low = schema.get("minimum", schema.get("exclusiveMinimum", 0 if integer else -100))
    high = schema.get(
        "maximum", schema.get("exclusiveMaximum", low + 100 if isinstance(low, (int, float)) else 100)
    )
    low = float(low) if isinstance(low, (int, float)) and not isinstance(low, bool) else 0.0
    high = float(high) if isinstance(high, (int, float)) and not isinstance(high, bool) else low + 100
    if "exclusiveMinimum" in schema:
        low += 1 if integer else 1e-6
    if "exclusiveMaximum" in schema:
        high -= 1 if integer else 1e-6
    if integer:
        return rng.randint(int(-(-low // 1)), max(int(-(-low // 1)), int(high // 1)))
    return round(rng.uniform(low, max(low, high)), 3) if high > low else low


def _integer(schema: dict[str, Any], rng: random.Random, root: Any, depth: int) -> Any:
    return _number(schema, rng, root, depth, integer=True)


def _boolean(schema: dict[str, Any], rng: random.Random, root: Any, depth: int) -> Any:
    return rng.random() < 0.5


def _null(schema: dict[str, Any], rng: random.Random, root: Any, depth: int) -> Any:
    return None


_BY_TYPE: dict[str, Callable[[dict[str, Any], random.Random, Any, int], Any]] = {
    "object": _object,
    "array": _array,
    "string": _string,
    "number": _number,
    "integer": _integer,
    "boolean": _boolean,
    "null": _null,
}
