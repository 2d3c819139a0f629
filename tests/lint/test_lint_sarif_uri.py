"""SARIF `artifactLocation.uri` is a valid RFC 3986 URI reference for any file name, and the log valid UTF-8
JSON that the SARIF 2.1.0 schema accepts, formats included (issue 18, items 4 and 15)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import pytest
from gemini_contract.validator.findings import Finding, Severity

from gemini_contract.cli.main import main
from gemini_contract.lint.model import FileResult, Located, Status
from gemini_contract.reporters.sarif import render_sarif

SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "sarif-schema-2.1.0.json"

ODD_NAMES = [
    "sp ace/a#b.json",
    "50%.json",
    "a%2F.json",  # already looks encoded: must still round-trip to these bytes
    "line\nbreak.json",
    "tab\there.json",
    "q?x=1.json",
    "a:b.json",  # would read as scheme "a"
    "[v6]@host.json",
    "caf\u00e9/\u65e5\u672c.json",
    os.fsdecode(b"a\xff.json"),  # not UTF-8: surrogate-escaped by the OS layer
    os.fsdecode(b"\xed\xa0\x80.json"),  # an encoded lone surrogate, not UTF-8 either
    "back\\slash.json",
    "./rel/x.json",
    "/abs/x.json",
    "-",
]
# RFC 3986: unreserved, reserved and percent-encoded octets only.
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


def _uris(log: dict[str, object]) -> list[str]:
    run = log["runs"][0]  # type: ignore[index]
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]


def _validate(text: str) -> dict[str, object]:
    """Valid UTF-8, JSON, the SARIF schema, and `uri-reference` formats checked (jsonschema alone skips them
    without an extra package, so jsonschema_rs checks the formats)."""
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    log: dict[str, object] = json.loads(text.encode("utf-8").decode("utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    jsonschema_rs.validator_for(schema, validate_formats=True).validate(log)
    return log


@pytest.mark.skipif(os.sep != "/", reason="POSIX file names")
def test_every_odd_name_is_a_uri_reference_that_names_the_same_bytes() -> None:
    finding = Finding("GC201", Severity.ERROR, "/x", 1, 2, "unknown field", None)
    results = [FileResult(name, Status.INVALID, (Located(finding),)) for name in ODD_NAMES]
    uris = _uris(_validate(render_sarif(results, "0.1.0")))
    for name, uri in zip(ODD_NAMES, uris, strict=True):
        assert _URI_CHARS.fullmatch(uri), (name, uri)
        parts = urlsplit(uri)
        assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", ""), (name, uri)
        assert unquote_to_bytes(uri) == os.fsencode(name)
    assert uris[0] == "sp%20ace/a%23b.json"
    assert uris[ODD_NAMES.index("/abs/x.json")] == "/abs/x.json"  # plain paths are unchanged


def test_two_leading_slashes_do_not_read_as_a_host() -> None:
    finding = Finding("GC201", Severity.ERROR, "", 1, 1, "x", None)
    (uri,) = _uris(
        _validate(render_sarif([FileResult("//srv/x.json", Status.INVALID, (Located(finding),))], "1"))
    )
    assert uri == "/srv/x.json"


@pytest.mark.skipif(os.sep != "/", reason="POSIX file names")
def test_a_real_run_over_a_non_utf8_name_writes_a_valid_log(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = os.fsencode(tmp_path / "sp ace")
    os.mkdir(folder)
    names = [b"a\xff#1.json", b"b%20\n.json"]
    for name in names:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b'{"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}')
    assert main(["lint", "--format", "sarif", os.fsdecode(folder)]) == 1
    out = capsysbinary.readouterr().out
    log = _validate(out.decode("utf-8"))  # strict: the log is UTF-8
    uris = _uris(log)
    assert {unquote_to_bytes(uri) for uri in uris} == {os.path.join(folder, name) for name in names}
