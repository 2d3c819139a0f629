"""The validator: read, parse, normalize, validate and check rules; returns findings as data, never prints."""

from gemini_contract.validator.api import (
    DEFAULT_MAX_BYTES,
    PROFILES,
    validate,
    validate_record,
    validate_response,
)
from gemini_contract.validator.findings import Finding, Report, Severity
from gemini_contract.validator.ruleset import RULES, RULES_BY_ID, Rule

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
