"""`lint --fix` and `lint --diff`: which files to fix (those the run found something in), writing them or
printing their diffs, and the line that says what was fixed."""

from __future__ import annotations

from collections.abc import Callable

from gemini_contract.lint.discovery import Target
from gemini_contract.lint.fixing import FileFix, fix_file, write_atomic
from gemini_contract.lint.settings import LintSettings
from gemini_contract.results import FileResult, Status


def fix_targets(
    targets: list[Target],
    results: list[FileResult],
    settings: LintSettings,
    *,
    unsafe: bool,
    write: bool,
    out: Callable[[str], None],
) -> list[FileFix]:
    """Fix each file with findings (standard input is left alone); write them, or print their diffs."""
    stdin = {target.path for target in targets if target.stdin}
    done: list[FileFix] = []
    for result in results:
        if result.path in stdin or result.status in (Status.SKIPPED, Status.ERROR) or not result.findings:
            continue
        fixed = fix_file(result.path, settings, unsafe)
        if fixed is None or not (fixed.changed or fixed.refused):
            continue
        done.append(fixed)
        if fixed.changed and write:
            write_atomic(fixed.path, fixed.after)
        elif fixed.changed:
            out(fixed.diff())
    return done


def fixed_line(fixes: list[FileFix], write: bool) -> str:
    changed = [fix for fix in fixes if fix.changed]
    count = sum(fix.applied for fix in changed)
    verb = "fixed" if write else "would fix"
    line = f"gemini-contract: {verb} {count:,} finding{'s' if count != 1 else ''} in {len(changed):,} file"
    line += "" if len(changed) == 1 else "s"
    refused = [fix.path for fix in fixes if fix.refused]
    if refused:
        line += f"; left alone (a fix would make it worse): {', '.join(refused)}"
    return line
