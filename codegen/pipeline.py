"""The codegen pipeline in one call: schema file -> formatted sources (name -> text), or a SchemaProblem."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from gemini_contract.codegen import emit
from gemini_contract.codegen.build import build_module
from gemini_contract.codegen.format import format_sources
from gemini_contract.codegen.hoist import named_like_ours
from gemini_contract.codegen.load import SchemaProblem, load_schema_file
from gemini_contract.codegen.render import environment, render_init, render_models

Flavor = Literal["dataclasses", "pydantic", "msgspec", "typeddict"]
FLAVORS: tuple[Flavor, ...] = ("dataclasses", "pydantic", "msgspec", "typeddict")


def regenerate_command(*, schema_given: bool, out_given: bool, flavor: Flavor = "dataclasses") -> str:
    """The command named in generated headers; it depends only on which options were used, never on paths,
    so that the output is the same on every machine."""
    command = "gemini-contract generate"
    command += " --schema <schema file>" if schema_given else ""
    command += " --out <this directory>" if out_given else ""
    command += f" --flavor {flavor}" if flavor != "dataclasses" else ""
    return command


def generate_sources(schema: Path, flavor: Flavor, regenerate: str) -> dict[str, str] | SchemaProblem:
    """Every file the generator owns in an output directory, formatted; nothing is written here."""
    loaded = load_schema_file(schema)
    if isinstance(loaded, SchemaProblem):
        return loaded
    schema_id = loaded.document.get("$id")
    header = emit.header(
        loaded.file_name, schema_id if isinstance(schema_id, str) else None, loaded.sha256, regenerate
    )
    env = environment()
    module = build_module(loaded, str(schema))
    if flavor == "dataclasses":
        if isinstance(module, SchemaProblem):
            return module
        models = render_models(module, regenerate, env)
    else:
        from gemini_contract.codegen import dcg  # the one module that imports datamodel-code-generator

        # Our class names in every flavor; a schema outside our subset goes to it as written.
        document = (
            loaded.document if isinstance(module, SchemaProblem) else named_like_ours(loaded.document, module)
        )
        try:
            models = dcg.render_flavor(document, flavor, "\n".join(header))
        except ImportError:
            raise
        except Exception as exc:  # its errors are many and undocumented; all mean "could not use this schema"
            return SchemaProblem(str(schema), f"datamodel-code-generator could not read it: {exc}")
    return format_sources({"__init__.py": render_init(header, loaded.file_name, env), "models.py": models})
