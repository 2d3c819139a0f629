"""Reporters: pure functions from lint results to the text a format prints (text, json, github, sarif)."""

from __future__ import annotations

FORMATS = ("text", "json", "github", "sarif")
