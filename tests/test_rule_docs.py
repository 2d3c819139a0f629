"""The rule docs are generated from the rule table: the package data and docs/rules/ must match a fresh build
(run scripts/gen-rule-docs after changing a rule, its cases or the reference's evidence)."""

from __future__ import annotations

from pathlib import Path

from gemini_contract.validator.ruleset import RULES

from gemini_contract import ruledocs

ROOT = Path(__file__).resolve().parents[1]


def fresh() -> dict[str, dict[str, object]]:
    return ruledocs.build(
        ROOT / "tests/fixtures/reference/gemini-request-fields.json",
        ROOT / "tests/validator/cases/rules.json",
    )


def test_packaged_docs_are_up_to_date() -> None:
    text = (ROOT / "src/gemini_contract/rule_docs.json").read_text("utf-8")
    assert text == ruledocs.docs_json(fresh()), "stale: run scripts/gen-rule-docs"


def test_pages_are_up_to_date() -> None:
    pages = ruledocs.pages(fresh())
    on_disk = {path.name: path.read_text("utf-8") for path in (ROOT / "docs/rules").glob("*.md")}
    assert on_disk == pages, "stale: run scripts/gen-rule-docs"


def test_every_rule_has_a_readable_source_and_fixable_ones_a_good_example() -> None:
    docs = ruledocs.load()
    assert set(docs) == {rule.id for rule in RULES}
    for rule in RULES:
        assert docs[rule.id]["sources"], rule.id
        assert not any(source["text"].startswith("E-") for source in docs[rule.id]["sources"]), rule.id
        if rule.fixable and docs[rule.id]["bad"] is not None:
            assert docs[rule.id]["good"], rule.id
