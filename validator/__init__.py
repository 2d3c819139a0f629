"""The validator: read, parse, normalize, validate and check rules; returns findings as data."""

from gemini_contract.validator.findings import Finding, Report, Severity

__all__ = ["Finding", "Report", "Severity"]
