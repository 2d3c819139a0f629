"""Conversation strategies: Parts with exactly one data member, turns, and `contents` whose function calls
are answered one-for-one by name in the next turn.

Rules honoured: Part oneof (GC208/GC209); a videoMetadata-only Part only right after a media Part
(GC324); every model functionCall part carries a thoughtSignature (GC327); a functionResponse turn
follows each model turn with calls and answers exactly those calls, by name and in order (GC319/GC320);
call names match [A-Za-z0-9_-]{1,128} (GC326).
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies import _index as ix
from gemini_contract.strategies import scalars
from gemini_contract.strategies.builder import field_strategy, for_type, generic, override
from gemini_contract.strategies.combinators import BOOLEANS, EMPTY, merged, mostly, objects, one, sparse

Obj = dict[str, Any]

MEDIA = ("inlineData", "fileData")
# Metadata that belongs next to each data member; partMetadata goes anywhere.
_METADATA: dict[str, tuple[str, ...]] = {
    "text": ("speechMetadata", "audioTranscription"),
    "inlineData": ("mediaResolution", "videoMetadata", "mediaProcessing"),
    "fileData": ("mediaResolution", "videoMetadata", "mediaProcessing"),
}
MAX_TURNS = 3
# Most requests are one exchange; multi-turn histories come a quarter of the time.
_ROUNDS = st.sampled_from((1, 1, 1, 1, 1, 1, 2, 3))  # one draw, not a one_of
_RARELY = st.sampled_from((False, False, False, True))
_USUALLY = st.sampled_from((True, True, True, False))
_USER_ROLES = st.sampled_from(("user", "user", None))
_RESPONSE_ROLES = st.sampled_from(("user", "function"))


def _field(name: str) -> st.SearchStrategy[Any]:
    return field_strategy(ix.fields("Part")[name])


@functools.cache
def part(member: str, *, model: bool = False) -> st.SearchStrategy[Obj]:
    """A Part holding `member`; in a model turn it may carry thought/thoughtSignature (calls always do)."""
    required = {member: _field(member)}
    optional_keys = [*_METADATA.get(member, ()), "partMetadata"]
    if model:
        if member == "functionCall":
            required["thoughtSignature"] = _field("thoughtSignature")
        else:
            optional_keys.append("thoughtSignature")
        if member == "text":
            optional_keys.append("thought")
    optional = {k: _field(k) for k in optional_keys}
    if member in MEDIA:  # media metadata (resolution, clipping, processing) is common on real media parts
        resolution = optional.pop("mediaResolution")
        return merged(
            objects(required, optional, max_optional=1), st.one_of(one("mediaResolution", resolution), EMPTY)
        )
    if member == "text":
        # Most text parts are a bare sentence: one pooled choice instead of a nested object draw.
        return mostly(scalars.text_parts(), objects(required, optional, max_optional=1))
    return sparse(required, optional, max_optional=1)


@functools.cache
def video_only_part() -> st.SearchStrategy[Obj]:
    """The one Part without a data member: videoMetadata for the media Part right before it (GC324)."""
    return st.fixed_dictionaries({"videoMetadata": _field("videoMetadata")})


@functools.cache
def _media_parts(model: bool) -> st.SearchStrategy[Obj]:
    return st.one_of(part("inlineData", model=model), part("fileData", model=model))


@st.composite
def _media_block(draw: st.DrawFn, model: bool) -> list[Obj]:
    media = draw(_media_parts(model))
    if "videoMetadata" not in media and draw(_RARELY):
        return [media, draw(video_only_part())]
    return [media]


@st.composite
def _code_block(draw: st.DrawFn) -> list[Obj]:
    code = draw(part("executableCode", model=True))
    if draw(_USUALLY):  # the result carries the outcome enum
        result = draw(part("codeExecutionResult", model=True))
        if "id" in code["executableCode"]:
            result["codeExecutionResult"]["id"] = code["executableCode"]["id"]
        return [code, result]
    return [code]


@st.composite
def _server_tool_block(draw: st.DrawFn) -> list[Obj]:
    """A server-side toolCall echoed back with its toolResponse (same toolType and id)."""
    call = draw(part("toolCall", model=True))
    response = draw(part("toolResponse", model=True))
    response["toolResponse"]["toolType"] = call["toolCall"]["toolType"]
    if "id" in call["toolCall"]:
        response["toolResponse"]["id"] = call["toolCall"]["id"]
    else:
        response["toolResponse"].pop("id", None)
    return [call, response]


def _text_block(model: bool) -> st.SearchStrategy[list[Obj]]:
    return part("text", model=model).map(lambda p: [p])


@functools.cache
def _blocks(model: bool, min_size: int) -> st.SearchStrategy[list[list[Obj]]]:
    if model:
        # Code and server-tool blocks (the only way to the outcome and ToolType values) twice as often as
        # text and media, which user turns carry too. Each call builds a distinct strategy: one_of keeps both.
        block = st.one_of(
            _text_block(True),
            _media_block(True),
            _code_block(),
            _code_block(),
            _server_tool_block(),
            _server_tool_block(),
        )
    else:
        block = st.one_of(_text_block(False), _text_block(False), _media_block(False))
    return st.lists(block, min_size=min_size, max_size=2)


def _flatten(blocks: list[list[Obj]]) -> list[Obj]:
    return [p for block in blocks for p in block]


@st.composite
def user_turn(draw: st.DrawFn) -> Obj:
    parts = _flatten(draw(_blocks(False, 1)))
    turn: Obj = {"parts": parts}
    role = draw(_USER_ROLES)
    if role is not None:
        turn["role"] = role
    return turn


_CALL_COUNTS = st.sampled_from((0, 0, 0, 0, 0, 1, 1, 2))


@st.composite
def model_turn(draw: st.DrawFn, *, calls: bool = True) -> Obj:
    """A model turn: text, media, code and server-tool blocks, then (sometimes) function calls."""
    n_calls = draw(_CALL_COUNTS) if calls else 0
    parts = _flatten(draw(_blocks(True, 0 if n_calls else 1)))
    for i in range(n_calls):
        call = draw(part("functionCall", model=True))
        if "id" in call["functionCall"]:
            call["functionCall"]["id"] += f"_{i}"  # parallel calls carry distinct ids
        parts.append(call)
    return {"role": "model", "parts": parts}


@functools.cache
def _answers() -> st.SearchStrategy[Obj]:
    """A functionResponse part without name and id (the turn copies them from the call it answers).

    scheduling two times in three (the only way to its values; one answer per call, so answers are
    few); non-empty parts (multimodal responses) or willContinue a third of the time each."""
    fields = ix.fields("FunctionResponse")
    answer = st.fixed_dictionaries({"response": field_strategy(fields["response"])})
    parts = st.lists(for_type("FunctionResponsePart"), min_size=1, max_size=2)
    extras = st.one_of(
        EMPTY, one("parts", parts), one("willContinue", field_strategy(fields["willContinue"]))
    )
    scheduling = mostly(one("scheduling", field_strategy(fields["scheduling"])), EMPTY, odds=2)
    response = merged(answer, extras, scheduling)
    return sparse({"functionResponse": response}, {"partMetadata": _field("partMetadata")})


@st.composite
def response_turn(draw: st.DrawFn, calls: list[Obj]) -> Obj:
    """The turn answering `calls` one-for-one, by name and in order; ids echoed when the call has one."""
    parts: list[Obj] = []
    for call in calls:
        answer = draw(_answers())
        echo = {"name": call["name"], **({"id": call["id"]} if "id" in call else {})}
        answer["functionResponse"] = {**echo, **answer["functionResponse"]}
        parts.append(answer)
    return {"role": draw(_RESPONSE_ROLES), "parts": parts}


_USER_TURNS = user_turn()
_MODEL_TURNS = model_turn()


def calls_of(turn: Obj) -> list[Obj]:
    return [p["functionCall"] for p in turn.get("parts", []) if "functionCall" in p]


@functools.cache
def contents(max_turns: int = MAX_TURNS) -> st.SearchStrategy[list[Obj]]:
    """A conversation of 1..max_turns exchanges; a model turn with calls is followed by its answers."""
    return _contents(max_turns)


@st.composite
def _contents(draw: st.DrawFn, max_turns: int) -> list[Obj]:
    turns: list[Obj] = []
    for _ in range(draw(_ROUNDS if max_turns == MAX_TURNS else st.integers(1, max_turns))):
        if draw(BOOLEANS):
            turns.append(draw(_USER_TURNS))
            continue
        turn = draw(_MODEL_TURNS)
        turns.append(turn)
        calls = calls_of(turn)
        if calls:
            turns.append(draw(response_turn(calls)))
    return turns


@functools.cache
def dialogues(max_turns: int = MAX_TURNS) -> st.SearchStrategy[list[Obj]]:
    """A conversation as a client sends it: a user turn first, then model and user turns alternating,
    ending on a user turn (a new message, or the answers to the model's function calls, role "user")."""
    return _dialogue(max_turns)


@st.composite
def _dialogue(draw: st.DrawFn, max_turns: int) -> list[Obj]:
    turns = [_as_user(draw(_USER_TURNS))]
    for _ in range(draw(_ROUNDS if max_turns == MAX_TURNS else st.integers(1, max_turns)) - 1):
        turn = draw(_MODEL_TURNS)
        turns.append(turn)
        calls = calls_of(turn)
        answer = draw(response_turn(calls)) if calls else draw(_USER_TURNS)
        turns.append(_as_user(answer))
    return turns


def _as_user(turn: Obj) -> Obj:
    """The turn with role "user", written first (as clients and the docs write it)."""
    return {"role": "user", **{key: value for key, value in turn.items() if key != "role"}}


@functools.cache
def system_instructions() -> st.SearchStrategy[Obj]:
    """systemInstruction: text parts only, no role (the server ignores it)."""
    return st.fixed_dictionaries({"parts": st.lists(part("text"), min_size=1, max_size=2)})


@override("Part")
def _part() -> st.SearchStrategy[Obj]:
    data = ix.oneof_data("Part")
    return st.one_of(*(part(m, model=m != "functionResponse") for m in data))


@override("Content")
def _content() -> st.SearchStrategy[Obj]:
    return st.one_of(user_turn(), model_turn(calls=False))


@override("Transcription")
def _transcription() -> st.SearchStrategy[Obj]:
    # Word timings (WordInfo, found nowhere else) in half of the transcriptions.
    words = one("words", st.lists(for_type("WordInfo"), min_size=1, max_size=3))
    return merged(generic("Transcription", exclude=frozenset({"words"})), mostly(words, EMPTY, odds=1))


@override("FunctionCall")
def _function_call() -> st.SearchStrategy[Obj]:
    fields = ix.fields("FunctionCall")
    return objects(
        {"name": scalars.call_names()},
        {"id": field_strategy(fields["id"]), "args": field_strategy(fields["args"])},
    )
