"""A real `gemini-contract generate` process signalled while it writes: no temporary file is left, and the
package is all old or all new; after SIGKILL (which nothing catches) `check` names the leftover and the next
`generate` removes it.

To signal it at a known point without racing the clock, the test runs the CLI under a small driver that
wraps one `os` function: after the wrapped call first touches a temporary file (`chmod` ends the staging of
the first file; `replace` is the first rename) it creates a marker file and waits, up to a minute, for a
release file. The test waits for the marker, sends the signal, then creates the release file. Nothing in
the package itself knows about this.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codegen.support import SCHEMAS

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")

DRIVER = """
import os, signal, sys, time
from pathlib import Path

# As a shell would start it, whatever dispositions the test runner has.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
marker, release, hook = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real = getattr(os, hook)

def paused(*args, **kwargs):
    result = real(*args, **kwargs)
    if str(args[0]).endswith(".tmp") and not marker.exists():
        marker.touch()
        deadline = time.monotonic() + 60
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    return result

setattr(os, hook, paused)
from gemini_contract.cli.main import main
sys.exit(main(sys.argv[4:]))
"""

OLD_SCHEMA = SCHEMAS / "nested.json"
NEW_SCHEMA = SCHEMAS / "maps.json"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from gemini_contract.cli.main import entry; entry()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def generate_paused(tmp_path: Path, out: Path, hook: str, signum: int) -> subprocess.CompletedProcess[str]:
    """Run `generate --schema NEW_SCHEMA` under the driver, send `signum` at the pause, then release it."""
    marker, release = tmp_path / "paused", tmp_path / "release"
    args = ["generate", "--schema", str(NEW_SCHEMA), "--out", str(out)]
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(marker), str(release), hook, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), process.communicate()
    process.send_signal(signum)
    release.touch()
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def package(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


@pytest.fixture
def old_package(tmp_path: Path) -> Path:
    out = tmp_path / "pkg"
    assert cli("generate", "--schema", str(OLD_SCHEMA), "--out", str(out)).returncode == 0
    return out


def check(out: Path, schema: Path) -> subprocess.CompletedProcess[str]:
    return cli("check", "--schema", str(schema), "--out", str(out))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_while_staging_leaves_the_old_package_and_no_temporary(
    tmp_path: Path, old_package: Path, signum: int
) -> None:
    before = package(old_package)
    result = generate_paused(tmp_path, old_package, "chmod", signum)
    assert result.returncode == -signum, result.stderr  # ended by the signal, after cleaning up
    assert f"interrupted by {signal.Signals(signum).name}" in result.stderr
    assert package(old_package) == before  # no temporary file, no new file
    assert check(old_package, OLD_SCHEMA).returncode == 0
    assert cli("generate", "--schema", str(NEW_SCHEMA), "--out", str(old_package)).returncode == 0
    assert check(old_package, NEW_SCHEMA).returncode == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_during_the_renames_waits_for_them(tmp_path: Path, old_package: Path, signum: int) -> None:
    result = generate_paused(tmp_path, old_package, "replace", signum)
    assert result.returncode == -signum, result.stderr
    assert not [name for name in package(old_package) if name.endswith(".tmp")]
    assert check(old_package, NEW_SCHEMA).returncode == 0  # every file was renamed before it ended


def test_after_sigkill_check_names_the_leftover_and_generate_removes_it(
    tmp_path: Path, old_package: Path
) -> None:
    before = package(old_package)
    result = generate_paused(tmp_path, old_package, "chmod", signal.SIGKILL)
    assert result.returncode == -signal.SIGKILL
    leftovers = [name for name in package(old_package) if name.endswith(".tmp")]
    assert len(leftovers) == 1
    assert {k: v for k, v in package(old_package).items() if k not in leftovers} == before

    checked = check(old_package, OLD_SCHEMA)
    assert checked.returncode == 1
    assert f"{leftovers[0]} leftover" in checked.stderr
    generated = cli("generate", "--schema", str(OLD_SCHEMA), "--out", str(old_package))
    assert generated.returncode == 0
    assert f"removed {old_package / leftovers[0]}" in generated.stdout
    assert package(old_package) == before
