"""API facts that the validator, the strategies and the schema index all need, kept once (stdlib only: the
lint path imports this module).

Sources (see ../shared/reference/gemini-request-fields.json `sources` and `limits`):

- `snake_case`: the proto field name of a lowerCamelCase JSON name, where the schema has no `x-proto-name`.
  protoc derives the JSON name by dropping each `_` and upper-casing the next letter (S1, the v1beta
  protos); this is the inverse for the names the schema uses.
- `ASPECT_RATIOS`, `IMAGE_SIZES`: `ImageConfig.aspectRatio` / `imageSize`, discovery document revision
  20260325 (S2), in the order it lists them; the reference's `limits` rule "imageConfig.aspectRatio in
  documented list; imageSize in {512,1K,2K,4K}" (S2). The live API agrees: its 400 for `7:3` lists these
  14 ratios (gemini-models.json evidence ISS-astrbot-37) and it accepts `512` but not `512px`
  (ISS-vercel-12911). Which model takes which ratio or size is the model table's business, not this list's.
"""

from __future__ import annotations

import re

# A capital letter that does not start the name: `responseMimeType` -> `response_mime_type`. Never a
# leading underscore for a capitalised name, unlike r"([A-Z])" -> r"_\1" (the two agree on every
# property name of the bundled schema, which all start lower-case or with `_`).
_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")

ASPECT_RATIOS = (
    "1:1",
    "1:4",
    "4:1",
    "1:8",
    "8:1",
    "2:3",
    "3:2",
    "3:4",
    "4:3",
    "4:5",
    "5:4",
    "9:16",
    "16:9",
    "21:9",
)
IMAGE_SIZES = ("512", "1K", "2K", "4K")


def snake_case(name: str) -> str:
    """lowerCamelCase -> snake_case: the proto field name where the schema does not spell it out."""
    return _WORD_START.sub("_", name).lower()
