"""Strategies for the leaf values of a request: texts, names, base64, durations, timestamps and JSON values.

Patterned strings are built constructively (never by regex search), so every draw matches its pattern
and drawing stays fast. Sizes are bounded so that a full request stays small.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import string
from typing import Any

from hypothesis import strategies as st

from gemini_contract.strategies._index import enum_values
from gemini_contract.strategies.combinators import mostly

JSON = Any

# Characters for free text: printable ASCII plus a few non-ASCII letters and an emoji (UTF-8 paths), no
# surrogates (not encodable) and no control characters (realistic prompts; the parser tests cover those).
_TEXT_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_SENTENCES = (
    "Hello",
    "Explain how AI works in a few words",
    "What is the weather in Paris?",
    "Summarize this document.",
    "Describe the image.",
    "Écris un résumé en français.",
    "日本語で答えてください。",
    "Write a haiku about the sea 🌊",
    "Return the answer as JSON.",
    "Call the tool with the right arguments.",
)
_NAMES = (
    "location",
    "unit",
    "query",
    "city",
    "date",
    "count",
    "items",
    "user_id",
    "temperature",
    "tags",
    "name",
    "result",
)


def texts() -> st.SearchStrategy[str]:
    """Descriptive text (descriptions, titles): ready sentences, one choice each."""
    return st.sampled_from(_SENTENCES)


def free_texts(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Prompt text: mostly ready sentences (readable samples), sometimes arbitrary Unicode."""
    return mostly(st.sampled_from(_SENTENCES), st.text(_TEXT_ALPHABET, min_size=min_size, max_size=max_size))


def text_parts() -> st.SearchStrategy[dict[str, str]]:
    """`{"text": sentence}`: the commonest Part, drawn as one choice (a fresh dict each time)."""
    return st.sampled_from(_SENTENCES).map(lambda text: {"text": text})


def identifiers() -> st.SearchStrategy[str]:
    """A short ASCII identifier (map keys, property names): realistic names, sometimes random ones."""
    random_name = st.text(string.ascii_letters + "_", min_size=1, max_size=12)
    return mostly(st.sampled_from(_NAMES), random_name)


def ids() -> st.SearchStrategy[str]:
    """An opaque id (FunctionCall.id and the like)."""
    return st.integers(1, 9999).map(lambda n: f"call_{n}")


_FUNCTION_NAMES = st.sampled_from(
    ("get_weather", "get_current_time", "search_docs", "set_light_values", "lookup-order", "sendEmail", "f")
)


def declaration_names() -> st.SearchStrategy[str]:
    """FunctionDeclaration.name: ^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$, realistic length."""
    head = st.sampled_from(string.ascii_letters + "_")
    tail = st.text(string.ascii_letters + string.digits + "_.:-", max_size=30)
    return mostly(_FUNCTION_NAMES, st.builds(lambda h, t: h + t, head, tail), odds=2)


def call_names() -> st.SearchStrategy[str]:
    """FunctionCall/FunctionResponse.name: [A-Za-z0-9_-]{1,128} (rule GC326), which declaration names
    also satisfy when drawn from this strategy: start with a letter."""
    head = st.sampled_from(string.ascii_letters)
    tail = st.text(string.ascii_letters + string.digits + "_-", max_size=30)
    return mostly(_FUNCTION_NAMES, st.builds(lambda h, t: h + t, head, tail), odds=2)


def base64s(max_bytes: int = 48) -> st.SearchStrategy[str]:
    """Standard, padded base64 of arbitrary bytes (the canonical `bytes` spelling)."""
    return st.binary(max_size=max_bytes).map(lambda b: base64.b64encode(b).decode("ascii"))


def durations() -> st.SearchStrategy[str]:
    """google.protobuf.Duration: decimal seconds, 0-9 fractional digits, `s` suffix (non-negative)."""
    frac = mostly(st.just(""), st.text("0123456789", min_size=1, max_size=9).map(lambda f: "." + f))
    return st.builds(lambda w, f: f"{w}{f}s", st.integers(0, 7200), frac)


# Seconds since the epoch, 2000-01-01 .. 2035-12-31: timestamps are drawn as one integer, not six fields.
EPOCH_MIN = 946_684_800
EPOCH_MAX = 2_082_758_399


def epoch_seconds() -> st.SearchStrategy[int]:
    return st.integers(EPOCH_MIN, EPOCH_MAX)


def rfc3339(seconds: int, offset_minutes: int = 0, digits: int = 0, nanos: int = 0) -> str:
    """Format a moment as an RFC 3339 timestamp with a UTC offset and 0-9 fractional digits."""
    zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
    text = dt.datetime.fromtimestamp(seconds, zone).strftime("%Y-%m-%dT%H:%M:%S")
    if digits:
        text += "." + f"{nanos:09d}"[:digits]
    if offset_minutes == 0:
        return text + "Z"
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


_OFFSETS = (0, 60, -300, 330, 840, -720)


def timestamp_formats() -> st.SearchStrategy[tuple[int, int, int]]:
    """(offset minutes, fractional digits, nanoseconds) for rfc3339(): UTC `Z` and no fraction mostly."""
    return mostly(
        st.just((0, 0, 0)),
        st.tuples(st.sampled_from(_OFFSETS), st.integers(0, 9), st.integers(0, 999_999_999)),
    )


def timestamps() -> st.SearchStrategy[str]:
    """google.protobuf.Timestamp: RFC 3339 with `Z` or an offset and 0-9 fractional digits."""
    return st.builds(lambda s, f: rfc3339(s, *f), epoch_seconds(), timestamp_formats())


def decimals(low: float, high: float, places: int = 2) -> st.SearchStrategy[float]:
    """A number with few decimal places in [low, high] (what people write: 0.7, 0.95)."""
    scale = 10**places
    return st.integers(round(low * scale), round(high * scale)).map(lambda n: n / scale)


def floats_in(
    low: float, high: float, *, exclude_min: bool = False, single: bool = False
) -> st.SearchStrategy[float]:
    """Realistic decimals mostly, any float in range sometimes (edge cases such as 5e-324)."""
    decimal = decimals(low, high).filter(lambda x: x > low) if exclude_min else decimals(low, high)
    any_float = st.floats(low, high, exclude_min=exclude_min, allow_nan=False, width=32 if single else 64)
    return st.one_of(decimal, any_float)


_SAFE_INT = 2**53
_KEY = identifiers()


def json_scalars() -> st.SearchStrategy[JSON]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-_SAFE_INT, _SAFE_INT),
        st.floats(-1e12, 1e12, allow_nan=False),
        free_texts(0, 20),
    )


# Realistic Struct payloads: function arguments and results as clients send them.
_STRUCTS: tuple[dict[str, JSON], ...] = (
    {},
    {"location": "Paris", "unit": "celsius"},
    {"query": "gemini api", "max_results": 5},
    {"result": {"temperature": 21.5, "conditions": ["sunny", "windy"]}},
    {"output": "ok"},
    {"error": {"code": 404, "message": "not found"}},
    {"items": [1, 2, 3], "done": True, "next": None},
)


def json_values(max_leaves: int = 3) -> st.SearchStrategy[JSON]:
    """google.protobuf.Value: any JSON (integers within +-2**53 so that every parser reads them exactly)."""
    return st.recursive(
        json_scalars(),
        lambda children: st.one_of(
            st.lists(children, max_size=2), st.dictionaries(_KEY, children, max_size=2)
        ),
        max_leaves=max_leaves,
    )


def json_objects(max_leaves: int = 3) -> st.SearchStrategy[dict[str, JSON]]:
    """google.protobuf.Struct: a JSON object; realistic payloads mostly, arbitrary ones sometimes."""
    pool = st.sampled_from(_STRUCTS).map(copy.deepcopy)
    return mostly(pool, st.dictionaries(_KEY, json_values(max_leaves), max_size=3), odds=7)


_MIME_MEDIA = (
    "image/png",
    "image/jpeg",
    "image/webp",
    "audio/wav",
    "audio/mp3",
    "video/mp4",
    "application/pdf",
)
_BCP47 = ("en-US", "de-DE", "fr-FR", "ja-JP", "pt-BR", "hi-IN", "cmn-CN", "es-US", "ko-KR", "it-IT")
_VOICES = ("Kore", "Puck", "Charon", "Fenrir", "Aoede", "Zephyr", "Leda", "Orus")


def mime_types() -> st.SearchStrategy[str]:
    return st.sampled_from(_MIME_MEDIA)


def language_codes() -> st.SearchStrategy[str]:
    return st.sampled_from(_BCP47)


def voice_names() -> st.SearchStrategy[str]:
    return st.sampled_from(_VOICES)


_URI_FORMATS = (
    "https://generativelanguage.googleapis.com/v1beta/files/f{:04d}x",
    "gs://bucket-{}/videos/clip.mp4",
    "https://example.com/media/doc-{}.pdf",
)


def file_uris() -> st.SearchStrategy[str]:
    return st.builds(lambda fmt, n: fmt.format(n), st.sampled_from(_URI_FORMATS), st.integers(0, 9999))


def urls() -> st.SearchStrategy[str]:
    return st.integers(0, 99).map(lambda n: f"https://mcp{n}.example.com/mcp")


def resource_names(collection: str) -> st.SearchStrategy[str]:
    """`collection/{id}` with an id that holds no slash (cachedContents/..., fileSearchStores/...)."""
    return st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=16).map(
        lambda i: f"{collection}/{i}"
    )


def python_code() -> st.SearchStrategy[str]:
    return st.sampled_from(("print(1 + 1)", "import math\nprint(math.pi)", "x = [i * i for i in range(5)]"))


def enums(name: str, *, exclude: frozenset[str] = frozenset()) -> st.SearchStrategy[str]:
    return st.sampled_from([v for v in enum_values(name) if v not in exclude])
