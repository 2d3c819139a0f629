"""Rebuild bench/README.md from its header and the latest bench/results/*.md (run after any bench script)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
ORDER = (
    "guard.md",
    "validator.md",
    "lint.md",
    "model.md",
    "dask.md",
    "codegen.md",
    "strategies.md",
    "mock.md",
)
MARK = "The latest outputs follow."


def main() -> None:
    readme = HERE / "README.md"
    header = readme.read_text(encoding="utf-8").split(MARK)[0] + MARK
    sections = [(HERE / "results" / name).read_text(encoding="utf-8").strip() for name in ORDER]
    readme.write_text("\n\n\n".join([header, *sections]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
