"""The `rules` listing: every rule id with its severity (per profile), name, doc and source, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from gemini_contract.validator.ruleset import Rule


def rule_dict(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": str(rule.severity_in("google")),
        "strict_severity": str(rule.severity_in("strict")),
        "doc": rule.doc,
        "source": rule.source,
    }


def render_rules_text(rules: Sequence[Rule]) -> str:
    """One rule per line: `ID  severity[/strict]  name  doc  [source]`."""
    lines = []
    for rule in rules:
        severity = str(rule.severity_in("google"))
        strict = str(rule.severity_in("strict"))
        level = severity if strict == severity else f"{severity}/strict:{strict}"
        lines.append(f"{rule.id}  {level:<20} {rule.name:<36} {rule.doc}  [{rule.source}]")
    return "\n".join(lines) + "\n"


def render_rules_json(rules: Sequence[Rule]) -> str:
    return json.dumps([rule_dict(rule) for rule in rules], ensure_ascii=False, indent=2) + "\n"
