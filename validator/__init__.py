"""The validator: read, parse, normalize, validate and check rules; returns findings as data, never prints.

The names below are imported on first use: a module that needs only `Severity` or a limit (the CLI's
option defaults, `lint --help`) does not pay for jsonschema-rs and the rule checks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gemini_contract.validator.api import validate, validate_record, validate_response
    from gemini_contract.validator.findings import Finding, Report, Severity
    from gemini_contract.validator.limits import DEFAULT_MAX_BYTES, PROFILES
    from gemini_contract.validator.ruleset import RULES, RULES_BY_ID, Rule

_LAZY = {
    "DEFAULT_MAX_BYTES": "gemini_contract.validator.limits",
    "PROFILES": "gemini_contract.validator.limits",
    "RULES": "gemini_contract.validator.ruleset",
    "RULES_BY_ID": "gemini_contract.validator.ruleset",
    "Rule": "gemini_contract.validator.ruleset",
    "Finding": "gemini_contract.validator.findings",
    "Report": "gemini_contract.validator.findings",
    "Severity": "gemini_contract.validator.findings",
    "validate": "gemini_contract.validator.api",
    "validate_record": "gemini_contract.validator.api",
    "validate_response": "gemini_contract.validator.api",
}

__all__ = [
    "DEFAULT_MAX_BYTES",
    "PROFILES",
    "RULES",
    "RULES_BY_ID",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "validate",
    "validate_record",
    "validate_response",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'gemini_contract.validator' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value  # looked up once: later accesses are plain module attributes
    return value
