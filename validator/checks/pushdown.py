"""The quiet schemas pushed down into the schema's own definitions, so that one walk of the document answers
both "valid?" and "can no quiet check fire?".

Why: `{"allOf": [schema, quiet]}` walks the document twice in jsonschema-rs, once along the schema's `$ref`s
and once along the fragment's `properties`/`items`: on bench's valid 10 KB body the conjunction took 20.7 µs
where the schema alone takes 16.2. Pushed down, the Part rules sit in a copy of `Part`, the generationConfig
rules in a copy of `GenerationConfig`, the Schema-tree rules in a copy of `Schema` that refers to itself
(`along`), and so on: 17.4 µs, most of the rest being the depth chain's own walk of the function parameters
(a copy per level would make a hundred copies of `Schema`).

Every step is exact (tests/validator/test_pushdown.py holds the result to the plain conjunction):
- a fragment's `properties[name]` applies to the same member as the node's own `properties[name]`, so it is
  pushed into it; its `items` likewise into the node's `items` (when the node has no `prefixItems`);
- a fragment's `additionalProperties`, where it has no `properties` of its own, applies to every member: into
  each of the node's `properties` and into its `additionalProperties` (unless the node picks schemas by
  name otherwise: `patternProperties`, `unevaluatedProperties`);
- across a `$ref` to one of the schema's `$defs`, into a copy of that definition (the `$ref` applies the
  definition to the same instance), one copy per definition and fragment;
- a fragment's `allOf`, part by part (A and (B and C) is (A and B) and C);
- any other keyword of the fragment is added beside the node's own, unless the node has it already or it is
  one whose meaning depends on its siblings (`additionalProperties`, `contains`..., and `if`/`then`/`else`
  where the node has one of them): those stay together in an `allOf`, which is the conjunction itself.
"""

from __future__ import annotations

import json
from typing import Any

from gemini_contract.validator.checks.quiet import boolean_and

Schema = dict[str, Any]

_DOWN = ("properties", "items", "additionalProperties")
# Keywords that decide which schema a member is held to besides properties and additionalProperties.
_BY_NAME = frozenset(("patternProperties", "unevaluatedProperties"))
# Keywords that read their siblings: never placed next to a node's own, only conjoined with allOf.
_TIED = frozenset(
    (
        "$ref",
        "$dynamicRef",
        "additionalProperties",
        "patternProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
        "prefixItems",
        "items",
        "contains",
        "minContains",
        "maxContains",
        "properties",
    )
)
_CONDITIONAL = frozenset(("if", "then", "else"))
# The root keywords that set the scope every `$ref` resolves in: they stay at the root.
_SCOPE = ("$schema", "$id")
_LOCAL = "#/$defs/"
_MAKING: Any = object()  # _Pusher.copies' entry for a copy being made


def pushed_down(
    schema: Schema, fragment: Schema | bool, defs: dict[str, Any], along: frozenset[str] = frozenset()
) -> Schema:
    """`schema` AND `fragment` (whose `$ref`s point into `defs`, added to the schema's `$defs`), with the
    fragment pushed down into copies of the definitions it reaches. A fragment that is a `$ref` to one of
    the `along` definitions is pushed down as that definition (for rules that recur the way the schema's own
    definition does: one copy of it, where a `$ref` beside it would walk the same members a second time)."""
    own = schema["$defs"]
    assert own.keys().isdisjoint(defs), "a fragment's $defs must not shadow the schema's"
    pusher = _Pusher(own, defs, along)
    root = {key: value for key, value in schema.items() if key != "$defs" and key not in _SCOPE}
    pushed = pusher.push(root, fragment)
    if not isinstance(pushed, dict):  # a fragment that is false (a model family that rules out every body)
        pushed = {"not": {}}
    scope = {key: schema[key] for key in _SCOPE if key in schema}
    return {**scope, **pushed, "$defs": {**own, **defs, **pusher.copies}}


class _Pusher:
    def __init__(self, defs: dict[str, Any], fragment_defs: dict[str, Any], along: frozenset[str]) -> None:
        self.defs = defs
        self.fragment_defs = fragment_defs
        self.along = along
        self.copies: dict[str, Any] = {}
        self._made: dict[tuple[str, str], str] = {}  # (definition, fragment as JSON) -> its copy's name

    def push(self, node: Schema | bool, fragment: Schema | bool) -> Schema | bool:
        """`node` AND `fragment`, the fragment pushed as far down as it goes."""
        fragment = self._resolved(fragment)
        done = boolean_and(node, fragment)
        if done is not None:
            return done
        assert isinstance(node, dict)
        assert isinstance(fragment, dict)
        if "allOf" in fragment:
            # A and (B and C) is (A and B) and C: each part in turn, those that go down first (one that
            # stays beside the node as an allOf would keep the later ones from reaching its members).
            rest = {key: value for key, value in fragment.items() if key != "allOf"}
            parts = sorted([rest, *fragment["allOf"]], key=lambda part: not self._goes_down(part))
            for part in parts:
                node = self.push(node, part)
            return node
        left: Schema = {key: value for key, value in fragment.items() if key not in _DOWN}
        down = {key: fragment[key] for key in _DOWN if key in fragment}
        target = self._local_ref(node)
        if down and target is not None and not any(key in node for key in _DOWN):
            node = {**node, "$ref": _LOCAL + self._copy(target, down)}
        else:
            node = dict(node)  # a copy: the schema's own nodes are shared, and never changed
            if down:
                left.update(self._into_members(node, down))
        beside = {key: value for key, value in left.items() if key not in node and key not in _TIED}
        if _CONDITIONAL.intersection(node):  # an if of the fragment's must not meet the node's then
            beside = {key: value for key, value in beside.items() if key not in _CONDITIONAL}
        node.update(beside)
        rest = {key: value for key, value in left.items() if key not in beside}
        return {"allOf": [node, rest]} if rest else node

    def _into_members(self, node: Schema, down: Schema) -> Schema:
        """`down` (properties, items, additionalProperties) pushed into `node`'s own (changed in place); what
        could not go down is returned."""
        left: Schema = {}
        props = down.get("properties")
        own = node.get("properties")
        if props is not None:
            mine = dict(own) if isinstance(own, dict) else {}
            others = {}
            for name, sub in props.items():
                if name in mine:
                    mine[name] = self.push(mine[name], sub)
                else:
                    others[name] = sub
            if own is not None:
                node["properties"] = own = mine
            if others:
                left["properties"] = others
        if "items" in down:
            if "items" in node and "prefixItems" not in node:
                node["items"] = self.push(node["items"], down["items"])
            else:
                left["items"] = down["items"]
        if "additionalProperties" in down:
            extra = down["additionalProperties"]
            # The fragment's additionalProperties applies to every member when it has no properties: into
            # each of the node's properties, and into its additionalProperties for the rest.
            if props is None and not _BY_NAME.intersection(node):
                if isinstance(own, dict):
                    node["properties"] = {name: self.push(sub, extra) for name, sub in own.items()}
                node["additionalProperties"] = self.push(node.get("additionalProperties", True), extra)
            else:
                left["additionalProperties"] = extra
        return left

    def _goes_down(self, fragment: Schema | bool) -> bool:
        resolved = self._resolved(fragment)
        return isinstance(resolved, dict) and any(key in resolved for key in _DOWN)

    def _resolved(self, fragment: Schema | bool) -> Schema | bool:
        """A fragment that is only a `$ref` to one of the `along` definitions, as that definition."""
        if isinstance(fragment, dict) and len(fragment) == 1:
            ref = fragment.get("$ref")
            if isinstance(ref, str) and ref.startswith(_LOCAL) and ref[len(_LOCAL) :] in self.along:
                resolved: Schema | bool = self.fragment_defs[ref[len(_LOCAL) :]]
                return resolved
        return fragment

    def _local_ref(self, node: Schema) -> str | None:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_LOCAL):
            name = ref[len(_LOCAL) :]
            if name in self.defs or name in self.copies:
                return name
        return None

    def _copy(self, name: str, fragment: Schema) -> str:
        """The name of `name`'s definition AND `fragment`, made once per definition and fragment (a
        definition that reaches itself, as Schema does, reaches its copy again and stops there)."""
        key = (name, json.dumps(fragment, sort_keys=True))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = f"{name}Quiet{len(self._made)}"
            assert made not in self.defs, "a copy's name must be new"
            definition = self.defs[name] if name in self.defs else self.copies[name]
            # A copy being made is only ever reached by its name (through _made), never read.
            assert definition is not _MAKING, "a copy of a copy still being made"
            self.copies[made] = _MAKING  # the name is taken until the copy is made
            self.copies[made] = self.push(definition, fragment)
        return made
