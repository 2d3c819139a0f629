"""pytest plugin: the `gemini_request` fixture, an assertion that a request body meets the contract.

Enabled by the `pytest11` entry point when gemini-contract is installed. It imports only pytest at start-up;
the validator is imported when a test first uses the fixture. `--gemini-profile` (google or strict)
sets the default profile, `--gemini-fail-on` (error or warning) the severity that fails a test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

Check = Callable[..., Any]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gemini-contract")
    group.addoption(
        "--gemini-profile",
        choices=("google", "strict"),
        default="google",
        help="profile of the gemini_request fixture: google (what the server accepts) or strict",
    )
    group.addoption(
        "--gemini-fail-on",
        choices=("error", "warning"),
        default="error",
        help="lowest finding severity that fails an assertion of the gemini_request fixture",
    )


@pytest.fixture(scope="session")
def gemini_request(request: pytest.FixtureRequest) -> Check:
    """`gemini_request(body, profile=None, fail_on=None)`: assert that `body` (dict, str or bytes) meets the
    contract; returns the validator's Report. The failure message lists rule, pointer and message."""
    default_profile = str(request.config.getoption("--gemini-profile"))
    default_fail_on = str(request.config.getoption("--gemini-fail-on"))

    def check(
        body: Mapping[str, Any] | str | bytes, profile: str | None = None, fail_on: str | None = None
    ) -> Any:
        from gemini_contract import Severity, validate

        report = validate(body, profile=profile or default_profile)
        threshold = Severity.parse(fail_on or default_fail_on)
        failing = report.at_least(threshold)
        if failing:
            lines = [
                f"{f.rule} {f.severity} at {f.pointer or '/'}: {f.message}"
                + (f" ({f.hint})" if f.hint else "")
                for f in failing
            ]
            pytest.fail("request body breaks the Gemini contract:\n  " + "\n  ".join(lines), pytrace=False)
        return report

    return check
