"""datamodel-code-generator's reading of a schema and ours agree on class names, field names and types."""

from __future__ import annotations

from pathlib import Path

import pytest
from gemini_contract.codegen import build, crosscheck, load

from codegen.support import SCHEMAS

REPO = Path(__file__).resolve().parents[2]


def _readings(path: Path) -> tuple[crosscheck.Reading, crosscheck.Reading]:
    from gemini_contract.codegen import dcg

    loaded = load.load_schema_file(path)
    assert isinstance(loaded, load.LoadedSchema)
    module = build.build_module(loaded)
    assert not isinstance(module, load.SchemaProblem)
    return crosscheck.our_reading(module), dcg.dcg_reading(loaded.document)


@pytest.mark.slow
def test_bundled_schema_is_read_alike() -> None:
    ours, theirs = _readings(REPO / "schema" / "generate_content_request.schema.json")
    assert crosscheck.differences(ours, theirs) == []
    assert len(ours.classes) >= 50
    assert ours.classes["Part"]["inlineData"] == "class:Blob"
    assert ours.classes["GenerateContentRequest"]["labels"] == "map[str]"
    assert ours.classes["Content"]["role"] == "enum:user|model|function"


# nested (inline object hoisted as OuterOptions; dcg: Options) and keywords (ModelErrorModel; dcg keeps
# ModelError) differ by design in how a name is picked, and nulls (its map of Values, which dcg reads as a
# free-form object: the same dict[str, Any]) in a shape name, so they are left out here.
@pytest.mark.slow
@pytest.mark.parametrize(
    "feature", ["arrays", "descriptions", "enums", "maps", "oneof", "recursion", "struct_value"]
)
def test_feature_schemas_are_read_alike(feature: str) -> None:
    ours, theirs = _readings(SCHEMAS / f"{feature}.json")
    assert crosscheck.differences(ours, theirs) == []


def test_differences_name_each_disagreement() -> None:
    ours = crosscheck.Reading({"A": {"x": "str", "y": "int"}, "B": {}})
    theirs = crosscheck.Reading({"A": {"x": "int", "z": "str"}, "C": {}})
    assert crosscheck.differences(ours, theirs) == [
        "A.x: ours str, theirs int",
        "A.y: only in ours",
        "A.z: only in theirs",
        "class B: only in ours",
        "class C: only in theirs",
    ]
