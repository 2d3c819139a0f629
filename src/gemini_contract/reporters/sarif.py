"""The sarif format: one SARIF 2.1.0 log for the run, with every rule in `tool.driver.rules`, for code scanning."""

from __future__ import annotations

import functools
import json
import ntpath
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from gemini_contract.reporters import Style
from gemini_contract.results import FileResult, Located, Status
from gemini_contract.textsafe import HINT_LIMIT, MESSAGE_LIMIT, clean
from gemini_contract.validator.findings import Finding, Severity
from gemini_contract.validator.ruleset import RULES, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptor(rule: Rule, docs: dict[str, dict[str, Any]] | None = None) -> dict[str, object]:
    properties: dict[str, object] = {"source": rule.source}
    if rule.strict is not None:
        properties["strictLevel"] = _LEVELS[rule.strict]
    descriptor: dict[str, object] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.doc},
        "fullDescription": {"text": rule.doc},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": properties,
    }
    doc = (docs or {}).get(rule.id)
    if doc is not None:  # the rule's page: what, why (sources), a bad and a good example
        from gemini_contract import ruledocs

        descriptor["help"] = {
            "text": ruledocs.render_text(rule, doc),
            "markdown": ruledocs.render_markdown(rule, doc),
        }
        uri = ruledocs.help_uri(doc)
        if uri is not None:
            descriptor["helpUri"] = uri
    return descriptor


def _region(finding: Finding) -> dict[str, int]:
    region: dict[str, int] = {"startLine": finding.line if finding.line and finding.line > 0 else 1}
    if finding.line and finding.column and finding.column > 0:
        region["startColumn"] = finding.column
        if finding.end_line is not None and finding.end_column is not None:
            region["endLine"] = finding.end_line
            region["endColumn"] = finding.end_column
    return region


def _fixes(path: str, finding: Finding) -> list[dict[str, object]]:
    """What `lint --fix` does for the finding, where its fix replaces exactly the finding's token."""
    region = _region(finding)
    if finding.fix is None or finding.fix.span != finding.span or "endColumn" not in region:
        return []
    change = {
        "artifactLocation": {"uri": _uri(path)},
        "replacements": [{"deletedRegion": region, "insertedContent": {"text": finding.fix.replacement}}],
    }
    return [{"description": {"text": f"write {finding.fix.replacement}"}, "artifactChanges": [change]}]


@functools.lru_cache(maxsize=1024)  # called once per finding; a file has many
def _uri(path: str) -> str:
    """The path as given on the command line, as the URI reference SARIF's `artifactLocation.uri` must be,
    for any file name: the bytes of the name (a name that is not UTF-8 comes in with surrogate escapes)
    percent-encoded per RFC 3986 except unreserved characters and `/`. So a space, `#`, `%`, `?`, a newline
    or a byte such as 0xff cannot end the path, start a fragment or make the log invalid UTF-8, and a `:`
    cannot make a first segment read as a scheme."""
    if os.sep != "/":  # Windows: forward slashes, and a drive path as a file URI ("C:" is not a scheme)
        path = path.replace(os.sep, "/")
        if ntpath.splitdrive(path)[0].endswith(":"):
            return "file:///" + quote(os.fsencode(path), safe="/:")
    if path.startswith("//"):
        # Two leading slashes would read as an authority (a host); POSIX takes them as one on Linux.
        path = "/" + path.lstrip("/")
    return quote(os.fsencode(path), safe="/")


def result_dict(path: str, item: Located, index: dict[str, int]) -> dict[str, object]:
    finding = item.finding
    region = _region(finding)
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
    via = item.referenced
    if via is not None:  # the Markdown curl that sends this file as its body: code scanning links to it
        entry["relatedLocations"] = [
            {
                "id": 0,
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(via.by)},
                    "region": {"startLine": via.line, "startColumn": via.column},
                },
                "message": {"text": "the request that sends this file as its body"},
            }
        ]
    fixes = _fixes(path, finding)
    if fixes:
        entry["fixes"] = fixes
    return entry


def sarif_dict(
    results: Sequence[FileResult], version: str, at_least: Severity = Severity.INFO
) -> dict[str, object]:
    """The log; with --quiet (`at_least`), only the findings at or above --fail-on."""
    from gemini_contract import ruledocs

    docs = ruledocs.load()
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
                        "rules": [rule_descriptor(rule, docs) for rule in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": all(result.status is not Status.ERROR for result in results)}
                ],
                "results": [
                    result_dict(result.path, item, index)
                    for result in results
                    for item in result.findings
                    if item.finding.severity >= at_least
                ],
            }
        ],
    }


def render_sarif(results: Sequence[FileResult], version: str, at_least: Severity = Severity.INFO) -> str:
    return json.dumps(sarif_dict(results, version, at_least), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class SarifReporter:
    """Whole-run: one SARIF log at the end."""

    style: Style
    streaming: bool = False

    def file(self, result: FileResult) -> str:
        return ""

    def run(self, results: Sequence[FileResult]) -> str:
        return render_sarif(results, self.style.version, self.style.at_least)


def reporter(style: Style) -> SarifReporter:
    return SarifReporter(style)
