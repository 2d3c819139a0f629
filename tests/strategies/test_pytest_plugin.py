"""The pytest plugin: the gemini_request fixture passes valid bodies, fails invalid ones with rule and pointer,
and importing the plugin module pulls in nothing heavy."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]


def test_fixture_passes_and_fails_with_rule_and_pointer(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Load the plugin by name whether or not the pytest11 entry point is installed (never twice).
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(
        textwrap.dedent(
            """
            from hypothesis import given, settings
            from gemini_contract.strategies import requests

            def test_ok(gemini_request):
                report = gemini_request({"contents": [{"parts": [{"text": "Hi"}]}]})
                assert report.ok

            def test_bad(gemini_request):
                gemini_request({"contents": [{"role": "assistant", "parts": [{"text": "Hi"}]}]})

            def test_lenient_in_google_but_not_strict(gemini_request):
                gemini_request('{"contents": {"parts": [{"text": "Hi"}]}}')
                gemini_request('{"contents": {"parts": [{"text": "Hi"}]}}', profile="strict")

            @settings(max_examples=5)
            @given(requests())
            def test_drawn(gemini_request, body):
                gemini_request(body, profile="strict", fail_on="warning")
            """
        )
    )
    result = pytester.runpytest("-p", "gemini_contract.pytest_plugin", "-q")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["*GC204 error at /contents/0/role*", "*GC107 error at /contents*"])


def test_fixture_takes_a_model(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(
        textwrap.dedent(
            """
            BODY = {"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"presencePenalty": 0.5}}

            def test_any_model(gemini_request):
                gemini_request(BODY, model="gemini-2.0-flash")

            def test_the_option_model(gemini_request):
                gemini_request(BODY)

            def test_a_model_without_penalties(gemini_request):
                gemini_request(BODY, model="models/gemini-2.5-pro")
            """
        )
    )
    result = pytester.runpytest(
        "-p", "gemini_contract.pytest_plugin", "-q", "--gemini-model", "gemini-2.5-flash"
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*GC407 error at /generationConfig/presencePenalty*"])


def test_plugin_import_is_light() -> None:
    code = "import sys, gemini_contract.pytest_plugin as p; print(sorted(m for m in ('hypothesis', 'jsonschema', 'jsonschema_rs', 'gemini_contract.validator') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent
    )
    assert out.stdout.strip() == "[]"
