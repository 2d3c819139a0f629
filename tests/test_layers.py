"""Layers import only downward (docs/architecture.md): read from every module's import statements, so a new
upward import fails here, not in review. Imports inside functions count too: a lazy import is still a
dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Folder -> the package name it installs as (pyproject's package-dir).
ROOTS = {
    REPO / "src" / "gemini_contract": "gemini_contract",
    REPO / "schema": "gemini_contract.schema",
    REPO / "codegen": "gemini_contract.codegen",
    REPO / "generated": "gemini_contract.generated",
    REPO / "validator": "gemini_contract.validator",
}
# Layer -> the layers it must never import.
FORBIDDEN = {
    "gemini_contract.schema": ("validator", "lint", "reporters", "cli", "strategies", "codegen"),
    "gemini_contract.validator": ("lint", "reporters", "cli", "strategies", "codegen", "results"),
    "gemini_contract.results": ("lint", "reporters", "cli"),
    "gemini_contract.lint": ("reporters", "cli", "strategies", "codegen"),
    "gemini_contract.reporters": ("lint", "cli", "strategies", "codegen"),
    "gemini_contract.strategies": ("lint", "reporters", "cli"),
    "gemini_contract.codegen": ("lint", "reporters", "cli", "strategies"),
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder, package in ROOTS.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if package == "gemini_contract" and parts[0] in ("schema", "codegen", "generated", "validator"):
                continue
            name = ".".join((package, *parts)).removesuffix(".__init__")
            found[name] = path
    return found


def _imports(path: Path, module: str) -> set[str]:
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("gemini_contract")}


MODULES = _modules()


def test_the_modules_are_found() -> None:
    assert {
        "gemini_contract.validator.api",
        "gemini_contract.lint.runner",
        "gemini_contract.cli.main",
    } <= set(MODULES)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_upward(layer: str) -> None:
    wrong = []
    for module, path in sorted(MODULES.items()):
        if module != layer and not module.startswith(layer + "."):
            continue
        for name in sorted(_imports(path, module)):
            for banned in FORBIDDEN[layer]:
                target = f"gemini_contract.{banned}"
                if name == target or name.startswith(target + "."):
                    wrong.append(f"{module} imports {name}")
    assert wrong == []
