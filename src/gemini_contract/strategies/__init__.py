"""Hypothesis strategies that draw request bodies from the bundled schema."""
