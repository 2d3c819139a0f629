"""The request line of a Gemini call: `POST /{v1,v1beta}/models/{model}:{method}` on any host (Google's, or
a gateway's), read from a URL, and what is wrong with it (GC419-GC421). Readers of host files (.http,
Markdown with curl) use it to find the model and method a body is sent with.

Both API versions take the same request body here: the google-genai SDK sends its bodies to `v1` by default
and to `v1beta` when asked, and the contract describes the v1beta body it sends to both (the reference's
v1 field list predates the SDK's v1 traffic: it is not used to reject v1 bodies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from gemini_contract.validator.findings import Issue

VERSIONS = ("v1", "v1beta", "v1alpha")
METHODS = ("generateContent", "streamGenerateContent")
_PATH = re.compile(
    r"/(?P<version>v\d+(?:alpha|beta)?\d*)/(?P<kind>models|tunedModels)/(?P<model>[^/:?#\s]*)"
    r"(?::(?P<method>[A-Za-z]*))?(?:\?(?P<query>[^#\s]*))?"
)


@dataclass(frozen=True, slots=True)
class RequestLine:
    version: str
    name: str  # the resource name as the URL writes it: models/gemini-2.5-flash, tunedModels/my-model
    method: str  # empty when the URL has none
    query: dict[str, list[str]]

    @property
    def model(self) -> str:
        """The model for the model rules (the resource name: `models/` or `tunedModels/` included)."""
        return self.name

    @property
    def streaming(self) -> bool:
        return self.method == "streamGenerateContent"

    @property
    def sse(self) -> bool:
        return "sse" in self.query.get("alt", [])


def parse_url(url: str) -> RequestLine | None:
    """The Gemini request line in `url` (a full URL or a path); None where it has no Gemini model path."""
    match = _PATH.search(url)
    if match is None:
        return None
    query = parse_qs(match["query"] or "", keep_blank_values=True)
    return RequestLine(match["version"], f"{match['kind']}/{match['model']}", match["method"] or "", query)


def request_line_issues(line: RequestLine) -> list[Issue]:
    """What the request line gets wrong (pointer "": they are about the call, not a member of the body)."""
    issues = []
    if line.name.endswith("/"):
        issues.append(Issue("GC419", "", f"the URL names no model ({line.name}:{line.method})",
                            "put the model id in the path: models/gemini-2.5-flash:generateContent"))  # fmt: skip
    if line.method not in METHODS:
        said = f":{line.method}" if line.method else "no method"
        issues.append(Issue("GC420", "", f"{said} is not a generateContent method",
                            "call :generateContent or :streamGenerateContent (with ?alt=sse for server-sent events)"))  # fmt: skip
    if line.version not in VERSIONS:
        issues.append(Issue("GC421", "", f"API version {line.version} is not one the Gemini API serves",
                            "use v1beta (or v1, the google-genai SDK's default)"))  # fmt: skip
    return issues
