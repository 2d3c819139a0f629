"""The model table (`gemini-models.json`: families with id patterns, limits and features) as the API's Model
resources, for `GET /models`, `GET /models/{model}` and for telling a known model from an unknown one.

The bundled `model_table.json` is a copy of the team's shared `reference/models/gemini-models.json`;
`--model-table FILE` reads another file of the same shape.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUNDLED_TABLE = Path(__file__).with_name("model_table.json")
GENERATE = ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"]
EMBED = ["embedContent", "countTextTokens", "countTokens", "asyncBatchEmbedContent"]


@dataclass(frozen=True)
class ModelTable:
    models: tuple[dict[str, Any], ...]  # Model resources, in table order
    patterns: tuple[tuple[re.Pattern[str], str], ...]  # (family regex, first id of the family)
    aliases: frozenset[str]

    def find(self, model: str) -> dict[str, Any] | None:
        """The Model resource for `model` (`gemini-2.5-flash` or `models/gemini-2.5-flash`), None if unknown."""
        model_id = model.removeprefix("models/")
        for resource in self.models:
            if resource["baseModelId"] == model_id:
                return resource
        for pattern, first in self.patterns:
            if pattern.match(model_id):
                return {**self._by_id(first), "name": f"models/{model_id}", "baseModelId": model_id}
        if model_id in self.aliases:
            return {**_resource(model_id, {}), "description": f"{model_id}: a moving alias"}
        return None

    def _by_id(self, model_id: str) -> dict[str, Any]:
        return next(m for m in self.models if m["baseModelId"] == model_id)


def load_table(path: Path | None = None) -> ModelTable:
    """Read a model table file (default: the bundled copy)."""
    data = json.loads((path or BUNDLED_TABLE).read_text(encoding="utf-8"))
    models: list[dict[str, Any]] = []
    patterns: list[tuple[re.Pattern[str], str]] = []
    for family in data.get("families", []):
        ids = [i for i in family.get("pattern", {}).get("ids", []) if isinstance(i, str)]
        models.extend(_resource(model_id, family) for model_id in ids)
        regex = family.get("pattern", {}).get("regex")
        if ids and isinstance(regex, str):
            patterns.append((re.compile(regex.replace("^(models/)?", "^")), ids[0]))
    aliases = frozenset(a for a in data.get("aliases", {}) if "<" not in a)
    return ModelTable(tuple(models), tuple(patterns), aliases)


def _limit(value: Any) -> int | None:
    if isinstance(value, dict):
        value = value.get("value")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _resource(model_id: str, family: dict[str, Any]) -> dict[str, Any]:
    limits = family.get("limits", {})
    embedding = "embedding" in model_id
    resource: dict[str, Any] = {
        "name": f"models/{model_id}",
        "baseModelId": model_id,
        "version": _version(model_id),
        "displayName": model_id.replace("-", " ").title(),
        "description": f"{model_id} (gemini-contract mock; facts from the model table)",
    }
    for key, field in (("inputTokenLimit", "inputTokenLimit"), ("maxOutputTokens", "outputTokenLimit")):
        value = _limit(limits.get(key))
        if value is not None:
            resource[field] = value
    resource["supportedGenerationMethods"] = EMBED if embedding else GENERATE
    if not embedding:
        resource.update({"temperature": 1, "maxTemperature": 2, "topP": 0.95, "topK": 64})
        resource["thinking"] = "thinkingBudget" in limits or "thinkingLevel" in limits
    return resource


def _version(model_id: str) -> str:
    match = re.search(r"-(\d{3})$", model_id) or re.search(r"(\d+(?:\.\d+)?)", model_id)
    return match.group(1) if match else "001"
