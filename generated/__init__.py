"""Typed models generated from the bundled schema (see `models.py`); do not edit by hand."""
