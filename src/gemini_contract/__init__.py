"""gemini-contract: a JSON Schema contract for Gemini generateContent request bodies.

Public API: `validate`, `validate_response`, `Report`, `Finding`, `Severity` (the validator), `schema_path` / `load_schema`
(the bundled contract). Submodules are imported lazily so that `import gemini_contract` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from gemini_contract.schema import load_schema, schema_path
    from gemini_contract.validator import Finding, Report, Severity, validate, validate_response

_LAZY = {
    "validate": "gemini_contract.validator",
    "validate_response": "gemini_contract.validator",
    "Finding": "gemini_contract.validator",
    "Report": "gemini_contract.validator",
    "Severity": "gemini_contract.validator",
    "load_schema": "gemini_contract.schema",
    "schema_path": "gemini_contract.schema",
}

__all__ = [
    "Finding",
    "Report",
    "Severity",
    "__version__",
    "load_schema",
    "schema_path",
    "validate",
    "validate_response",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'gemini_contract' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
