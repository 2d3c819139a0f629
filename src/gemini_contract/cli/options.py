"""Options every command that reads the configuration file shares: `--config FILE` and `--isolated`, as ruff has
them, and the one call that turns them into the configuration in use (or None)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from gemini_contract.config import Config

F = TypeVar("F", bound=Callable[..., object])


def config_options(command: F) -> F:
    command = click.option(
        "--isolated",
        is_flag=True,
        default=False,
        help="Ignore every configuration file (pyproject.toml, gemini-contract.toml).",
    )(command)
    return click.option(
        "--config",
        "config_file",
        metavar="FILE",
        help="Use this configuration file instead of the nearest gemini-contract.toml or pyproject.toml.",
    )(command)


def load_for_cli(config_file: str | None, isolated: bool) -> Config | None:
    """The configuration in use; the module (and tomllib) is imported only when there may be a file."""
    from gemini_contract import config

    return config.load_for_cli(config_file, isolated)
