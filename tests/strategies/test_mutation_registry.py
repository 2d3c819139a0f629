"""The mutation registry is assembled explicitly: a fixed order (what seeded draws depend on), the same table
whatever order the modules are imported in, and no import circle among the strategy modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from gemini_contract import strategies
from gemini_contract.strategies import MUTATORS, mutation_dialect, mutation_rules, mutation_schema
from gemini_contract.strategies.mutation_base import MutatorTable, join

# `mutations()` samples a mutator by its index in this order: reordering changes every seeded draw.
ORDER = (
    "delete-required", "wrong-type", "out-of-range", "unknown-field", "bad-enum", "two-data-members",
    "no-data-member", "bad-format", "bad-length",
    "model-in-body", "thinking-budget-and-level", "response-schema-without-mime", "response-schema-both",
    "parameters-both", "voice-config-both", "allowed-names-without-any", "logprobs-without-response-logprobs",
    "duplicate-safety-category", "deprecated-harm-category", "duplicate-function-name",
    "cached-content-combination", "time-range-half", "image-config-value",
    "schema-json-keyword", "schema-enum-not-string", "schema-array-without-items", "schema-type-missing",
    "schema-properties-not-object", "schema-empty-properties", "schema-string-format",
    "function-response-unmatched", "function-response-count", "function-call-name",
    "missing-thought-signature", "video-metadata-alone",
)  # fmt: skip


def test_order_is_schema_then_rules_then_dialect() -> None:
    assert tuple(MUTATORS) == ORDER
    joined = join(mutation_schema.TABLE, mutation_rules.TABLE, mutation_dialect.TABLE)
    assert list(joined.items()) == list(MUTATORS.items())


def test_a_name_in_two_tables_is_refused() -> None:
    first, second = MutatorTable(), MutatorTable()
    first.mutator("x", "GC203")(MUTATORS["wrong-type"])
    second.mutator("x", "GC204")(MUTATORS["bad-enum"])
    with pytest.raises(ValueError, match="two tables"):
        join(first, second)
    with pytest.raises(ValueError, match="defined twice"):
        first.mutator("x", "GC204")(MUTATORS["bad-enum"])


@pytest.mark.parametrize(
    "first", ["mutation_dialect", "mutation_rules", "mutation_schema", "mutation_base", "mutations"]
)
def test_import_order_does_not_matter(first: str) -> None:
    code = (
        f"import gemini_contract.strategies.{first}\n"
        "from gemini_contract.strategies.mutations import MUTATORS\n"
        "print(','.join(MUTATORS))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert tuple(done.stdout.strip().split(",")) == ORDER


def _imports(path: Path, package: str) -> set[str]:
    """Sibling modules of `package` that the module at `path` imports, at any depth (function-level too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == package:
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(package + "."):
            out.add((node.module or "").removeprefix(package + ".").split(".")[0])
        elif isinstance(node, ast.Import):
            out |= {
                a.name.removeprefix(package + ".").split(".")[0]
                for a in node.names
                if a.name.startswith(package + ".")
            }
    return out


def test_no_import_circle_among_strategy_modules() -> None:
    folder = Path(strategies.__file__).parent
    package = strategies.__name__
    modules = {p.stem: p for p in folder.glob("*.py") if p.stem != "__init__"}
    graph = {name: _imports(path, package) & modules.keys() for name, path in modules.items()}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, f"import circle: {' -> '.join((*trail, name))}"
        for target in sorted(graph[name]):
            visit(target, (*trail, name))

    for name in sorted(graph):
        visit(name, ())
