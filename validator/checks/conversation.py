"""Rules on turns and parts: Part data members, function call/response pairing, sizes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gemini_contract.validator.checks import models
from gemini_contract.validator.checks.walk import objects, turns
from gemini_contract.validator.findings import Issue
from gemini_contract.validator.text import show

if TYPE_CHECKING:
    from gemini_contract.validator.checks import Context

FUNCTION_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
MAX_NAME = 128
MAX_INLINE_BYTES = 100_000_000  # base64 text per request since 2026-01-12 (S9)
# Twice the largest context window of any Gemini model (2,097,152 tokens) at ~4 characters per token:
# text beyond this cannot fit any model, so the request is certain to be rejected.
MAX_TEXT_CHARS = 4 * 2 * 2_097_152
MEDIA = ("inlineData", "fileData")


def video_metadata(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for pointer, content in turns(doc):
        content_parts = list(objects(content.get("parts")))
        if any(m in part for _, part in content_parts for m in MEDIA):
            continue
        for p, part in content_parts:
            if "videoMetadata" in part:
                yield Issue(
                    "GC324",
                    f"{pointer}/parts/{p}/videoMetadata",
                    "videoMetadata without a video (inlineData or fileData) in this turn",
                    "put it in the Part that holds the video",
                    at_key=True,
                )


def function_names(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    # Plain loops (no helper generators): this runs for every conversation with function calls.
    for pointer, content in turns(doc):
        parts = content.get("parts")
        if type(parts) is not list:
            continue
        for p, part in enumerate(parts):
            if type(part) is not dict:
                continue
            for member in ("functionCall", "functionResponse"):
                call = part.get(member)
                name = call.get("name") if type(call) is dict else None
                if (
                    type(name) is str
                    and name
                    and (len(name) > MAX_NAME or not FUNCTION_NAME.issuperset(name))
                ):
                    yield Issue(
                        "GC326",
                        f"{pointer}/parts/{p}/{member}/name",
                        f"{show(name)}: function call names use letters, digits, _ and -, at most 128",
                    )


def _calls(content: dict[str, Any], member: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    parts = content.get("parts")
    if type(parts) is list:
        for p, part in enumerate(parts):
            value = part.get(member) if type(part) is dict else None
            if type(value) is dict:
                name = value.get("name")
                found.append((p, name if type(name) is str else ""))
    return found


def function_turns(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    # One pass, the turn before each at hand (objects() and a list of pairs cost a third of this check, which
    # runs for every conversation with a function response).
    contents = doc.get("contents")
    previous_index, previous = -1, _NO_TURN
    for i, content in enumerate(contents if type(contents) is list else ()):
        if type(content) is not dict:
            continue
        turn_index, turn = previous_index, previous
        previous_index, previous = i, content
        responses = _calls(content, "functionResponse")
        if not responses:
            continue
        yield from _answers(i, responses, turn_index, turn, ctx)


_NO_TURN: dict[str, Any] = {}


def _answers(
    i: int, responses: list[tuple[int, str]], previous_index: int, previous: dict[str, Any], ctx: Context
) -> Iterator[Issue]:
    """GC319, GC320 and GC327 for the function responses of contents[i], given the turn before it."""
    calls = _calls(previous, "functionCall")
    if not calls:
        # Server: "Please ensure that function response turn comes immediately after a function call turn."
        yield Issue(
            "GC319",
            f"/contents/{i}/parts/{responses[0][0]}/functionResponse",
            "a functionResponse turn must come right after the model turn with the functionCall",
            "put the model's functionCall turn before it",
        )
        return
    names = [name for _, name in calls]
    for p, name in responses:
        if name and name not in names:  # an empty name is already a schema finding (GC207)
            yield Issue(
                "GC319",
                f"/contents/{i}/parts/{p}/functionResponse/name",
                f"functionResponse {show(name)} answers no functionCall of contents[{previous_index}]",
                "one of: " + ", ".join(show(n) for n in names),
            )
    if len(responses) != len(calls):
        said = f"{len(calls)} function calls in contents[{previous_index}], {len(responses)} responses in contents[{i}]"
        hint = "answer every functionCall of a turn with one functionResponse in the next turn"
        # One finding, at the response turn: the server names it ("the number of function response
        # parts is equal to ... the function call turn"), and that is where an answer is missing or extra.
        yield Issue("GC320", f"/contents/{i}/parts", said, hint)
    first = next(p for p, _ in calls)
    if previous.get("role") == "model" and "thoughtSignature" not in obj_part(previous, first):
        yield from _missing_signature(f"/contents/{previous_index}/parts/{first}", ctx)


def _missing_signature(pointer: str, ctx: Context) -> Iterator[Issue]:
    """GC327: a warning for any model; for a model of the table, the family's fact decides (silent where
    signatures are not required, its severity where they are)."""
    fact = ctx.fact("thoughtSignatures")
    message = "the first functionCall of this model turn has no thoughtSignature"
    if fact is None:
        hint = "echo the thoughtSignature the model returned (Gemini 3 rejects the request without it)"
        yield Issue("GC327", pointer, message, hint)
    elif fact.value is True:
        yield models.issue("GC327", pointer, message, fact, ctx)


def obj_part(content: dict[str, Any], index: int) -> dict[str, Any]:
    part = content["parts"][index]
    return part if type(part) is dict else {}


def sizes(doc: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    inline = 0
    text = 0
    for _, content in turns(doc):
        for _, part in objects(content.get("parts")):
            blob = part.get("inlineData")
            if type(blob) is dict and type(blob.get("data")) is str:
                inline += len(blob["data"])
            if type(part.get("text")) is str:
                text += len(part["text"])
    if inline > MAX_INLINE_BYTES:
        yield Issue(
            "GC322",
            "/contents",
            f"{inline:,} bytes of inline base64 data; the limit is 100 MB per request",
            "upload large files with the Files API and send fileData",
        )
    if text > MAX_TEXT_CHARS:
        yield Issue(
            "GC335",
            "/contents",
            f"{text:,} characters of text cannot fit the context window of any model",
            "shorten the input or use a file",
        )
