"""The reader registry: which reader handles a path (by suffix), and readers by name for targets and workers.

Adding an input kind is writing a reader (see `units.Reader`) and registering it here. A file named on the
command line that no reader claims is read by the default reader (a JSON document), as it always was.
"""

from __future__ import annotations

from gemini_contract.lint.document import DOCUMENT
from gemini_contract.lint.http import HTTP
from gemini_contract.lint.jsonl import JSON_LINES
from gemini_contract.lint.markdown import MARKDOWN
from gemini_contract.lint.streams import SSE
from gemini_contract.lint.units import Reader

READERS: dict[str, Reader] = {}
DEFAULT = DOCUMENT


def register(reader: Reader) -> None:
    """Make `reader` available by name and for its suffixes (a later one wins a suffix both claim)."""
    READERS[reader.name] = reader


def reader_for(path: str) -> Reader | None:
    """The reader whose suffix `path` ends with (the longest such suffix), or None."""
    lower = path.lower()
    best: Reader | None = None
    length = 0
    for reader in READERS.values():
        for suffix in reader.suffixes:
            if lower.endswith(suffix) and len(suffix) >= length:
                best, length = reader, len(suffix)
    return best


def reader_named(name: str) -> Reader:
    return READERS[name]


def suffixes() -> tuple[str, ...]:
    """Every registered suffix, in registration order."""
    return tuple(suffix for reader in READERS.values() for suffix in reader.suffixes)


register(DOCUMENT)
register(JSON_LINES)
register(SSE)
register(HTTP)
register(MARKDOWN)
