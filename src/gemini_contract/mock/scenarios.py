"""Scenario files (`--script FILE`, JSON): scripted answers and injected faults, as data.

    {"responses": [
       {"text": "It is 20 degrees."},                        # queued: taken in order, once each
       {"match": {"turn": 1}, "functionCalls": [{"name": "get_weather", "args": {"city": "Paris"}}]},
       {"match": {"pointer": "/contents/0/parts/0/text", "contains": "joke"}, "outcome": "blocked"},
       {"match": {"model": "gemini-2.5-pro"}, "body": {"candidates": [...]}, "times": 2}
     ],
     "faults": [
       {"status": 429, "rate": 0.2, "retryDelay": "2s"},     # RESOURCE_EXHAUSTED with RetryInfo
       {"match": {"model": "gemini-2.5-pro"}, "status": 503, "times": 1},
       {"status": 500, "rate": 0.05},
       {"cutAfter": 1, "match": {"method": "streamGenerateContent"}},
       {"latencyMs": 150}
     ]}

A response entry answers with `body` (a GenerateContentResponse, checked against the response contract when
the file is read), `text`, `functionCalls` or `outcome` (`blocked`, `safety`, `max_tokens`); without `match` it
is queued (used `times` times, default 1, in file order), with `match` it answers every matching request
(`times` to limit it). The first matching entry wins, queued ones first. `match` keys: `model`, `method`,
`turn` (the number of non-model contents: 1 for the first question, 2 after one function response),
`pointer` with `value` (equal) or `contains` (a substring). Faults apply when they match and a draw under
`rate` (default 1) succeeds: a `status` fault answers that error instead; `cutAfter` ends a stream after that
many chunks; `latencyMs` adds up.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gemini_contract.answers import Outcome

RESPONSE_KEYS = frozenset(("match", "times", "body", "text", "functionCalls", "outcome"))
FAULT_KEYS = frozenset(("match", "times", "rate", "status", "retryDelay", "cutAfter", "latencyMs"))
MATCH_KEYS = frozenset(("model", "method", "turn", "pointer", "value", "contains"))
FAULT_STATUSES = (429, 500, 503)


class ScriptError(ValueError):
    """A scenario file that cannot be used; the message names the entry."""


@dataclass
class Entry:
    spec: dict[str, Any]
    left: int | None  # uses left; None: unlimited

    def take(self) -> None:
        if self.left is not None:
            self.left -= 1


@dataclass
class Script:
    responses: list[Entry] = field(default_factory=list)
    faults: list[Entry] = field(default_factory=list)

    def response_for(self, request: Any, model: str, method: str) -> dict[str, Any] | None:
        """The scripted response entry for this request (its use is counted), or None."""
        for queued_first in (True, False):
            for entry in self.responses:
                queued = "match" not in entry.spec
                if (
                    queued is queued_first
                    and entry.left != 0
                    and _matches(entry.spec.get("match", {}), request, model, method)
                ):
                    entry.take()
                    return entry.spec
        return None

    def faults_for(self, request: Any, model: str, method: str, rng: random.Random) -> list[dict[str, Any]]:
        fired = []
        for entry in self.faults:
            if entry.left == 0 or not _matches(entry.spec.get("match", {}), request, model, method):
                continue
            if rng.random() < entry.spec.get("rate", 1):
                entry.take()
                fired.append(entry.spec)
        return fired


def load_script(path: Path) -> Script:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScriptError(f"{path}: {exc}") from exc
    return parse_script(data, str(path))


def parse_script(data: Any, origin: str = "script") -> Script:
    if not isinstance(data, dict) or not set(data) <= {"responses", "faults"}:
        raise ScriptError(f"{origin}: a script is an object with 'responses' and/or 'faults'")
    script = Script()
    for i, spec in enumerate(data.get("responses", [])):
        checked = _check_response(spec, f"{origin}: responses[{i}]")
        script.responses.append(Entry(checked, checked.get("times", None if "match" in checked else 1)))
    for i, spec in enumerate(data.get("faults", [])):
        checked = _check_fault(spec, f"{origin}: faults[{i}]")
        script.faults.append(Entry(checked, checked.get("times")))  # a fault holds until its times run out
    return script


def _check_common(raw: Any, where: str, keys: frozenset[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}: not an object")
    spec: dict[str, Any] = raw
    unknown = set(spec) - keys
    if unknown:
        raise ScriptError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    match = spec.get("match", {})
    if not isinstance(match, dict) or set(match) - MATCH_KEYS:
        raise ScriptError(f"{where}: match takes {', '.join(sorted(MATCH_KEYS))}")
    if "times" in spec and not (isinstance(spec["times"], int) and spec["times"] >= 1):
        raise ScriptError(f"{where}: times must be a positive integer")
    return spec


def _check_response(raw: Any, where: str) -> dict[str, Any]:
    spec = _check_common(raw, where, RESPONSE_KEYS)
    kinds = [k for k in ("body", "text", "functionCalls", "outcome") if k in spec]
    if len(kinds) != 1:
        raise ScriptError(f"{where}: give exactly one of body, text, functionCalls, outcome")
    if "outcome" in spec and spec["outcome"] not in {o.value for o in Outcome}:
        raise ScriptError(f"{where}: outcome is one of {', '.join(o.value for o in Outcome)}")
    if "body" in spec:
        from gemini_contract.validator import Severity, validate_response

        report = validate_response(spec["body"])
        if not report.ok:
            first = next(f for f in report.findings if f.severity is Severity.ERROR)
            raise ScriptError(f"{where}: body is not a valid response: {first.pointer}: {first.message}")
    return spec


def _check_fault(raw: Any, where: str) -> dict[str, Any]:
    spec = _check_common(raw, where, FAULT_KEYS)
    if not any(k in spec for k in ("status", "cutAfter", "latencyMs")):
        raise ScriptError(f"{where}: a fault has status, cutAfter or latencyMs")
    if "status" in spec and spec["status"] not in FAULT_STATUSES:
        raise ScriptError(f"{where}: status is one of {FAULT_STATUSES}")
    rate = spec.get("rate", 1)
    if not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
        raise ScriptError(f"{where}: rate is a number in [0, 1]")
    return spec


def turn(request: Any) -> int:
    contents = request.get("contents", []) if isinstance(request, dict) else []
    if not isinstance(contents, list):
        return 0
    return sum(1 for c in contents if not (isinstance(c, dict) and c.get("role") == "model"))


def _matches(match: dict[str, Any], request: Any, model: str, method: str) -> bool:
    if "model" in match and match["model"].removeprefix("models/") != model.removeprefix("models/"):
        return False
    if "method" in match and match["method"] != method:
        return False
    if "turn" in match and match["turn"] != turn(request):
        return False
    if "pointer" in match:
        found, value = _at(request, match["pointer"])
        if not found:
            return False
        if "value" in match and value != match["value"]:
            return False
        if "contains" in match and not (isinstance(value, str) and match["contains"] in value):
            return False
    return True


def _at(document: Any, pointer: str) -> tuple[bool, Any]:
    node = document
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node
