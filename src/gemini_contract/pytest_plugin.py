"""pytest plugin: the `gemini_request` fixture, an assertion that a request body meets the contract, and the
`gemini_mock` fixture, an offline Gemini API (`gemini-contract mock`) for client tests.

Enabled by the `pytest11` entry point when gemini-contract is installed. It imports only pytest at start-up;
the validator is imported when a test first uses the fixture. `--gemini-profile` (google or strict)
sets the default profile, `--gemini-fail-on` (error or warning) the severity that fails a test, and
`--gemini-model` the model whose rules apply (`model=` per call wins).
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
    group.addoption(
        "--gemini-model",
        default=None,
        help="model the gemini_request fixture checks bodies for (its model rules), e.g. gemini-2.5-flash",
    )


@pytest.fixture(scope="session")
def gemini_request(request: pytest.FixtureRequest) -> Check:
    """`gemini_request(body, profile=None, fail_on=None, model=None)`: assert that `body` (dict, str or
    bytes) meets the contract (and the rules of `model`, as the URL names it); returns the validator's
    Report. The failure message lists rule, pointer and message."""
    default_profile = str(request.config.getoption("--gemini-profile"))
    default_fail_on = str(request.config.getoption("--gemini-fail-on"))
    default_model = request.config.getoption("--gemini-model")

    def check(
        body: Mapping[str, Any] | str | bytes,
        profile: str | None = None,
        fail_on: str | None = None,
        model: str | None = None,
    ) -> Any:
        from gemini_contract import Severity, validate

        report = validate(body, profile=profile or default_profile, model=model or default_model)
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


class MockSession:
    """What `gemini_mock` yields: the server's `base_url` and `api_key`, and `exchanges()`, the exchanges
    (request, findings, status, response or chunks) recorded since this test began."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.base_url: str = server.base_url
        self.api_key: str = server.api_key
        self._skip = len(server.exchanges())

    def exchanges(self) -> list[dict[str, Any]]:
        return list(self.server.exchanges()[self._skip :])


@pytest.fixture(scope="session")
def gemini_mock_server() -> Any:
    """One `gemini-contract mock` process for the session (started on a free port, stopped at the end)."""
    from gemini_contract.mock.process import MockProcess

    with MockProcess() as server:
        yield server


@pytest.fixture
def gemini_mock(gemini_mock_server: Any) -> MockSession:
    """The session's mock server, with the exchanges of this test only."""
    return MockSession(gemini_mock_server)
