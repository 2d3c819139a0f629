"""A position-tracking, tolerant JSON parser: where every value and key starts, duplicate keys at any depth,
and the non-standard text Google's front end reads (trailing commas, unquoted keys, raw newlines in strings,
unknown escapes), each as a finding. Iterative with an explicit stack, so depth is a finding, not a crash;
strings are scanned in C-speed chunks, so a 50 MB string is one regex match.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from gemini_contract.validator.findings import Finding
from gemini_contract.validator.ruleset import RULES_BY_ID
from gemini_contract.validator.spans import Fix, LineIndex, Position, Span, end_position, quoted, token_end
from gemini_contract.validator.text import escape_token, show

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_CHUNK = {'"': re.compile(r'[^"\\\x00-\x1f]*'), "'": re.compile(r"[^'\\\x00-\x1f]*")}
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_RAW_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_TOLERATED_RAW = "\n\r\t"
# Escapes JSON5 reads otherwise than "\X is X" (\v a vertical tab, \0 NUL, \xHH a code point, a line
# continuation at U+2028/U+2029): which reading the server applies is not known, so GC015 offers no fix.
_UNSURE_ESCAPES = frozenset("0123456789vx\u2028\u2029")
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1
# A value the parser reported and has no JSON form for (NaN, Infinity, a number past a double): its member
# is left out of the document, so that no later stage reports it again as something else ("null ... is
# treated as absent" for 1e400). In an array it stands as null, to keep the indexes of the items after it.
_REPORTED: Any = object()


class Parsed(NamedTuple):
    value: Any  # None when not complete
    complete: bool  # False when a fatal error stopped the parser
    findings: tuple[Finding, ...]
    value_offsets: dict[str, int]  # pointer (as written) -> offset of the value's first character
    key_offsets: dict[str, int]  # pointer of an object member -> offset of its key
    lines: LineIndex  # of the text parsed: offsets to lines and columns

    def locate(self, offset: int) -> Position:
        return self.lines.position(offset)

    def value_position(self, pointer: str) -> Position | None:
        offset = self.value_offsets.get(pointer)
        return None if offset is None else self.locate(offset)

    def key_position(self, pointer: str) -> Position | None:
        offset = self.key_offsets.get(pointer)
        return None if offset is None else self.locate(offset)


def offset_of(parsed: Parsed, pointer: str) -> tuple[int, bool] | None:
    """The value's offset and True, else its nearest written ancestor's and False (a missing member points
    at its object); None for text that has no value at all."""
    exact = True
    while True:
        offset = parsed.value_offsets.get(pointer)
        if offset is not None or not pointer:
            return None if offset is None else (offset, exact)
        pointer = pointer[: pointer.rfind("/")]
        exact = False


def position_of(parsed: Parsed, pointer: str) -> Position | None:
    """The value's position, else its nearest written ancestor's (a missing member points at its object)."""
    found = offset_of(parsed, pointer)
    return None if found is None else parsed.locate(found[0])


def parse(text: str, *, max_depth: int = 512) -> Parsed:
    return _Parser(text, max_depth).run()


class _Stop(Exception):
    """A fatal syntax error: already recorded as a finding."""


class _Frame:
    __slots__ = ("container", "is_object", "key", "omitted", "pointer")

    def __init__(self, container: dict[str, Any] | list[Any], pointer: str) -> None:
        self.container = container
        self.pointer = pointer
        self.is_object = type(container) is dict
        self.key = ""
        self.omitted: set[str] | None = None  # keys whose value was reported and left out (see _REPORTED)


class _Parser:
    def __init__(self, text: str, max_depth: int) -> None:
        self.findings: list[Finding] = []
        self.lines = LineIndex(text, [m.start() for m in re.finditer("\n", text)])
        self.text = text
        surrogate = _RAW_SURROGATE.search(text)
        if surrogate is not None:  # only from a Python str: UTF-8 bytes cannot hold one
            self.note("GC007", surrogate.start(), "", "a lone UTF-16 surrogate in the text")
            self.text = _RAW_SURROGATE.sub("\ufffd", text)
        self.max_depth = max_depth
        self.values: dict[str, int] = {}
        self.keys: dict[str, int] = {}

    def note(
        self,
        rule: str,
        offset: int,
        pointer: str,
        message: str,
        hint: str | None = None,
        *,
        fix: str | None = None,
        end: int | None = None,
    ) -> None:
        """A finding at the token that starts at `offset` (or the text up to `end`); `fix` replaces that
        token where one is known."""
        span = Span(offset, token_end(self.text, offset) if end is None else end)
        line, column = self.lines.position(offset)
        end_line, end_column = end_position(self.text, span, line, column)
        self.findings.append(
            Finding(
                rule,
                RULES_BY_ID[rule].severity,
                pointer,
                line,
                column,
                message,
                hint,
                span,
                end_line,
                end_column,
                Fix(span, fix) if fix is not None else None,
            )
        )

    def stop(self, offset: int, pointer: str, message: str, rule: str = "GC004") -> _Stop:
        self.note(rule, offset, pointer, message)
        return _Stop()

    def run(self) -> Parsed:
        try:
            value = self.document()
            complete = True
        except _Stop:
            value, complete = None, False
        return Parsed(value, complete, tuple(self.findings), self.values, self.keys, self.lines)

    def skip(self, pos: int) -> int:
        end: int = _WS.match(self.text, pos).end()  # type: ignore[union-attr]
        return end

    def char(self, pos: int) -> str:
        return self.text[pos] if pos < len(self.text) else ""

    def document(self) -> Any:
        pos = self.skip(0)
        if pos == len(self.text):
            raise self.stop(pos, "", "the document is empty", "GC016")
        value, pos = self.tree(pos)
        pos = self.skip(pos)
        if pos < len(self.text):
            self.note(
                "GC011",
                pos,
                "",
                f"unexpected {show(self.text[pos])} after the JSON value",
                self.trailing_hint(pos),
            )
        return value

    def trailing_hint(self, pos: int) -> str:
        """A second value on a line of its own is JSON Lines (a batch), not garbage to delete."""
        if self.text[pos] in "{[" and "\n" in self.text[:pos]:
            return (
                "one JSON value per line is a JSON Lines batch: name it *.jsonl, or pipe it with "
                "--stdin-filename x.jsonl"
            )
        return "remove it"

    def tree(self, pos: int) -> tuple[Any, int]:
        """One value, with an explicit stack of open containers instead of recursion."""
        frames: list[_Frame] = []
        pointer = ""
        while True:
            # A value starts at pos (after whitespace) and belongs at `pointer`.
            pos = self.skip(pos)
            self.values[pointer] = pos
            c = self.char(pos)
            if c and c in "{[":  # "" (end of text) is "in" every string
                if len(frames) >= self.max_depth:
                    raise self.stop(pos, pointer, f"nesting deeper than {self.max_depth} levels", "GC009")
                frame = _Frame({} if c == "{" else [], pointer)
                pos, value, closed = self.first_member(frame, pos + 1)
                if not closed:
                    frames.append(frame)
                    pointer = self.child(frame)
                    continue
            else:
                value, pos = self.scalar(pos, pointer)
            # A value is complete: attach it, then close every container that ends here.
            while True:
                if not frames:
                    return (None if value is _REPORTED else value), pos
                frame = frames[-1]
                if frame.is_object:
                    if value is not _REPORTED:
                        frame.container[frame.key] = value  # type: ignore[call-overload]
                    else:  # still a key of the text: a second one is a duplicate
                        frame.omitted = (frame.omitted or set()) | {frame.key}
                else:
                    frame.container.append(None if value is _REPORTED else value)  # type: ignore[union-attr]
                pos, closed = self.after_member(frame, self.skip(pos))
                if not closed:
                    pointer = self.child(frame)
                    break
                frames.pop()
                value = frame.container

    def child(self, frame: _Frame) -> str:
        if frame.is_object:
            return f"{frame.pointer}/{escape_token(frame.key)}"
        return f"{frame.pointer}/{len(frame.container)}"

    def first_member(self, frame: _Frame, pos: int) -> tuple[int, Any, bool]:
        pos = self.skip(pos)
        if self.char(pos) == ("}" if frame.is_object else "]"):
            return pos + 1, frame.container, True
        return (self.member_name(frame, pos) if frame.is_object else pos), None, False

    def after_member(self, frame: _Frame, pos: int) -> tuple[int, bool]:
        close = "}" if frame.is_object else "]"
        c = self.char(pos)
        if c == close:
            return pos + 1, True
        if c != ",":
            what = "end of the text" if not c else show(c)
            raise self.stop(pos, frame.pointer, f"expected ',' or '{close}', found {what}")
        comma = pos
        pos = self.skip(pos + 1)
        if self.char(pos) == close:
            self.note("GC012", comma, frame.pointer, "trailing comma", "remove the comma", fix="")
            return pos + 1, True
        return (self.member_name(frame, pos) if frame.is_object else pos), False

    def member_name(self, frame: _Frame, pos: int) -> int:
        c = self.char(pos)
        start = pos
        if c == '"':
            key, pos = self.string(pos, frame.pointer)
        elif c == "'":
            key, pos = self.string(pos, frame.pointer)
            self.note(
                "GC013",
                start,
                frame.pointer,
                f"single-quoted key {show(key)}",
                "use double quotes",
                fix=quoted(key),
            )
        elif (ident := _IDENT.match(self.text, pos)) is not None:
            key, pos = ident.group(), ident.end()
            self.note(
                "GC013",
                start,
                frame.pointer,
                f"unquoted key {show(key)}",
                "put the key in double quotes",
                fix=quoted(key),
            )
        else:
            what = "end of the text" if not c else show(c)
            raise self.stop(pos, frame.pointer, f"expected a member name, found {what}")
        pos = self.skip(pos)
        if self.char(pos) != ":":
            raise self.stop(pos, frame.pointer, f"expected ':' after the member name {show(key)}")
        member = f"{frame.pointer}/{escape_token(key)}"
        if key in frame.container or (frame.omitted is not None and key in frame.omitted):
            self.note(
                "GC005",
                start,
                member,
                f"duplicate key {show(key)}",
                "keep one: parsers disagree on which wins",
            )
        self.keys[member] = start
        frame.key = key
        return pos + 1

    def scalar(self, pos: int, pointer: str) -> tuple[Any, int]:
        text = self.text
        c = self.char(pos)
        if c == '"':
            return self.string(pos, pointer)
        if c == "-" or "0" <= c <= "9":
            if text.startswith("-Infinity", pos):
                self.note("GC006", pos, pointer, "-Infinity is not JSON")
                return _REPORTED, pos + 9
            return self.number(pos, pointer)
        for literal, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(literal, pos):
                return value, pos + len(literal)
        for literal in ("NaN", "Infinity"):
            if text.startswith(literal, pos):
                self.note("GC006", pos, pointer, f"{literal} is not JSON")
                return _REPORTED, pos + len(literal)
        if c == "'":
            raise self.stop(
                pos,
                pointer,
                "single-quoted string",
            )
        if c == "/":
            raise self.stop(pos, pointer, "comments are not JSON")
        raise self.stop(pos, pointer, f"expected a value, found {'end of the text' if not c else show(c)}")

    def number(self, pos: int, pointer: str) -> tuple[Any, int]:
        match = _NUMBER.match(self.text, pos)
        if match is None:
            raise self.stop(pos, pointer, "a '-' without digits")
        literal = match.group()
        if match.group(1) is None and match.group(2) is None:
            try:
                value: Any = int(literal)
            except ValueError:  # more digits than int() converts (CPython's limit): certainly out of range
                value = float("inf")
            if not _INT64_MIN <= value <= _UINT64_MAX:
                value = float(value) if len(literal) < 310 else float("inf")  # as other parsers do: a double
        else:
            value = float(literal)
        if value in (float("inf"), float("-inf")):
            self.note("GC008", pos, pointer, f"{show(literal, 40)} overflows a double")
            value = _REPORTED
        return value, match.end()

    def string(self, pos: int, pointer: str) -> tuple[str, int]:
        text = self.text
        quote = text[pos]
        chunk = _CHUNK[quote]
        start = pos
        pos += 1
        pieces: list[str] = []
        while True:
            run = chunk.match(text, pos)
            end = run.end()  # type: ignore[union-attr]
            if end >= len(text):
                raise self.stop(start, pointer, "unterminated string")
            c = text[end]
            if c == quote:
                if not pieces:
                    return text[pos:end], end + 1
                pieces.append(text[pos:end])
                return "".join(pieces), end + 1
            pieces.append(text[pos:end])
            if c == "\\":
                piece, pos = self.escape(end, pointer, quote)
                pieces.append(piece)
            elif c in _TOLERATED_RAW:
                self.note(
                    "GC014",
                    end,
                    pointer,
                    f"raw {show(c)} inside a string",
                    "escape it as \\n, \\r or \\t",
                    fix=_escaped(c),
                    end=end + 1,
                )
                pieces.append(c)
                pos = end + 1
            else:
                raise self.stop(
                    end, pointer, f"control character U+{ord(c):04X} inside a string must be escaped"
                )

    def escape(self, pos: int, pointer: str, quote: str = '"') -> tuple[str, int]:
        text = self.text
        e = text[pos + 1] if pos + 1 < len(text) else ""
        if e in _ESCAPES and e:
            return _ESCAPES[e], pos + 2
        if e == "u":
            if _HEX4.match(text, pos + 2) is None:
                raise self.stop(pos, pointer, "\\u must be followed by four hex digits")
            code = int(text[pos + 2 : pos + 6], 16)
            if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", pos + 6) and _HEX4.match(text, pos + 8):
                low = int(text[pos + 8 : pos + 12], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), pos + 12
            if 0xD800 <= code <= 0xDFFF:
                self.note(
                    "GC007", pos, pointer, f"lone surrogate \\u{code:04x}", "escape the whole character"
                )
                return "\ufffd", pos + 6
            return chr(code), pos + 6
        if e == "":
            raise self.stop(pos, pointer, "unterminated string")
        # JSON5 semantics, as Google's parser applies them: a line continuation vanishes, \X is X.
        end = pos + 3 if e == "\r" and text.startswith("\n", pos + 2) else pos + 2
        value = "" if e in "\n\r" else e
        self.note(
            "GC015",
            pos,
            pointer,
            f"invalid escape \\{show(e)[1:-1]}",
            "write the character itself",
            # The character as standard JSON spells it. Not in a single-quoted key, where a bare ' would end
            # the key: GC013's fix writes the whole key anew.
            fix=_escaped(value) if quote == '"' and e not in _UNSURE_ESCAPES else None,
            end=end,
        )
        return value, end


def _escaped(value: str) -> str:
    """`value` as it stands inside a JSON string: a control character escaped, anything else itself."""
    return quoted(value)[1:-1]
