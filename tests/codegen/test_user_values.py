"""Issue 14, item 1: the generated models take what users write.

Construction converts the friendly spellings (an enum field's wire string, `bytes` for a bytes field) and
`to_dict()` checks every value it writes: a wrong value is a ModelError with its pointer, never an
AttributeError, and a dict to_dict returns always serialises as JSON.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from gemini_contract.generated import models as m
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_enum_fields_take_their_wire_strings() -> None:
    content = m.Content(role="user", parts=[m.Part(text="x")])
    assert content.role is m.ContentRole.USER
    assert content.to_dict() == {"role": "user", "parts": [{"text": "x"}]}
    setting = m.SafetySetting(category="HARM_CATEGORY_HARASSMENT", threshold="BLOCK_NONE")
    assert setting.to_dict() == {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}
    assert m.Schema(type="OBJECT").to_dict() == {"type": "OBJECT"}


def test_enum_lists_take_their_wire_strings() -> None:
    config = m.GenerationConfig(response_modalities=["TEXT", m.GenerationConfigModality.IMAGE])  # type: ignore[list-item]
    assert config.response_modalities == [m.GenerationConfigModality.TEXT, m.GenerationConfigModality.IMAGE]
    assert config.to_dict() == {"responseModalities": ["TEXT", "IMAGE"]}


def test_an_unknown_enum_string_names_the_field_and_the_allowed_values() -> None:
    with pytest.raises(m.ModelError) as caught:
        m.Content(role="assistant")
    assert caught.value.pointer == "/role"
    assert "Content.role" in caught.value.reason
    assert "user, model, function" in caught.value.reason
    with pytest.raises(m.ModelError) as in_list:
        m.GenerationConfig(response_modalities=["TEXT", "SMELL"])  # type: ignore[list-item]
    assert in_list.value.pointer == "/responseModalities/1"


def test_bytes_fields_take_bytes_and_write_base64() -> None:
    blob = m.Blob(mime_type="image/png", data=b"\x89PNG")
    assert blob.to_dict() == {"mimeType": "image/png", "data": "iVBORw=="}
    assert m.Blob.from_dict(blob.to_dict()) == blob
    assert m.Part(thought_signature=bytearray(b"sig"), text="x").to_dict()["thoughtSignature"] == "c2ln"


@pytest.mark.parametrize(
    ("build", "pointer"),
    [
        (lambda: m.GenerationConfig(temperature="0.7"), "/temperature"),
        (lambda: m.GenerationConfig(candidate_count=1.5), "/candidateCount"),
        (lambda: m.GenerationConfig(temperature=float("nan")), "/temperature"),
        (lambda: m.GenerationConfig(stop_sequences="END"), "/stopSequences"),
        (lambda: m.GenerationConfig(stop_sequences=["a", 1]), "/stopSequences/1"),
        (lambda: m.Content(parts=[{"text": "x"}]), "/parts/0"),
        (lambda: m.Content(parts=[m.Part(text=3)]), "/parts/0/text"),
        (lambda: m.FunctionCall(name="f", args={"a": b"raw"}), "/args/a"),
        (lambda: m.FunctionCall(name="f", args={"a": [1, {2: "x"}]}), "/args/a/1/2"),
        (lambda: m.Blob(data=12), "/data"),
    ],
)
def test_wrong_types_are_a_model_error_at_to_dict(build: Any, pointer: str) -> None:
    value = build()  # construction converts and never checks scalar types: one rule, at to_dict
    with pytest.raises(m.ModelError) as caught:
        value.to_dict()
    assert caught.value.pointer == pointer


def test_repr_omits_unset_fields() -> None:
    assert repr(m.Part(text="hi")) == "Part(text='hi')"
    assert repr(m.GenerationConfig()) == "GenerationConfig()"


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.builds(m.Part, text=st.text(max_size=3)),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_value_in_any_field_is_json_or_a_model_error(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from([m.GenerationConfig, m.Part, m.Content, m.Schema, m.Tool, m.Blob]))
    values = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(cls.__slots__, _JUNK)))
    try:
        built = cls(**values)
        out = built.to_dict()
    except m.ModelError:
        return
    json.dumps(out, allow_nan=False)
