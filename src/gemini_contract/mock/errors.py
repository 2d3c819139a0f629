"""Google's JSON error bodies (`{"error": {"code", "message", "status", "details"}}`), as the Gemini API sends
them, built from data: the validator's findings become a 400 whose `fieldViolations` name each field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gemini_contract.validator import Finding, Severity

TYPE = "type.googleapis.com/google.rpc."
MAX_LISTED = 20  # findings spelled out in the message; every one is in fieldViolations


def error(code: int, status: str, message: str, *details: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        body["details"] = list(details)
    return {"error": body}


def field_path(pointer: str) -> str:
    """A JSON pointer in Google's dotted form: `/contents/0/parts/1/text` -> `contents[0].parts[1].text`."""
    out = ""
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out


def invalid_request(findings: Iterable[Finding]) -> dict[str, Any]:
    """400 INVALID_ARGUMENT for a request with error findings: the message lists them (rule, field, text),
    and each is a fieldViolation whose `field` is Google's path and `description` keeps the JSON pointer."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    lines = [
        f"* {field_path(f.pointer) or '(body)'}: {f.message}{_at(f)} [{f.rule}]" for f in errors[:MAX_LISTED]
    ]
    if len(errors) > MAX_LISTED:
        lines.append(f"* ... {len(errors) - MAX_LISTED} more")
    # Google's own wording for text it cannot parse, so clients that look for it find it.
    head = "Invalid JSON payload received." if any(f.rule < "GC1" for f in errors) else ""
    message = (head or "Request contains an invalid argument.") + "\n" + "\n".join(lines)
    violations = [
        {
            "field": field_path(f.pointer),
            "description": f"{f.rule} at {f.pointer or '/'}{_at(f)}: {f.message}",
            "reason": f.rule,
        }
        for f in errors
    ]
    return error(
        400, "INVALID_ARGUMENT", message, {"@type": TYPE + "BadRequest", "fieldViolations": violations}
    )


def _at(finding: Finding) -> str:
    return f" (line {finding.line}, column {finding.column})" if finding.line else ""


def not_found(what: str) -> dict[str, Any]:
    return error(404, "NOT_FOUND", what)


def unregistered_caller() -> dict[str, Any]:
    """What the API answers a request without an API key or credentials."""
    return error(
        403,
        "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). "
        "Please use API Key or other form of API consumer identity to call this API.",
    )


def invalid_api_key() -> dict[str, Any]:
    return error(
        400,
        "INVALID_ARGUMENT",
        "API key not valid. Please pass a valid API key.",
        {
            "@type": TYPE + "ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        },
    )


def invalid_credentials() -> dict[str, Any]:
    """401: an Authorization header that is not a usable OAuth access token."""
    return error(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
        "other valid authentication credential.",
        {"@type": TYPE + "ErrorInfo", "reason": "ACCESS_TOKEN_TYPE_UNSUPPORTED", "domain": "googleapis.com"},
    )


def too_large(size: int, limit: int) -> dict[str, Any]:
    return error(
        413, "INVALID_ARGUMENT", f"Request payload size exceeds the limit: {limit} bytes (got {size})."
    )


def quota_exhausted(model: str, retry_delay: str) -> dict[str, Any]:
    return error(
        429,
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
        {
            "@type": TYPE + "QuotaFailure",
            "violations": [
                {
                    "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                    "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                    "quotaDimensions": {"location": "global", "model": model},
                    "quotaValue": "15",
                }
            ],
        },
        {"@type": TYPE + "RetryInfo", "retryDelay": retry_delay},
    )


def internal() -> dict[str, Any]:
    return error(
        500,
        "INTERNAL",
        "An internal error has occurred. Please retry or report in "
        "https://developers.generativeai.google/guide/troubleshooting",
    )


def unavailable() -> dict[str, Any]:
    return error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
