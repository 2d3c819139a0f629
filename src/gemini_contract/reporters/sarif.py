"""The sarif format: one SARIF 2.1.0 log for the run, with every rule in `tool.driver.rules`, for code scanning."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from gemini_contract.reporters import Style
from gemini_contract.results import FileResult, Located, Status
from gemini_contract.textsafe import HINT_LIMIT, MESSAGE_LIMIT, clean
from gemini_contract.validator.findings import Severity
from gemini_contract.validator.ruleset import RULES, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptor(rule: Rule) -> dict[str, object]:
    properties: dict[str, object] = {"source": rule.source}
    if rule.strict is not None:
        properties["strictLevel"] = _LEVELS[rule.strict]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.doc},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": properties,
    }


def _uri(path: str) -> str:
    # The path as given on the command line; SARIF wants forward slashes in a URI reference.
    return path.replace("\\", "/")


def result_dict(path: str, item: Located, index: dict[str, int]) -> dict[str, object]:
    finding = item.finding
    region: dict[str, int] = {"startLine": finding.line if finding.line and finding.line > 0 else 1}
    if finding.line and finding.column and finding.column > 0:
        region["startColumn"] = finding.column
    location: dict[str, object] = {
        "physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}
    }
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": clean(finding.pointer, None)}]
    text = clean(finding.message, MESSAGE_LIMIT)
    if finding.hint:
        text += f" ({clean(finding.hint, HINT_LIMIT)})"
    entry: dict[str, object] = {
        "ruleId": finding.rule,
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [location],
    }
    if finding.rule in index:
        entry["ruleIndex"] = index[finding.rule]
    if item.record is not None:
        entry["properties"] = {"record": item.record}
    return entry


def sarif_dict(results: Sequence[FileResult], version: str) -> dict[str, object]:
    rules = RULES
    index = {rule.id: position for position, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gemini-contract",
                        "version": version,
                        "rules": [rule_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": all(result.status is not Status.ERROR for result in results)}
                ],
                "results": [
                    result_dict(result.path, item, index) for result in results for item in result.findings
                ],
            }
        ],
    }


def render_sarif(results: Sequence[FileResult], version: str) -> str:
    return json.dumps(sarif_dict(results, version), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class SarifReporter:
    """Whole-run: one SARIF log at the end."""

    style: Style
    streaming: bool = False

    def file(self, result: FileResult) -> str:
        return ""

    def run(self, results: Sequence[FileResult]) -> str:
        return render_sarif(results, self.style.version)


def reporter(style: Style) -> SarifReporter:
    return SarifReporter(style)
