"""Errors that carry their own exit code's meaning across layers: a setting a user gave that cannot be used.

Kept apart from the settings themselves (which import the validator) so that the CLI's one error-mapping
place can catch it without importing the validator for every command.
"""

from __future__ import annotations


class SettingsError(Exception):
    """A value a source gave that cannot be used; `source` names it the way the user wrote it (`--select`)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
