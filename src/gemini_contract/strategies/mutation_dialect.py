"""Mutators that break Gemini's `Schema` dialect (GC312-GC318) and the conversation rules (GC319-GC327).

Schema edits go to a Schema node the body already has (under parameters, response or responseSchema) or,
if there is none, to a one-property function declaration added for the purpose. Conversation edits go to
a function-call exchange the body has, or to one appended at the end of `contents`.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies.mutation_base import (
    SIGNATURE,
    MutatorTable,
    Obj,
    Result,
    add_tool,
    expect,
    nodes,
    pick,
)
from gemini_contract.strategies.walk import Node, Path, get

TABLE = MutatorTable()
mutator = TABLE.mutator
JSON_SCHEMA_KEYWORDS = (
    "additionalProperties",
    "$ref",
    "$defs",
    "$schema",
    "const",
    "examples",
    "exclusiveMinimum",
    "multipleOf",
    "propertyNames",
)


def _schema_nodes(body: Obj, keep: Any = lambda node: True) -> list[Node]:
    return nodes(body, lambda n: n.type_name == "Schema" and isinstance(n.value, dict) and keep(n.value))


def _schema_site(draw: st.DrawFn, body: Obj, keep: Any, fresh: Obj) -> tuple[Obj, Path]:
    """A Schema node of the body that `keep` accepts, or `fresh` added as the one parameter of a new tool."""
    sites = _schema_nodes(body, keep)
    if sites:
        node = pick(draw, sites)
        return node.value, node.path
    parameters = {"type": "OBJECT", "properties": {"value": fresh}}
    t = add_tool(body, {"functionDeclarations": [{"name": "probe_schema", "parameters": parameters}]})
    return fresh, ("tools", t, "functionDeclarations", 0, "parameters", "properties", "value")


@mutator("schema-json-keyword", "GC312")
def _keyword(draw: st.DrawFn, body: Obj) -> Result:
    node, path = _schema_site(draw, body, lambda v: True, {"type": "STRING"})
    key = pick(draw, [k for k in JSON_SCHEMA_KEYWORDS if k not in node])
    node[key] = (
        False if key == "additionalProperties" else 0 if key in ("exclusiveMinimum", "multipleOf") else "x"
    )
    return expect("GC312", (*path, key), "schema-json-keyword", lambda b: key in get(b, path))


@mutator("schema-enum-not-string", "GC313")
def _enum(draw: st.DrawFn, body: Obj) -> Result:
    keep = lambda v: v.get("type") in ("NUMBER", "INTEGER", "BOOLEAN") and "enum" not in v  # noqa: E731
    node, path = _schema_site(draw, body, keep, {"type": "INTEGER"})
    node["enum"] = ["1", "2"]
    return expect(
        "GC313", (*path, "enum"), "schema-enum-not-string", lambda b: get(b, path)["type"] != "STRING"
    )


@mutator("schema-array-without-items", "GC314")
def _array(draw: st.DrawFn, body: Obj) -> Result:
    node, path = _schema_site(draw, body, lambda v: v.get("type") == "ARRAY", {"type": "ARRAY"})
    node.pop("items", None)
    return expect("GC314", path, "schema-array-without-items", lambda b: "items" not in get(b, path))


@mutator("schema-type-missing", "GC315")
def _type_missing(draw: st.DrawFn, body: Obj) -> Result:
    keep = lambda v: "type" in v and "anyOf" not in v and v["type"] in ("STRING", "NUMBER", "BOOLEAN")  # noqa: E731
    node, path = _schema_site(draw, body, keep, {"type": "STRING"})
    del node["type"]
    node.pop("enum", None)
    if not node:
        node["description"] = "No type."

    def check(b: Obj) -> bool:
        return not {"type", "anyOf"} & get(b, path).keys()

    return expect("GC315", path, "schema-type-missing", check)


@mutator("schema-properties-not-object", "GC316")
def _properties(draw: st.DrawFn, body: Obj) -> Result:
    keep = lambda v: v.get("type") in ("STRING", "NUMBER", "INTEGER", "BOOLEAN")  # noqa: E731
    node, path = _schema_site(draw, body, keep, {"type": "STRING"})
    node["properties"] = {"city": {"type": "STRING"}}
    check = lambda b: get(b, path)["type"] != "OBJECT"  # noqa: E731
    return expect("GC316", (*path, "properties"), "schema-properties-not-object", check)


@mutator("schema-empty-properties", "GC317")
def _empty_properties(draw: st.DrawFn, body: Obj) -> Result:
    config = body.setdefault("generationConfig", {})
    for key in ("responseJsonSchema", "_responseJsonSchema"):
        config.pop(key, None)
    config["responseMimeType"] = "application/json"
    config["responseSchema"] = {"type": "OBJECT", "properties": {}}
    path = ("generationConfig", "responseSchema", "properties")
    return expect("GC317", path, "schema-empty-properties", lambda b: get(b, path) == {})


@mutator("schema-string-format", "GC318")
def _string_format(draw: st.DrawFn, body: Obj) -> Result:
    node, path = _schema_site(draw, body, lambda v: v.get("type") == "STRING", {"type": "STRING"})
    node.pop("enum", None)
    node["format"] = pick(draw, ("email", "uri", "uuid"))
    return expect(
        "GC318", (*path, "format"), "schema-string-format", lambda b: "@" not in get(b, path)["format"]
    )


# --- conversation ----------------------------------------------------------------------------------------


def _exchanges(body: Obj) -> list[int]:
    """Indices i where contents[i] is a model turn with calls and contents[i+1] answers them."""
    contents = body["contents"]
    return [
        i
        for i in range(len(contents) - 1)
        if any("functionCall" in p for p in contents[i]["parts"])
        and any("functionResponse" in p for p in contents[i + 1]["parts"])
    ]


def _exchange(draw: st.DrawFn, body: Obj) -> int:
    sites = _exchanges(body)
    if sites:
        return int(pick(draw, sites))
    call = {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": SIGNATURE}
    answer = {"functionResponse": {"name": "get_weather", "response": {"temperature": 21}}}
    body["contents"] += [{"role": "model", "parts": [call]}, {"role": "user", "parts": [answer]}]
    return len(body["contents"]) - 2


def _call_names(body: Obj, i: int) -> list[str]:
    return [p["functionCall"]["name"] for p in body["contents"][i]["parts"] if "functionCall" in p]


def _answers(body: Obj, i: int) -> list[int]:
    return [p for p, part in enumerate(body["contents"][i + 1]["parts"]) if "functionResponse" in part]


@mutator("function-response-unmatched", "GC319")
def _unmatched(draw: st.DrawFn, body: Obj) -> Result:
    i = _exchange(draw, body)
    p = pick(draw, _answers(body, i))
    body["contents"][i + 1]["parts"][p]["functionResponse"]["name"] = "no_such_function"
    check = lambda b: "no_such_function" not in _call_names(b, i)  # noqa: E731
    path = ("contents", i + 1, "parts", p, "functionResponse", "name")
    return expect("GC319", path, "function-response-unmatched", check)


@mutator("function-response-count", "GC320")
def _count(draw: st.DrawFn, body: Obj) -> Result:
    i = _exchange(draw, body)
    parts = body["contents"][i + 1]["parts"]
    answers = _answers(body, i)
    if len(answers) > 1:
        del parts[pick(draw, answers)]
    else:
        parts.append({"functionResponse": {"name": _call_names(body, i)[0], "response": {"output": "again"}}})

    def check(b: Obj) -> bool:
        return len(_call_names(b, i)) != len(_answers(b, i))

    return expect("GC320", ("contents", i + 1, "parts"), "function-response-count", check)


@mutator("function-call-name", "GC326")
def _call_name(draw: st.DrawFn, body: Obj) -> Result:
    i = _exchange(draw, body)
    calls = [p for p, part in enumerate(body["contents"][i]["parts"]) if "functionCall" in part]
    p = pick(draw, calls)
    call = body["contents"][i]["parts"][p]["functionCall"]
    old, new = call["name"], pick(draw, ("default_api:terminal-execute", "tools.search", "get weather"))
    call["name"] = new
    for answer in body["contents"][i + 1]["parts"]:  # keep the answers matching (else GC319 as well)
        if answer.get("functionResponse", {}).get("name") == old:
            answer["functionResponse"]["name"] = new
    path = ("contents", i, "parts", p, "functionCall", "name")
    return expect("GC326", path, "function-call-name", lambda b: get(b, path) == new)


@mutator("missing-thought-signature", "GC327")
def _signature(draw: st.DrawFn, body: Obj) -> Result:
    i = _exchange(draw, body)
    parts = body["contents"][i]["parts"]
    first = next(p for p, part in enumerate(parts) if "functionCall" in part)
    parts[first].pop("thoughtSignature", None)
    path = ("contents", i, "parts", first)
    return expect(
        "GC327", path, "missing-thought-signature", lambda b: "thoughtSignature" not in get(b, path)
    )


@mutator("video-metadata-alone", "GC324")
def _video_alone(draw: st.DrawFn, body: Obj) -> Result:
    media = ("inlineData", "fileData")
    sites = [
        i
        for i, turn in enumerate(body["contents"])
        if not any(m in part for part in turn["parts"] for m in media)
        and not any("functionCall" in p or "functionResponse" in p for p in turn["parts"])
    ]
    if sites:
        i = int(pick(draw, sites))
    else:
        body["contents"].append({"role": "user", "parts": [{"text": "What happens here?"}]})
        i = len(body["contents"]) - 1
    parts = body["contents"][i]["parts"]
    parts.append({"videoMetadata": {"startOffset": "1s", "endOffset": "5s"}})
    path = ("contents", i, "parts", len(parts) - 1, "videoMetadata")

    def check(b: Obj) -> bool:
        return not any(m in part for part in b["contents"][i]["parts"] for m in media)

    return expect("GC324", path, "video-metadata-alone", check)
