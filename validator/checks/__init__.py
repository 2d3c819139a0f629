"""Rules JSON Schema cannot express: one small module per area, each check a pure function of the canonical
document returning Issues with canonical pointers. `CHECKS` is the table the validator runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from gemini_contract.validator.checks import config, conversation, schemas, tools
from gemini_contract.validator.findings import Issue

Check = Callable[[dict[str, Any]], Iterable[Issue]]

CHECKS: tuple[Check, ...] = (
    config.model_in_body,
    config.thinking,
    config.response_format,
    config.logprobs,
    config.speech,
    config.safety,
    config.image_config,
    config.candidate_count,
    tools.function_declarations,
    tools.function_calling_config,
    tools.cached_content,
    tools.time_range,
    conversation.parts,
    conversation.function_turns,
    conversation.sizes,
    schemas.gemini_schemas,
    schemas.json_schemas,
)
