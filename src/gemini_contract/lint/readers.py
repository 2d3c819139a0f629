"""The reader registry: which reader handles a path (by suffix), and readers by name for targets and workers.

Adding an input kind is writing a reader (see `units.Reader`) and registering it here. A file named on the
command line that no reader claims is read by the default reader (a JSON document), as it always was.

The built-in readers are registered by name, suffixes and where they live, and imported the first time a
path asks for one: a commit that touches one .json file does not pay for the .http, Markdown and SSE
readers' imports (start-up is most of a pre-commit hook's time). `tests/lint/test_lint_seams.py` holds each
entry to its reader's own name and suffixes.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from gemini_contract.lint.document import DOCUMENT
from gemini_contract.lint.units import Reader


class Deferred(NamedTuple):
    """A built-in reader not imported yet: its name and suffixes, and `module:attribute` where it lives."""

    name: str
    suffixes: tuple[str, ...]
    where: str


BUILT_IN = (
    Deferred("jsonl", (".jsonl", ".ndjson"), "gemini_contract.lint.jsonl:JSON_LINES"),
    Deferred("sse", (".sse",), "gemini_contract.lint.streams:SSE"),
    Deferred("http", (".http", ".rest"), "gemini_contract.lint.http:HTTP"),
    Deferred("markdown", (".md", ".markdown"), "gemini_contract.lint.markdown:MARKDOWN"),
)

READERS: dict[str, Reader | Deferred] = {}
DEFAULT = DOCUMENT


# The entry for each file extension (".json", with its dot; "" for none), asked once per extension: a folder
# walk asks per file, twice. Only while every suffix is one extension (else the longest-suffix loop runs);
# for the READERS it was made from (a test may swap the registry for a copy).
_BY_EXTENSION: dict[str, Reader | Deferred | None] = {}
_MEMO_OF: list[dict[str, Reader | Deferred]] = []


def register(reader: Reader | Deferred) -> None:
    """Make `reader` available by name and for its suffixes (a later one wins a suffix both claim)."""
    READERS[reader.name] = reader
    _BY_EXTENSION.clear()


def load(entry: Reader | Deferred) -> Reader:
    """The reader itself, imported on first use (and kept in the registry from then on)."""
    if not isinstance(entry, Deferred):
        return entry
    module, _, attribute = entry.where.partition(":")
    reader: Reader = getattr(importlib.import_module(module), attribute)
    if READERS.get(entry.name) is entry:
        READERS[entry.name] = reader
        _BY_EXTENSION.clear()
    return reader


def reader_for(path: str) -> Reader | None:
    """The reader whose suffix `path` ends with (the longest such suffix), or None."""
    entry = _entry_for(path)
    return None if entry is None else load(entry)


def name_for(path: str) -> str | None:
    """The name of the reader `reader_for(path)` gives, without importing it (a folder walk asks per file)."""
    entry = _entry_for(path)
    return None if entry is None else entry.name


def _entry_for(path: str) -> Reader | Deferred | None:
    lower = path.lower()
    dot = lower.rfind(".")
    extension = lower[dot:] if dot >= 0 and "/" not in lower[dot:] else ""
    if not _MEMO_OF or _MEMO_OF[0] is not READERS:
        _BY_EXTENSION.clear()
        _MEMO_OF[:] = [READERS]
    elif extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    found = _longest_suffix(lower)
    if all(suffix.count(".") == 1 and suffix.startswith(".") for suffix in suffixes()):
        # Every suffix is one extension: what `lower` ends with is decided by its own extension alone.
        _BY_EXTENSION[extension] = found
    return found


def _longest_suffix(lower: str) -> Reader | Deferred | None:
    best: Reader | Deferred | None = None
    length = 0
    for reader in READERS.values():
        for suffix in reader.suffixes:
            if lower.endswith(suffix) and len(suffix) >= length:
                best, length = reader, len(suffix)
    return best


def reader_named(name: str) -> Reader:
    return load(READERS[name])


def suffixes() -> tuple[str, ...]:
    """Every registered suffix, in registration order."""
    return tuple(suffix for reader in READERS.values() for suffix in reader.suffixes)


register(DOCUMENT)
for _entry in BUILT_IN:
    register(_entry)
