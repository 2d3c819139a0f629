"""Rule documentation: for each rule, a bad example, its canonical (good) form where one exists, and its sources
as a reader can follow them (the server's error text and where it was seen, an RFC section, a limit of the
reference), kept as package data (`rule_docs.json`) for `gemini-contract rules RULE`, SARIF's help and the
pages in docs/rules/.

`build` makes that data from the source tree (the reference's evidence and the validator's rule cases) and
`scripts/gen-rule-docs` writes it and the pages; tests/test_rule_docs.py fails when either is stale.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from gemini_contract.validator.ruleset import RULES, Rule

# Bad examples for the rules about JSON text and ProtoJSON spellings (the rule cases hold parsed bodies).
TEXT_EXAMPLES: dict[str, str] = {
    "GC003": '\ufeff{"contents": [{"parts": [{"text": "Hi"}]}]}',
    "GC004": '{"contents": [{"parts": [{"text": "Hi"}]}]',
    "GC005": '{"contents": [], "contents": [{"parts": [{"text": "Hi"}]}]}',
    "GC006": '{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"temperature": NaN}}',
    "GC011": '{"contents": [{"parts": [{"text": "Hi"}]}]} x',
    "GC012": '{"contents": [{"parts": [{"text": "Hi"},]}]}',
    "GC013": '{contents: [{"parts": [{"text": "Hi"}]}]}',
    "GC014": '{"contents": [{"parts": [{"text": "line one\nline two"}]}]}',
    "GC015": '{"contents": [{"parts": [{"text": "it\\\'s"}]}]}',
    "GC016": "",
    "GC017": "[]",
    "GC101": '{"contents": [{"parts": [{"text": "Hi"}]}], "generation_config": {"max_output_tokens": 100}}',
    "GC102": '{"contents": [{"parts": [{"text": "Hi"}]}], "safetySettings": [{"category": '
    '"harm_category_harassment", "threshold": "block_none"}]}',
    "GC103": '{"contents": [{"parts": [{"text": "Hi"}]}], "safetySettings": [{"category": 7, "threshold": 4}]}',
    "GC104": '{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"topK": "40"}}',
    "GC105": '{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"topK": 40.0}}',
    "GC106": '{"contents": [{"parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0_-w"}}]}]}',
    "GC107": '{"contents": {"parts": [{"text": "Hi"}]}}',
    "GC108": '{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {}, "generation_config": {}}',
    "GC109": '{"contents": [{"parts": [{"text": "Hi"}]}], "tools": null}',
    "GC110": '{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"temperature": "0.5"}}',
    "GC111": '{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"responseMimeType": '
    '"application/json", "responseSchema": {"type": "object", "properties": {"a": {"type": "string"}}}}}',
}
_RFC = re.compile(r"RFC (\d+)(?: §([\d.]+))?")


def build(reference: Path, cases: Path) -> dict[str, dict[str, Any]]:
    """The docs of every rule, from the reference's evidence and the validator's rule cases."""
    data = json.loads(reference.read_text("utf-8"))
    evidence: dict[str, dict[str, str]] = {item["id"]: item for item in data["evidence"]}
    for item in data["sources"]:  # S-ids: a document anyone can open, or the repository it was read from
        where = item.get("url") or (f"https://github.com/{item['repo']}" if item.get("repo") else None)
        if where:
            evidence[item["id"]] = {"text": f"{item['kind']} {item['id']}", "where": where, "source": "yes"}
    examples: dict[str, str] = dict(TEXT_EXAMPLES)
    for case in json.loads(cases.read_text("utf-8"))["cases"]:
        for rule, _ in case["expect"]:
            examples.setdefault(rule, json.dumps(case["body"], ensure_ascii=False))
    return {rule.id: _doc(rule, examples.get(rule.id), evidence) for rule in RULES}


def _doc(rule: Rule, bad: str | None, evidence: dict[str, dict[str, str]]) -> dict[str, Any]:
    good = _good(bad) if bad is not None and rule.fixable else None
    return {"bad": bad, "good": good, "sources": _sources(rule.source, evidence)}


def _good(bad: str) -> str | None:
    from gemini_contract.lint.fixing import fix_text
    from gemini_contract.lint.settings import LintSettings

    fixed = fix_text("example.json", bad, LintSettings())
    return fixed.after if fixed.after != bad else None


def _sources(source: str, evidence: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Each `;`/`,`-separated source as {text, url?}: evidence ids become the server's words and where."""
    found: list[dict[str, str]] = []
    for part in re.split(r"[;,] ", source):
        token = part.strip()
        item = evidence.get(token)
        rfc = _RFC.search(token)
        named = re.search(r"\((S\w+)\)", token)
        if item is None and named is not None:
            item = evidence.get(named.group(1))
        if item is not None:
            url = re.search(r"https://\S+", item["where"])
            said = f"{token}: {item['text']}" if "source" in item else f"the API answered: {item['text']}"
            entry = {"text": said}
            entry.update({"url": url.group().rstrip(").,")} if url else {})
            found.append(entry)
        elif rfc is not None:
            section = f"#section-{rfc.group(2)}" if rfc.group(2) else ""
            found.append({"text": token, "url": f"https://www.rfc-editor.org/rfc/rfc{rfc.group(1)}{section}"})
        elif token.startswith("json_encoding"):
            found.append(
                {
                    "text": f"ProtoJSON encoding ({token})",
                    "url": "https://protobuf.dev/programming-guides/json/",
                }
            )
        elif token.startswith("limits"):
            found.append(
                {
                    "text": f"the documented limit of the API reference ({token.removeprefix('limits').strip(': ') or 'limits'})"
                }
            )
        elif token.startswith(("corpus", "hostile")):
            found.append(
                {"text": f"a request of this project's test corpus checked against the live API ({token})"}
            )
        else:
            found.append({"text": token})
    return found


def load() -> dict[str, dict[str, Any]]:
    """The packaged docs (rule_docs.json)."""
    text = resources.files("gemini_contract").joinpath("rule_docs.json").read_text("utf-8")
    docs: dict[str, dict[str, Any]] = json.loads(text)
    return docs


def help_uri(doc: dict[str, Any]) -> str | None:
    """The first source a reader can open."""
    return next((source["url"] for source in doc["sources"] if "url" in source), None)


def render_markdown(rule: Rule, doc: dict[str, Any]) -> str:
    """A rule's page: what, severity per profile, why (sources), a bad and a good example."""
    lines = [f"# {rule.id} {rule.name}", "", rule.doc, ""]
    strict = rule.severity_in("strict")
    lines += [f"Severity: {rule.severity} (profile `google`), {strict} (profile `strict`)."]
    lines += ["Fixable: `gemini-contract lint --fix` rewrites it." if rule.fixable else "", "", "## Why", ""]
    for source in doc["sources"]:
        lines.append(f"- {source['text']}" + (f" ({source['url']})" if "url" in source else ""))
    if doc["bad"] is not None:
        lines += ["", "## Bad", "", "```json", doc["bad"], "```"]
    if doc["good"] is not None:
        lines += ["", "## Good", "", "```json", doc["good"], "```"]
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def pages(docs: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Every file of docs/rules/ (name -> text): a page per rule and the index."""
    files = {f"{rule.id}.md": render_markdown(rule, docs[rule.id]) for rule in RULES}
    bar = "|"
    rows = [
        f"| [{r.id}]({r.id}.md) | {r.name} | {r.severity} | {r.doc.replace(bar, chr(92) + bar)} |"
        for r in RULES
    ]
    index = [
        "# Rules",
        "",
        "Generated by `scripts/gen-rule-docs` from `validator/ruleset.py`; do not edit.",
        "",
    ]
    files["README.md"] = (
        "\n".join([*index, "| id | name | severity | doc |", "|---|---|---|---|", *rows]) + "\n"
    )
    return files


def docs_json(docs: dict[str, dict[str, Any]]) -> str:
    return json.dumps(docs, ensure_ascii=False, indent=1) + "\n"


def render_text(rule: Rule, doc: dict[str, Any]) -> str:
    """`gemini-contract rules RULE`: the page as plain text."""
    text = render_markdown(rule, doc).replace("```json\n", "").replace("```\n", "")
    return re.sub(r"^#+ ", "", text, flags=re.MULTILINE)
