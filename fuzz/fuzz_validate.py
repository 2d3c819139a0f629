"""atheris target over `gemini_contract.validate(bytes)`: it must never raise, and what it accepts must stay accepted.

Checked for every input: `validate` in both profiles and `validate_record` return a Report whose findings
name known rules and RFC 6901 pointers; and a body the google profile accepts normalizes to a canonical
body that the strict profile accepts too (normalization is complete). Any exception is a crash; libFuzzer
writes the input to fuzz/regressions/, and tests/strategies/test_fuzz_regressions.py replays every file
there through `check` on each test run.

Run: fuzz/run.sh [SECONDS]  (or: python fuzz/fuzz_validate.py [libFuzzer flags] CORPUS_DIR ...)
"""

from __future__ import annotations

import json
import os
import sys

# Crashes already saved in fuzz/regressions/ and reported, by exception text: while they are open the fuzz
# run steps over them (else every run stops at the same crash within seconds and finds nothing new).
# FUZZ_STRICT=1 stops at them too. Remove an entry when its fix lands.
KNOWN_CRASHES: tuple[str, ...] = ()  # both crashes found so far are fixed (358af90)


def fuzz_one(data: bytes) -> None:
    """The atheris entry point: `check`, stepping over the known crashes unless FUZZ_STRICT=1."""
    try:
        check(data)
    except ValueError as exc:
        if os.environ.get("FUZZ_STRICT") == "1" or str(exc) not in KNOWN_CRASHES:
            raise


def check(data: bytes) -> None:
    """The invariant for one input; raises AssertionError (or whatever escapes validate) on a defect."""
    from gemini_contract.validator import validate_record
    from gemini_contract.validator.ruleset import RULES_BY_ID

    from gemini_contract import Severity, validate

    reports = {profile: validate(data, profile=profile) for profile in ("google", "strict")}
    reports["record"] = validate_record(data)
    for name, report in reports.items():
        for finding in report.findings:
            assert finding.rule in RULES_BY_ID, (name, finding)
            assert finding.pointer == "" or finding.pointer.startswith("/"), (name, finding)
    google = reports["google"]
    if google.ok and google.canonical is not None:
        text = json.dumps(google.canonical, ensure_ascii=False).encode("utf-8")
        again = validate(text, profile="strict")
        errors = [(f.rule, f.pointer) for f in again.findings if f.severity >= Severity.ERROR]
        assert not errors, ("google accepted, its canonical form is rejected in strict", errors)


def main(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports():
        import gemini_contract.validator
        import gemini_contract.validator.api  # noqa: F401

    atheris.Setup(argv, fuzz_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
