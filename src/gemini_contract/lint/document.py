"""The JSON document reader (.json, and any file named on the command line that no other reader claims): the
whole file is one request body (with --kind response: one response, or the chunks of a JSON-array stream)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from gemini_contract.lint.recognize import is_request_text
from gemini_contract.lint.units import DOCUMENT_CONTEXT, BodyUnit, Unit
from gemini_contract.results import WHOLE_FILE

if TYPE_CHECKING:
    from gemini_contract.lint.settings import LintSettings


class DocumentReader:
    """One request body per .json file (the default reader)."""

    name = "json"
    suffixes: tuple[str, ...] = (".json",)
    ranged = False

    def recognizes(self, head: bytes) -> bool:
        return is_request_text(head)

    def units(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Iterator[Unit]:
        if settings.kind == "response":  # a recorded response, or a JSON-array stream of chunks
            from gemini_contract.lint.streams import document_units

            yield from document_units(data, settings)
            return
        yield BodyUnit(data, WHOLE_FILE, DOCUMENT_CONTEXT)


DOCUMENT = DocumentReader()
