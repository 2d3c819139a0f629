"""The mock's HTTP-free core: a `Call` (method, path, query, headers, body) in, a `Reply` out. Routing, auth,
size limit, validation with the full validator, scripted answers, generated answers and faults are decided
here; `app` only moves bytes (Prism's split of its HTTP engine from its server).

Answers are deterministic: the random source is seeded by (--seed, method, model, canonical request), so the
same request to a server started with the same seed gets the same answer, streamed or not.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from gemini_contract.answers import Outcome, answer, chunks, count_tokens
from gemini_contract.mock import errors
from gemini_contract.mock.models import ModelTable
from gemini_contract.mock.scenarios import Script
from gemini_contract.validator import Finding, Severity, validate

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # the API's inline request limit (20 MB)
VERSIONS = ("v1", "v1beta", "v1alpha")
_MODEL_CALL = re.compile(r"^/(v1|v1beta|v1alpha)/models/([^/:]+):([A-Za-z]+)$")
_MODELS = re.compile(r"^/(v1|v1beta|v1alpha)/models/?$")
_MODEL = re.compile(r"^/(v1|v1beta|v1alpha)/models/([^/:]+)$")
METHODS = ("generateContent", "streamGenerateContent", "countTokens")


@dataclass(frozen=True)
class Call:
    """One HTTP request as the engine needs it (header names lower-case)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes = b""


@dataclass
class Reply:
    """What to send: a JSON body, or stream chunks (SSE or one JSON array), and the faults to play."""

    status: int
    body: Any = None
    chunks: list[dict[str, Any]] | None = None
    sse: bool = False
    cut_after: int | None = None  # end the stream abruptly after this many chunks
    delay: float = 0.0  # seconds before the first byte
    findings: tuple[Finding, ...] = ()
    request: Any = None  # the parsed request body, for the record
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class MockConfig:
    seed: int = 0
    profile: str = "google"
    table: ModelTable | None = None  # None: every model name is served
    script: Script | None = None
    api_key: str | None = None  # None: any key is accepted, but one is required
    require_key: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES


class Engine:
    def __init__(self, config: MockConfig) -> None:
        self.config = config

    def handle(self, call: Call) -> Reply:
        denied = self._auth(call)
        if denied is not None:
            return denied
        if call.method == "POST" and (m := _MODEL_CALL.match(call.path)):
            return self._model_call(call, m.group(1), m.group(2), m.group(3))
        if call.method == "GET" and _MODELS.match(call.path):
            return self._list_models(call)
        if call.method == "GET" and (m := _MODEL.match(call.path)):
            return self._get_model(m.group(2), m.group(1))
        return Reply(404, errors.not_found(f"Method not found: {call.method} {call.path}"))

    def _auth(self, call: Call) -> Reply | None:
        key = call.headers.get("x-goog-api-key") or call.query.get("key")
        bearer = call.headers.get("authorization")
        if key is None and bearer is not None:
            scheme, _, token = bearer.partition(" ")
            return (
                None
                if scheme.lower() == "bearer" and token.strip()
                else Reply(401, errors.invalid_credentials())
            )
        if key is None:
            return Reply(403, errors.unregistered_caller()) if self.config.require_key else None
        if self.config.api_key is not None and key != self.config.api_key:
            return Reply(400, errors.invalid_api_key())
        return None

    def _model_call(self, call: Call, version: str, model: str, method: str) -> Reply:
        if method not in METHODS:
            return Reply(404, errors.not_found(f"Method not found: models/{model}:{method}"))
        if self.config.table is not None and self.config.table.find(model) is None:
            return Reply(
                404,
                errors.not_found(
                    f"models/{model} is not found for API version {version}, or is not supported for "
                    f"{method}. Call ListModels to see the list of available models and their supported methods."
                ),
            )
        if len(call.body) > self.config.max_bytes:
            return Reply(413, errors.too_large(len(call.body), self.config.max_bytes))
        request, findings = self._validated(call.body, method, model)
        if any(f.severity is Severity.ERROR for f in findings):
            return Reply(400, errors.invalid_request(findings), findings=findings, request=request)
        rng = random.Random(_seed(self.config.seed, method, model, request))
        fault = self._faulted(request, model, method, rng)
        if fault is not None and fault.status:
            reply = fault
        else:
            reply = self._answer(call, request, model, method, rng)
            if fault is not None:  # latency and a cut stream play over the usual answer
                reply.delay, reply.cut_after = fault.delay, fault.cut_after
        reply.findings, reply.request = findings, request
        return reply

    def _validated(self, body: bytes, method: str, model: str) -> tuple[Any, tuple[Finding, ...]]:
        return check_request(body, method, self.config.profile, self.config.max_bytes, model)

    def _faulted(self, request: Any, model: str, method: str, rng: random.Random) -> Reply | None:
        script = self.config.script
        if script is None:
            return None
        fired = script.faults_for(request, model, method, random.Random(rng.random()))
        delay = sum(f.get("latencyMs", 0) for f in fired) / 1000
        for fault in fired:
            status = fault.get("status")
            if status == 429:
                return Reply(429, errors.quota_exhausted(model, fault.get("retryDelay", "1s")), delay=delay)
            if status in (500, 503):
                return Reply(
                    status, errors.internal() if status == 500 else errors.unavailable(), delay=delay
                )
        cut = next((f["cutAfter"] for f in fired if "cutAfter" in f), None)
        if delay or cut is not None:
            return Reply(0, delay=delay, cut_after=cut)  # status 0: "answer as usual, with these faults"
        return None

    def _answer(self, call: Call, request: Any, model: str, method: str, rng: random.Random) -> Reply:
        if method == "countTokens":
            total = count_tokens(request)
            details = [{"modality": "TEXT", "tokenCount": total}] if total else []
            return Reply(200, {"totalTokens": total, **({"promptTokensDetails": details} if details else {})})
        body = self._scripted(request, model, method, rng) or answer(request, rng, model=model)
        if method == "generateContent":
            return Reply(200, body)
        return Reply(200, chunks=chunks(body, rng), sse=call.query.get("alt") == "sse")

    def _scripted(self, request: Any, model: str, method: str, rng: random.Random) -> dict[str, Any] | None:
        script = self.config.script
        spec = script.response_for(request, model, method) if script is not None else None
        if spec is None:
            return None
        if "body" in spec:
            body: dict[str, Any] = spec["body"]
            return body
        if "outcome" in spec:
            return answer(request, rng, model=model, outcome=Outcome(spec["outcome"]))
        if "text" in spec:
            parts: list[dict[str, Any]] = [{"text": spec["text"]}]
        else:
            parts = [{"functionCall": call} for call in spec["functionCalls"]]
        generated = answer({"contents": request.get("contents", [])}, rng, model=model)
        generated["candidates"] = [{"content": {"parts": parts, "role": "model"}, "finishReason": "STOP"}]
        return generated

    def _list_models(self, call: Call) -> Reply:
        models = list(self.config.table.models) if self.config.table is not None else []
        size = _int(call.query.get("pageSize"), 50) or 50
        start = _int(call.query.get("pageToken"), 0)
        page: dict[str, Any] = {"models": models[start : start + size]}
        if start + size < len(models):
            page["nextPageToken"] = str(start + size)
        return Reply(200, page)

    def _get_model(self, model: str, version: str) -> Reply:
        found = self.config.table.find(model) if self.config.table is not None else None
        if found is None:
            return Reply(404, errors.not_found(f"models/{model} is not found for API version {version}."))
        return Reply(200, found)


def check_request(
    body: bytes, method: str, profile: str, max_bytes: int, model: str | None = None
) -> tuple[Any, tuple[Finding, ...]]:
    """The canonical request and every finding, with the rules of the model in the URL (the model table's);
    countTokens' `generateContentRequest` form is checked as the request it wraps."""
    if method == "countTokens":
        try:
            wrapper = orjson.loads(body)
        except orjson.JSONDecodeError:
            wrapper = None
        if isinstance(wrapper, dict) and isinstance(wrapper.get("generateContentRequest"), dict):
            inner = dict(wrapper["generateContentRequest"])
            inner.pop("model", None)  # required here, unlike in a generateContent body
            report = validate(inner, profile=profile, max_bytes=max_bytes, model=model)
            moved = tuple(_prefixed(f, "/generateContentRequest") for f in report.findings)
            return report.canonical, moved
    report = validate(body, profile=profile, max_bytes=max_bytes, model=model)
    return report.canonical, report.findings


def model_call(method: str, path: str) -> tuple[str, str, str] | None:
    """(version, model, method) of a POST to a model method, else None."""
    found = _MODEL_CALL.match(path) if method == "POST" else None
    return (found.group(1), found.group(2), found.group(3)) if found else None


def _seed(seed: int, method: str, model: str, request: Any) -> int:
    # The stream and the plain call draw the same answer: method only matters for countTokens.
    kind = "count" if method == "countTokens" else "generate"
    try:
        text = orjson.dumps([seed, kind, model.removeprefix("models/"), request], option=orjson.OPT_SORT_KEYS)
    except TypeError:  # past orjson's limits (a 65-bit integer, deep nesting): any stable text will do
        text = repr([seed, kind, model, request]).encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


def _int(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isdigit() else default


def _prefixed(finding: Finding, prefix: str) -> Finding:
    from dataclasses import replace

    return replace(finding, pointer=prefix + finding.pointer, line=None, column=None, span=None)
