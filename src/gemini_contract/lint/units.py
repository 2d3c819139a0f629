"""Units and readers: what a reader makes of an input (one body per unit, with its origin and context), and
the protocols a reader of a new input kind implements; `readers` holds the registry of them.

A unit is what the validator checks once: the body's bytes, the `Origin` that maps the body's positions into
the file that holds it, and a context with what the host file says about the body (a Batch API line may be a
`{"key", "request"}` record; an .http file will name the model). A unit that could not be read as a body
carries the finding that says why instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, Protocol

from gemini_contract.validator.findings import Finding
from gemini_contract.validator.spans import Origin, Record

if TYPE_CHECKING:
    from gemini_contract.lint.settings import LintSettings


class Context(NamedTuple):
    """What the host file says about a body beside its bytes (room for the model and method a URL names)."""

    record: bool = False  # a Batch API line: a request body or a {"key", "request"} record
    model: str | None = None
    response: bool = False  # a chunk of a recorded stream: checked as a response whatever --kind says


DOCUMENT_CONTEXT = Context()
HEAD_BYTES = 64 * 1024  # what a ranged reader's `recognizes` is given of a file's start
RECORD_CONTEXT = Context(record=True)


class Unit(Protocol):
    """One body to check, where it sits in its file, and what the file says about it."""

    @property
    def body(self) -> bytes: ...

    @property
    def origin(self) -> Origin: ...

    @property
    def context(self) -> Context: ...

    @property
    def problem(self) -> Finding | None: ...  # not a body to check (a line over --max-bytes): report this


class BodyUnit(NamedTuple):
    """A unit with every part given (a named tuple: a reader may make one per line of a large file)."""

    body: bytes
    origin: Origin
    context: Context = DOCUMENT_CONTEXT
    problem: Finding | None = None


class Reader(Protocol):
    """An input kind: picked by file-name suffix, it turns a file's bytes into the units to check."""

    @property
    def name(self) -> str: ...  # the kind, as targets name it ("json", "jsonl")

    @property
    def suffixes(self) -> tuple[str, ...]: ...  # lower-case name endings it reads (a folder walk keeps these)

    @property
    def ranged(self) -> bool: ...  # True: a RangedReader (large files are cut into byte ranges)

    def units(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Iterator[Unit]:
        """The units in `data`: a whole file, or for a ranged reader a block of whole units whose last one
        was cut at --max-bytes when `cut_last` (see `RangedReader.blocks`)."""
        ...


def recognizes(reader: Reader, head: bytes) -> bool:
    """Whether a file that starts with `head` (the whole file, or its first HEAD_BYTES for a ranged reader)
    holds request bodies; files that do not are skipped (see `lint.recognize`). A reader says so with a
    `recognizes(head)` method of its own; one without it has every file it is given checked."""
    decide = getattr(reader, "recognizes", None)
    return True if decide is None else bool(decide(head))


class Reference(NamedTuple):
    """A body a host file names but does not hold (`curl -d @body.json` in Markdown): the path as written,
    relative to the host file's folder; the model its URL names (None: none of the table); and where the
    `@path` sits in the host file. Lint resolves it (`lint.references`): the file is checked once, as a JSON
    document, with that model, and reported under its own path."""

    path: str
    model: str | None
    line: int
    column: int


def references(reader: Reader, data: bytes) -> tuple[Reference, ...]:
    """The bodies a host file names in other files. A reader says so with a `references(data)` method of its
    own (Markdown); one without it names none."""
    find = getattr(reader, "references", None)
    return () if find is None else tuple(find(data))


class Records(NamedTuple):
    """A block's units in bulk: unit i has the body `bodies[i]` (or, where that is a Finding, no body and that
    problem), the origin `Record(i + 1)` counted from the block's first record, and the context `context`.
    A batch has hundreds of thousands of records, most without findings: an object per record would cost
    more than the loop that checks it, so ranged readers hand them over like this."""

    bodies: Sequence[bytes | Finding]
    context: Context


def units_of(records: Records) -> Iterator[Unit]:
    """The same records one unit at a time."""
    for index, body in enumerate(records.bodies, start=1):
        if isinstance(body, Finding):
            yield BodyUnit(b"", Record(index), records.context, body)
        else:
            yield BodyUnit(body, Record(index), records.context)


class RangedReader(Reader, Protocol):
    """A reader of streams of small units (JSON Lines): a file is read in blocks of whole units, and a large
    one is cut into byte ranges that any worker can read on its own. Its units are records, placed by
    `Record`s counted from the block's first one; the caller adds the records before the block."""

    def records(self, data: bytes, settings: LintSettings, cut_last: bool = False) -> Records:
        """The units of a block, in bulk (`units` gives the same one at a time)."""
        ...

    def seek(self, stream: BinaryIO, offset: int, end: int | None = None) -> bool:
        """Position `stream` at the first unit that starts at or after `offset` (False: none before `end`)."""
        ...

    def blocks(
        self, stream: BinaryIO, max_bytes: int, end: int | None = None
    ) -> Iterator[tuple[bytes, bool]]:
        """Blocks of whole units up to the one that crosses `end` (or EOF), each with whether its last unit
        was over `max_bytes` (and so cut)."""
        ...
