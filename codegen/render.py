"""Rendering: the jinja2 environment (StrictUndefined, loops-only templates) applied to prepared views."""

from __future__ import annotations

from importlib import resources

import jinja2
from gemini_contract.codegen import emit
from gemini_contract.codegen.model import Module


def environment() -> jinja2.Environment:
    """A fresh environment: an undefined name is an error, and nothing is escaped (this is Python, not HTML)."""
    folder = resources.files("gemini_contract.codegen.templates")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_models(module: Module, regenerate: str, env: jinja2.Environment | None = None) -> str:
    """The unformatted source of `models.py` for one schema's intermediate model."""
    view = emit.module_view(module, regenerate)
    return (env or environment()).get_template("models.py.jinja").render(view=view)


def render_init(header: tuple[str, ...], schema_file: str, env: jinja2.Environment | None = None) -> str:
    """The source of the generated package's `__init__.py`."""
    return (env or environment()).get_template("init.py.jinja").render(header=header, schema_file=schema_file)
