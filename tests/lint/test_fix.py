"""`lint --fix` / `--diff` / `--unsafe-fixes`: canonical rewrites that keep the file's layout, per line for JSON
Lines, idempotent, never worse than before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gemini_contract import validate
from gemini_contract.cli.main import main
from gemini_contract.lint.fixing import fix_text
from gemini_contract.lint.settings import LintSettings

MESSY = (
    "{\n"
    '  "contents": [\n'
    '    {"role": "assistant", "parts": ["hello", {"text": "x"},]},\n'
    "  ],\n"
    '  "generation_config": {"top_k": "3", "temperature": "0.5"},\n'
    '  "safety_settings": [{"category": 7, "threshold": "block_none"}]\n'
    "}\n"
)
CLEAN = (
    "{\n"
    '  "contents": [\n'
    '    {"role": "assistant", "parts": [{"text": "hello"}, {"text": "x"}]}\n'
    "  ],\n"
    '  "generationConfig": {"topK": 3, "temperature": 0.5},\n'
    '  "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]\n'
    "}\n"
)
BATCH = (
    '{"key":"a","request":{"contents":[{"parts":[{"text":"x"}]}],"generation_config":{"top_k":3}}}\r\n'
    '{"contents":[{"parts":[{"text":"y"}]}]}\r\n'
)


def test_fix_keeps_layout_order_and_final_newline() -> None:
    fixed = fix_text("a.json", MESSY, LintSettings())
    assert fixed.after == CLEAN
    assert fixed.applied >= 8
    report = validate(fixed.after)
    assert [f.rule for f in report.findings] == ["GC204"]  # only the semantic one is left
    assert fix_text("a.json", fixed.after, LintSettings()).after == fixed.after  # idempotent


def test_unsafe_fixes_rewrite_the_role() -> None:
    fixed = fix_text("a.json", MESSY, LintSettings(), unsafe=True)
    assert '"role": "model"' in fixed.after
    assert validate(fixed.after).findings == ()


def test_json_lines_are_fixed_line_by_line_keeping_line_ends() -> None:
    fixed = fix_text("b.jsonl", BATCH, LintSettings())
    assert fixed.after == BATCH.replace("generation_config", "generationConfig").replace("top_k", "topK")


def test_fix_honours_ignores() -> None:
    fixed = fix_text(
        "a.json",
        '{"contents": [{"parts": [{"text": "x"}]}], "generation_config": {}}',
        LintSettings(ignore=("GC101",)),
    )
    assert fixed.after == fixed.before


def test_cli_diff_writes_nothing_and_fix_writes_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.json"
    path.write_text(MESSY)
    path.chmod(0o640)
    assert main(["lint", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- a/{path}\n+++ b/{path}\n")
    assert '+  "generationConfig": {"topK": 3, "temperature": 0.5},' in out
    assert path.read_text() == MESSY
    assert main(["lint", "--fix", "--format", "json", str(path)]) == 1  # the role is left: an error
    report = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["GC204"]
    assert path.read_text() == CLEAN
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary left behind
    assert main(["lint", "--diff", str(path)]) == 0
    assert main(["lint", "--fix", "--unsafe-fixes", str(path)]) == 0
    assert "fixed 1 finding in 1 file" in capsys.readouterr().err


# Issue #13 item 4: the rest of the mechanical findings. (rule, written, fixed): one small body each.
TEXT_FIXES = [
    (
        "GC107",
        '{"contents": {"parts": [{"text": "x"}]}}\n',
        '{"contents": [{"parts": [{"text": "x"}]}]}\n',
    ),
    (  # nested: the inner object and the key inside wait for the next pass; the layout stays
        "GC107",
        '{\n  "contents": {\n    "parts": {"text": "x"}\n  },\n  "generation_config": {"top_k": 3}\n}\n',
        '{\n  "contents": [{\n    "parts": [{"text": "x"}]\n  }],\n  "generationConfig": {"topK": 3}\n}\n',
    ),
    (
        "GC109",
        '{"tools": null, "contents": [{"parts": [{"text": "x"}]}]}',
        '{"contents": [{"parts": [{"text": "x"}]}]}',
    ),
    (  # before another member, the only member, the last one: one comma goes with each, no line is left empty
        "GC109",
        '{\n  "contents": [{"parts": [{"text": "x"}]}],\n  "tools": null,\n  "generationConfig": {\n'
        '    "topK": null\n  },\n  "systemInstruction": null\n}\n',
        '{\n  "contents": [{"parts": [{"text": "x"}]}],\n  "generationConfig": {}\n}\n',
    ),
    (  # two in a row, and one before a trailing comma
        "GC109",
        '{"contents": [{"parts": [{"text": "x"}]}], "tools": null, "toolConfig": null,}',
        '{"contents": [{"parts": [{"text": "x"}]}]}',
    ),
    (
        "GC014",
        '{"contents": [{"parts": [{"text": "one\ntwo\tthree\r"}]}]}\n',
        '{"contents": [{"parts": [{"text": "one\\ntwo\\tthree\\r"}]}]}\n',
    ),
    (  # \' and \a are the character; a backslash before a line end continues the line
        "GC015",
        '{"contents": [{"parts": [{"text": "it\\\'s \\a \\\nb"}]}]}\n',
        '{"contents": [{"parts": [{"text": "it\'s a b"}]}]}\n',
    ),
    (  # in a single-quoted key, the key is written anew (GC013) rather than its escape alone
        "GC015",
        "{'it\\'s': 1}",
        '{"it\'s": 1}',
    ),
    (
        "GC003",
        '\ufeff{"contents": [{"parts": [{"text": "x"}]}]}\n',
        '{"contents": [{"parts": [{"text": "x"}]}]}\n',
    ),
]


@pytest.mark.parametrize(("rule", "written", "expected"), TEXT_FIXES, ids=[case[0] for case in TEXT_FIXES])
def test_text_fixes_write_the_canonical_form_keep_the_layout_and_are_idempotent(
    rule: str, written: str, expected: str
) -> None:
    assert rule in {f.rule for f in validate(written).findings}
    fixed = fix_text("a.json", written, LintSettings())
    assert fixed.refused is None
    assert fixed.after == expected
    assert fixed.applied >= 1
    assert rule not in {f.rule for f in validate(fixed.after).findings}  # re-validates without it
    again = fix_text("a.json", fixed.after, LintSettings())
    assert (again.after, again.applied) == (fixed.after, 0)  # idempotent


def test_text_fixes_keep_meaning() -> None:
    for rule, written, _ in TEXT_FIXES:
        if rule != "GC015" or "'it" not in written:  # that one is not a request body
            fixed = fix_text("a.json", written, LintSettings()).after
            assert validate(fixed).canonical == validate(written).canonical, rule


def test_a_byte_order_mark_stays_where_gc003_is_ignored_and_other_fixes_land_after_it() -> None:
    written = '\ufeff{"contents": [{"parts": [{"text": "x"}]}], "generation_config": {}}'
    assert fix_text("a.json", written, LintSettings(ignore=("GC003",))).after == written.replace(
        "generation_config", "generationConfig"
    )
    assert fix_text("a.json", written, LintSettings()).after == written[1:].replace(
        "generation_config", "generationConfig"
    )


def test_text_fixes_in_json_lines_are_made_per_line() -> None:
    batch = (
        '\ufeff{"contents":[{"parts":[{"text":"it\\\'s"}]}]}\n'
        '{"key":"a","request":{"contents":{"parts":[{"text":"x"}]},"tools":null}}\n'
        '{"contents":[{"parts":[{"text":"a\tb"}]}],"tools":null}\r\n'
        "\n"
    )
    fixed = fix_text("b.jsonl", batch, LintSettings())
    assert fixed.after == (
        '{"contents":[{"parts":[{"text":"it\'s"}]}]}\n'
        '{"key":"a","request":{"contents":[{"parts":[{"text":"x"}]}]}}\n'
        '{"contents":[{"parts":[{"text":"a\\tb"}]}]}\r\n'
        "\n"
    )
    assert fix_text("b.jsonl", fixed.after, LintSettings()).applied == 0


def test_cli_diff_and_fix_of_the_text_fixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    written = '\ufeff{\n  "contents": {"parts": [{"text": "it\\\'s\tnew"}]},\n  "tools": null\n}\n'.encode()
    path.write_bytes(written)
    assert main(["lint", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert out == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,4 +1,3 @@\n"
        '-\ufeff{\n-  "contents": {"parts": [{"text": "it\\\'s\tnew"}]},\n-  "tools": null\n'
        '+{\n+  "contents": [{"parts": [{"text": "it\'s\\tnew"}]}]\n'
        " }\n"
    )
    assert path.read_bytes() == written
    assert main(["lint", "--fix", str(path)]) == 0
    assert "fixed 5 findings in 1 file" in capsys.readouterr().err
    assert path.read_bytes() == b'{\n  "contents": [{"parts": [{"text": "it\'s\\tnew"}]}]\n}\n'
    assert main(["lint", "--diff", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_escapes_json5_reads_otherwise_are_reported_but_not_rewritten() -> None:
    # \x41 is "x41" to this parser and "A" to JSON5: no fix guesses which the server reads.
    written = '{"contents": [{"parts": [{"text": "\\x41 \\v \\0"}]}]}'
    assert [f.rule for f in validate(written).findings] == ["GC015"] * 3
    assert all(f.fix is None for f in validate(written).findings)
    fixed = fix_text("a.json", written, LintSettings())
    assert (fixed.after, fixed.applied) == (written, 0)
