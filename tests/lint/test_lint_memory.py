"""Flat memory on batch files: the peak RSS of linting 60,000 records is that of linting 3,000 (measured)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent (pytest), VmHWM starts afresh.
PROBE = """
import sys
from gemini_contract.cli.main import main
code = main(["lint", "--quiet", "-j", "1", sys.argv[1]])
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(status.split()[0])
sys.exit(code)
"""
RECORD = '{"key":"k","request":{"contents":[{"role":"user","parts":[{"text":"Say hi."}]}]}}\n'


def peak_rss_kib(batch: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(batch)], check=False, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_peak_rss_does_not_grow_with_the_batch(tmp_path: Path) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_text(RECORD * 3_000)
    large.write_text(RECORD * 60_000)  # 20x the records, 5 MB
    growth = peak_rss_kib(large) - peak_rss_kib(small)
    assert growth < 8 * 1024, f"peak RSS grew by {growth} KiB"
