"""Overrides for the configuration and tool messages whose fields constrain each other (rules GC3xx).

Each override is the generic schema strategy with the correlated properties taken out and drawn as one
group that satisfies the rule: thinkingBudget XOR thinkingLevel, voiceConfig XOR multiSpeakerVoiceConfig,
parameters XOR parametersJsonSchema, responseSchema only with a JSON or enum MIME type, and so on.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies import scalars, schemas
from gemini_contract.strategies.builder import field_strategy, for_type, generic, override
from gemini_contract.strategies.combinators import (
    BOOLEANS,
    EMPTY,
    any_keys,
    merged,
    mostly,
    objects,
    one,
    some_of,
)

Obj = dict[str, Any]


def _ref(name: str) -> st.SearchStrategy[Any]:
    return for_type(name)


@override("Schema")
def _schema() -> st.SearchStrategy[Obj]:
    return schemas.gemini_schemas()


RESPONSE_FORMAT = frozenset(
    {"responseMimeType", "responseSchema", "responseJsonSchema", "_responseJsonSchema"}
)
LOGPROBS = frozenset({"responseLogprobs", "logprobs"})


def response_formats() -> st.SearchStrategy[Obj]:
    """The output-format group of GenerationConfig (rules GC303, GC304)."""
    json_mime = st.just("application/json")
    return st.one_of(
        EMPTY,
        one("responseMimeType", st.sampled_from(("text/plain", "application/json"))),
        st.fixed_dictionaries({"responseMimeType": json_mime, "responseSchema": schemas.root_schemas()}),
        st.fixed_dictionaries(
            {"responseMimeType": st.just("text/x.enum"), "responseSchema": schemas.enum_response_schemas()}
        ),
        st.fixed_dictionaries({"responseMimeType": json_mime, "responseJsonSchema": schemas.json_schemas()}),
        st.fixed_dictionaries({"responseMimeType": json_mime, "_responseJsonSchema": schemas.json_schemas()}),
    )


def logprobs_settings() -> st.SearchStrategy[Obj]:
    """logprobs only together with responseLogprobs true (rule GC308)."""
    return st.one_of(
        EMPTY,
        one("responseLogprobs", st.booleans()),
        st.fixed_dictionaries({"responseLogprobs": st.just(True), "logprobs": st.integers(0, 20)}),
    )


NESTED_CONFIGS = frozenset(
    {"speechConfig", "imageConfig", "audioTranscriptionConfig", "mediaResolution", "responseModalities"}
)


@override("GenerationConfig")
def _generation_config() -> st.SearchStrategy[Obj]:
    # Sampling scalars and nested configs are drawn as separate small groups, so that each nested config
    # (and the rare types below it) turns up often enough for the coverage target.
    excluded = RESPONSE_FORMAT | LOGPROBS | NESTED_CONFIGS | {"thinkingConfig"}
    base = generic("GenerationConfig", exclude=excluded)
    fields = ix.fields("GenerationConfig")
    # Each nested config half of the time: the rare types and enum values lie below them.
    nested = any_keys({}, {k: field_strategy(fields[k]) for k in sorted(NESTED_CONFIGS)})
    # thinkingConfig is in most requests to current models: its own group, three times in four.
    thinking = mostly(one("thinkingConfig", field_strategy(fields["thinkingConfig"])), EMPTY)
    return merged(base, nested, thinking, response_formats(), logprobs_settings())


@override("ThinkingConfig")
def _thinking_config() -> st.SearchStrategy[Obj]:
    base = generic("ThinkingConfig", exclude=frozenset({"thinkingBudget", "thinkingLevel"}))
    budget = st.integers(-1, 32768)
    # thinkingLevel (the current models' knob, and the only way to its six values) two times in three.
    level = one("thinkingLevel", _ref("ThinkingConfigThinkingLevel"))
    return merged(base, mostly(level, st.one_of(one("thinkingBudget", budget), EMPTY), odds=2))


@override("SpeechConfig")
def _speech_config() -> st.SearchStrategy[Obj]:
    base = generic("SpeechConfig", exclude=frozenset({"voiceConfig", "multiSpeakerVoiceConfig"}))
    voice = st.one_of(
        EMPTY,
        one("voiceConfig", _ref("VoiceConfig")),
        one("multiSpeakerVoiceConfig", _ref("MultiSpeakerVoiceConfig")),
    )
    return merged(base, voice)


@override("ReplicatedVoiceConfig")
def _replicated_voice() -> st.SearchStrategy[Obj]:
    # A voice clone comes with its sample; the consent audio and signature each half of the time.
    fields = ix.fields("ReplicatedVoiceConfig")
    sample = {k: field_strategy(fields[k]) for k in ("mimeType", "voiceSampleAudio")}
    return any_keys(sample, {k: field_strategy(fields[k]) for k in ("consentAudio", "voiceConsentSignature")})


@override("VoiceConfig")
def _voice_config() -> st.SearchStrategy[Obj]:
    # The members form the voice_config oneof: exactly one of them.
    return st.one_of(
        one("prebuiltVoiceConfig", _ref("PrebuiltVoiceConfig")),
        one("replicatedVoiceConfig", _ref("ReplicatedVoiceConfig")),
        one("voice", scalars.voice_names()),
    )


@override("MultiSpeakerVoiceConfig")
def _multi_speaker() -> st.SearchStrategy[Obj]:
    speakers = st.lists(_ref("SpeakerVoiceConfig"), min_size=1, max_size=2, unique_by=lambda s: s["speaker"])
    return one("speakerVoiceConfigs", speakers)


@override("SpeakerVoiceConfig")
def _speaker() -> st.SearchStrategy[Obj]:
    return st.fixed_dictionaries(
        {"speaker": st.sampled_from(("Joe", "Jane", "Narrator", "Host")), "voiceConfig": _ref("VoiceConfig")}
    )


@override("AudioTranscriptionConfig")
def _transcription_config() -> st.SearchStrategy[Obj]:
    languages = frozenset({"languageCodes", "languageAuto", "languageHints"})
    base = generic("AudioTranscriptionConfig", exclude=languages, force=frozenset({"mode"}))
    fields = ix.fields("AudioTranscriptionConfig")
    language = st.one_of(EMPTY, *(one(k, field_strategy(fields[k])) for k in sorted(languages)))
    return merged(base, language)


@override("Interval")
def _interval() -> st.SearchStrategy[Obj]:
    """Both ends or neither (GC325); drawn as both, start before end."""

    def build(start: int, length: int, fa: tuple[int, int, int], fb: tuple[int, int, int]) -> Obj:
        return {"startTime": scalars.rfc3339(start, *fa), "endTime": scalars.rfc3339(start + length, *fb)}

    fmt = scalars.timestamp_formats()
    return st.builds(build, scalars.epoch_seconds(), st.integers(3600, 86400 * 365), fmt, fmt)


@override("FunctionDeclaration")
def _function_declaration() -> st.SearchStrategy[Obj]:
    schema_keys = frozenset({"parameters", "parametersJsonSchema", "response", "responseJsonSchema"})
    base = generic("FunctionDeclaration", exclude=schema_keys, force=frozenset({"description"}))
    parameters = st.one_of(
        one("parameters", schemas.parameters_schemas()),
        one("parametersJsonSchema", schemas.json_schema_objects()),
        EMPTY,
    )
    response = st.one_of(
        EMPTY, one("response", schemas.root_schemas(1)), one("responseJsonSchema", schemas.json_schemas(1))
    )
    return merged(base, parameters, response)


@override("Tool")
def _tool() -> st.SearchStrategy[Obj]:
    """Function declarations half of the time; otherwise built-in tools, each one in half of those (one
    Tool object may combine them). Each built-in is thus in about one tool in four: the rare types and
    enum values below them (computerUse, mcpServers, googleSearch.searchTypes) come often enough."""
    members = {k: field_strategy(f) for k, f in ix.fields("Tool").items()}
    chosen = some_of([k for k in members if k != "functionDeclarations"], min_size=1)

    @st.composite
    def built_ins(draw: st.DrawFn) -> Obj:
        return {k: draw(members[k]) for k in draw(chosen)}

    # Function declarations are the most common tool by far (and what a Tool shrinks to).
    return st.one_of(one("functionDeclarations", members["functionDeclarations"]), built_ins())


@override("FunctionCallingConfig")
def _function_calling_config() -> st.SearchStrategy[Obj]:
    return function_calling_configs(
        st.lists(scalars.declaration_names(), min_size=1, max_size=3, unique=True)
    )


_NAMED_MODES = ("ANY", "VALIDATED")


def function_calling_configs(names: st.SearchStrategy[list[str]]) -> st.SearchStrategy[Obj]:
    """A mode, uniform over every value, three times in four (else `{}`); with ANY or VALIDATED, half of
    the time the allowedFunctionNames drawn from `names` too (never with another mode: GC307)."""
    modes = _ref("FunctionCallingConfigMode")

    @st.composite
    def with_mode(draw: st.DrawFn) -> Obj:
        config: Obj = {"mode": draw(modes)}
        if config["mode"] in _NAMED_MODES and draw(BOOLEANS):
            config["allowedFunctionNames"] = draw(names)
        return config

    return mostly(with_mode(), EMPTY)


@override("FunctionResponsePart")
def _function_response_part() -> st.SearchStrategy[Obj]:
    base = generic("FunctionResponsePart", exclude=frozenset({"inlineData", "fileData"}))
    data = st.one_of(
        one("inlineData", _ref("FunctionResponseBlob")), one("fileData", _ref("FunctionResponseFileData"))
    )
    return merged(data, base)


@override("FunctionResponseBlob")
def _function_response_blob() -> st.SearchStrategy[Obj]:
    return objects({"mimeType": scalars.mime_types(), "data": scalars.base64s()})


@override("Blob")
def _blob() -> st.SearchStrategy[Obj]:
    base = generic("Blob", exclude=frozenset({"mimeType", "data"}))
    return merged(objects({"mimeType": scalars.mime_types(), "data": scalars.base64s()}), base)


@override("FileData")
def _file_data() -> st.SearchStrategy[Obj]:
    return generic("FileData", force=frozenset({"mimeType"}))


@override("MediaResolution")
def _media_resolution() -> st.SearchStrategy[Obj]:
    return generic("MediaResolution", force=frozenset({"level"}))


@override("ComputerUse")
def _computer_use() -> st.SearchStrategy[Obj]:
    # Disabled safety policies carry the SafetyPolicy enum: forced in three of four computerUse tools.
    return mostly(generic("ComputerUse", force=frozenset({"disabledSafetyPolicies"})), generic("ComputerUse"))


@override("GoogleSearch")
def _google_search() -> st.SearchStrategy[Obj]:
    # Each member (timeRangeFilter: Interval; searchTypes) in half of the googleSearch tools.
    return any_keys({}, {k: field_strategy(f) for k, f in ix.fields("GoogleSearch").items()})


@override("SearchTypes")
def _search_types() -> st.SearchStrategy[Obj]:
    # Web search, image search or both: an empty searchTypes selects nothing.
    return any_keys({}, {k: field_strategy(f) for k, f in ix.fields("SearchTypes").items()}, min_optional=1)


@override("GoogleMaps")
def _google_maps() -> st.SearchStrategy[Obj]:
    return any_keys({}, {k: field_strategy(f) for k, f in ix.fields("GoogleMaps").items()})


@override("McpServer")
def _mcp_server() -> st.SearchStrategy[Obj]:
    # A server is a name and its transport (both optional in the schema, both in every real one).
    return generic("McpServer", force=frozenset({"name", "streamableHttpTransport"}))


@override("GoogleSearchRetrieval")
def _search_retrieval() -> st.SearchStrategy[Obj]:
    return generic("GoogleSearchRetrieval", force=frozenset({"dynamicRetrievalConfig"}))


@override("DynamicRetrievalConfig")
def _dynamic_retrieval() -> st.SearchStrategy[Obj]:
    return generic("DynamicRetrievalConfig", force=frozenset({"mode"}))
