"""Jinja2 templates for generated code (data files; this module exists so they install as package data)."""
