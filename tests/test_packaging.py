"""Everything the project ships is in pyproject's hand-kept package list, and every registered command loads.

setuptools' `packages` list and `package-dir` map are written by hand (the design keeps schema/, codegen/,
generated/ and validator/ at the top level); a new subpackage left off would be missing from the wheel,
and the CLI's lazy registry would quietly hide a command whose module is missing.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import click
import pytest

from gemini_contract.cli.main import COMMANDS, SUMMARIES

REPO = Path(__file__).resolve().parent.parent
# Each folder whose Python packages ship, and the package it installs as (the design card's layout; stated
# here independently of pyproject so that the wheel is checked against the tree, not against the list).
ROOTS = {
    "src/gemini_contract": "gemini_contract",
    "schema": "gemini_contract.schema",
    "codegen": "gemini_contract.codegen",
    "generated": "gemini_contract.generated",
    "validator": "gemini_contract.validator",
}
IGNORED_DIRS = {"__pycache__"}


def _setuptools() -> dict[str, object]:
    table: dict[str, object] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    return table


def _package_folder(package: str, package_dir: dict[str, str]) -> str:
    """The folder setuptools takes `package` from: its own package-dir entry, else its nearest mapped parent's
    folder plus the remaining name parts."""
    parts = package.split(".")
    for n in range(len(parts), 0, -1):
        mapped = package_dir.get(".".join(parts[:n]))
        if mapped is not None:
            return "/".join([mapped, *parts[n:]])
    return "/".join(parts)


def _listed_folders() -> dict[str, str]:
    config = _setuptools()
    packages = config["packages"]
    package_dir = config.get("package-dir", {})
    assert isinstance(packages, list)
    assert isinstance(package_dir, dict)
    return {package: _package_folder(package, package_dir) for package in packages}


def _python_folders() -> set[str]:
    """Every folder under the roots that holds Python code or an __init__ (namespace packages included)."""
    found: set[str] = set()
    for root in ROOTS:
        for folder in [REPO / root, *(p for p in (REPO / root).rglob("*") if p.is_dir())]:
            if IGNORED_DIRS & set(folder.relative_to(REPO).parts):
                continue
            if any(folder.glob("*.py")):
                found.add(folder.relative_to(REPO).as_posix())
    return found


def test_every_python_folder_is_a_listed_package() -> None:
    listed = set(_listed_folders().values())
    missing = sorted(_python_folders() - listed)
    assert not missing, f"add these folders to [tool.setuptools] packages / package-dir: {missing}"


def test_every_listed_package_exists() -> None:
    for package, folder in _listed_folders().items():
        assert (REPO / folder / "__init__.py").is_file(), (package, folder)
        assert package.startswith("gemini_contract"), package  # one import namespace, nothing generic


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_registered_command_imports_and_is_a_click_command(name: str) -> None:
    module_name, attr = COMMANDS[name].split(":")
    command = getattr(importlib.import_module(module_name), attr)
    assert isinstance(command, click.Command)
    assert command.name == name


def _console_script() -> Path:
    script = shutil.which("gemini-contract", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the gemini-contract console script is not installed next to this interpreter")
    return Path(script)


def test_schema_command_prints_the_bundled_schema() -> None:
    from gemini_contract.schema import bundled_path

    script = _console_script()
    done = subprocess.run([script, "schema"], capture_output=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == bundled_path("request").read_bytes()
    where = subprocess.run(
        [script, "schema", "--path"], capture_output=True, text=True, check=False, timeout=60
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).read_bytes() == done.stdout


def test_the_cli_lists_every_registered_command() -> None:
    done = subprocess.run(
        [_console_script(), "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.split("Commands:", 1)[1].splitlines() if line.strip()}
    assert listed == set(COMMANDS) == set(SUMMARIES)
    words = " ".join(done.stdout.split())
    for name, summary in SUMMARIES.items():
        assert f"{name} {summary}" in words, name


def test_listing_the_commands_imports_none_of_them() -> None:
    script = (
        "import sys\n"
        "from gemini_contract.cli.main import main\n"
        "main(['--help'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('gemini_contract.cli.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = done.stdout.strip().splitlines()[-1]
    for target in COMMANDS.values():
        assert target.split(":")[0] not in loaded, target


# What the wheel must hold besides the Python files: package data by folder and pattern.
def _expected_data(package_data: dict[str, list[str]]) -> set[str]:
    folders = _listed_folders()
    out: set[str] = set()
    for package, patterns in package_data.items():
        folder = REPO / folders[package]
        for pattern in patterns:
            out |= {f"{package.replace('.', '/')}/{p.name}" for p in folder.glob(pattern)}
    return out


def _wheel_path(file: Path) -> str:
    """Where a source file lands in the wheel, by the root it lives under."""
    relative = file.relative_to(REPO).as_posix()
    root = max((r for r in ROOTS if relative.startswith(r + "/")), key=len)
    return ROOTS[root].replace(".", "/") + relative.removeprefix(root)


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_data_file(tmp_path: Path) -> None:
    # Build from a copy: an in-tree build would write build/ and *.egg-info next to the editable install.
    source = tmp_path / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for root in ROOTS:
        shutil.copytree(REPO / root, source / root, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for license_file in REPO.glob("LICEN[CS]E*"):
        shutil.copy2(license_file, source / license_file.name)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("gemini_contract-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())

    modules = {_wheel_path(module) for folder in _python_folders() for module in (REPO / folder).glob("*.py")}
    package_data = _setuptools().get("package-data", {})
    assert isinstance(package_data, dict)
    expected = modules | _expected_data(package_data)
    assert "gemini_contract/schema/generate_content_request.schema.json" in expected
    missing = sorted(expected - shipped)
    assert not missing, f"not in the wheel: {missing}"
