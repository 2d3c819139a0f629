"""Where JSON pointers' values (and keys) start in standard JSON text, at C speed.

For text orjson accepted with no duplicate keys (the fast path), finding a few positions should not cost a
full Python-level parse. This walks only along the pointers: keys are read with the C `scanstring`, sibling
values are skipped with the C scanner of the json module, so a 10 KB body costs microseconds per pointer.
All the pointers of a document are found in one walk (`offsets_many`): the pointers share their prefixes in
a trie, so 20,000 findings in one array cost one pass over it, not 20,000.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterable
from typing import Any

import orjson

_WS = re.compile(r"[ \t\n\r]*")
_WS_CHARS = frozenset(" \t\n\r")
# The json module's C scanner and string reader (typeshed does not describe them, hence the ignores).
_SCAN_ONCE = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


def _skip(text: str, at: int) -> int:
    if text[at] not in _WS_CHARS:  # compact JSON (batch records): no regex call at all
        return at
    end: int = _WS.match(text, at).end()  # type: ignore[union-attr]
    return end


def tokens(pointer: str) -> list[str]:
    """The reference tokens of a JSON pointer, unescaped."""
    if "~" not in pointer:  # most pointers: nothing to unescape
        return pointer.split("/")[1:]
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


Found = tuple[int, int | None, bool]  # offset of the value, of its key (None in an array), exact


class _Node:
    __slots__ = ("children", "pointer")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.pointer: str | None = None  # set where a requested pointer ends


def offsets_many(text: str, pointers: Iterable[str]) -> dict[str, Found] | None:
    """`offsets` of every pointer, in one walk; None only for text that is not standard JSON (or nests
    deeper than this walk recurses: the caller then parses the text)."""
    root = _Node()
    for pointer in pointers:
        node = root
        for token in tokens(pointer):
            node = node.children.setdefault(token, _Node())
        node.pointer = pointer
    found: dict[str, Found] = {}
    try:
        _visit(text, _skip(text, 0), root, None, found)
    except (ValueError, IndexError, StopIteration, RecursionError):
        return None
    return found


def _visit(text: str, at: int, node: _Node, key_at: int | None, found: dict[str, Found]) -> None:
    """Record `node`'s pointer at the value that starts at `at`, then its children inside that value."""
    if node.pointer is not None:
        found[node.pointer] = (at, key_at, True)
    if not node.children:
        return
    remaining = dict(node.children)
    opener = text[at]
    if opener == "{":
        position = _skip(text, at + 1)
        while remaining and text[position] != "}":
            member_key_at = position
            key, position = _scanstring(text, position + 1)
            position = _skip(text, _skip(text, position) + 1)  # past ':'
            child = remaining.pop(key, None)
            if child is not None:
                _visit(text, position, child, member_key_at, found)
                if not remaining:
                    break  # the last one wanted here: its value need not be skipped (a C scan of all of it)
            position = _past_value(text, position)
    elif opener == "[":
        wanted = {int(token): token for token in remaining if token.isdigit()}
        position = _skip(text, at + 1)
        index = 0
        while wanted and text[position] != "]":
            token = wanted.pop(index, None)
            if token is not None:
                _visit(text, position, remaining.pop(token), None, found)
                if not wanted:
                    break
            position = _past_value(text, position)
            index += 1
    for child in remaining.values():  # not in the text: the nearest ancestor, this value
        _ancestor(child, at, found)


def offsets_in_layout(
    document: Any, pointers: Iterable[str], indented: bool, text: str | None = None
) -> dict[str, Found] | None:
    """`offsets_many` for text that is exactly orjson's serialization of `document` (compact, or indented by
    two spaces) and ASCII, so that offsets are byte counts: read from the lengths of the values' own
    serializations (C speed) instead of a scan of the text. Indented `text` is searched instead: a member
    is the one line at its depth's indentation that starts with its key (a string holds no raw newline, and
    a deeper line has more spaces), so a sibling before it costs a search, not its serialization. None for
    a pointer this does not read (then the caller walks the text)."""
    pointers = list(pointers)
    searched = text if indented else None
    if len(pointers) == 1:  # most documents with a finding have one: no trie, no recursion
        try:
            one = _lay_one(document, pointers[0], indented, searched)
        except (ValueError, TypeError):
            return None
        return None if one is None else {pointers[0]: one}
    if searched is not None and len(pointers) <= _FEW:
        # A few findings (most documents with more than one): a loop per pointer, its searches at C speed,
        # costs less than the trie's nodes and recursion; past a few, the trie's one pass over each
        # array's items keeps many findings in one array linear.
        few: dict[str, Found] = {}
        try:
            for pointer in pointers:
                found_one = _in_text(document, pointer, searched)
                if found_one is None:
                    return None
                few[pointer] = found_one
        except (ValueError, TypeError):
            return None
        return few
    root = _Node()
    for pointer in pointers:
        node = root
        for token in tokens(pointer):
            node = node.children.setdefault(token, _Node())
        node.pointer = pointer
    found: dict[str, Found] = {}
    try:
        _lay(document, 0, root, None, 0, indented=indented, found=found, text=searched)
    except (ValueError, TypeError, RecursionError):
        return None
    return found


def _lay_one(document: Any, pointer: str, indented: bool, text: str | None) -> Found | None:
    """What _lay finds for one pointer, in a loop down its tokens (None where _lay raises)."""
    value, at, key_at = document, 0, None
    for depth, token in enumerate(tokens(pointer)):
        if type(value) is dict and value:
            if token not in value:
                return at, None, False  # not in the document: the nearest ancestor, this value
            key_at, at = _member_at(value, token, at, depth, indented, text)
            value = value[token]
        elif type(value) is list and value:
            index = _item_index(token, value)
            if index is None:
                return None
            if index < 0:
                return at, None, False
            at = _item_at(value, index, at, depth, indented, text)
            value, key_at = value[index], None
        else:
            return at, None, False
    return at, key_at, True


_FEW = 8


def _in_text(document: Any, pointer: str, text: str) -> Found | None:
    """_lay_one for indented `text`, its member search inlined (a call per level of each pointer)."""
    value, at, key_at = document, 0, None
    for depth, token in enumerate(tokens(pointer)):
        if type(value) is dict and value:
            if token not in value:
                return at, None, False  # not in the document: the nearest ancestor, this value
            line = _LINES.get((token, depth)) or _line(token, depth)
            needle, margin, name = line
            if depth == 0 and _late(value, token):
                key_at = text.rindex(needle, at) + margin
            else:
                key_at = text.index(needle, at) + margin
            at = key_at + name + 2
            value = value[token]
        elif type(value) is list and value:
            index = _item_index(token, value)
            if index is None:
                return None
            if index < 0:
                return at, None, False
            at = _item_at(value, index, at, depth, True, text)
            value, key_at = value[index], None
        else:
            return at, None, False
    return at, key_at, True


def _member_at(  # noqa: PLR0917 (positional: a call per level of every pointer placed)
    value: dict[str, Any], token: str, at: int, depth: int, indented: bool, text: str | None
) -> tuple[int, int]:
    """Where member `token` of the object at `at` starts, and where its value does (see _lay_one)."""
    if text is not None:
        return _member_line(text, value, token, at, depth)
    dumps = orjson.dumps
    if not indented:  # compact: lengths inlined (a batch record's finding; a call per sibling was a third)
        position = at + 1  # past the brace; each member is "key":value and a comma
        for key, child_value in value.items():
            if key == token:
                return position, position + len(dumps(key)) + 1
            position += len(dumps(key)) + len(dumps(child_value)) + 2
    else:
        position = at + 2 * depth + 4  # past the brace, a newline and the members' indentation
        for key, child_value in value.items():
            member_at = position + len(dumps(key)) + 2
            if key == token:
                return position, member_at
            position = member_at + _length(child_value, depth + 1, indented) + 2 * depth + 4
    raise ValueError(token)  # the caller checked the member is there


def _item_at(  # noqa: PLR0917 (positional: a call per level of every pointer placed)
    items: list[Any], index: int, at: int, depth: int, indented: bool, text: str | None
) -> int:
    """Where item `index` of the array at `at` starts (see _lay_one)."""
    if not indented:  # compact: past the bracket; each item is followed by a comma
        position = at + 1
        for item in items[:index]:
            position += len(orjson.dumps(item)) + 1
        return position
    position = at + 2 * depth + 4  # past the bracket, a newline and the items' indentation
    for item in items[:index]:
        position = _next_item(text, item, position, depth + 1, indented) + 2 * depth + 4
    return position


def _item_index(token: str, items: list[Any]) -> int | None:
    """The index `token` names in `items`; -1 where `items` has no such item (the nearest ancestor is placed,
    as for a member the document lacks); None where the token is not an index as a serializer writes one
    (the walk over the text decides)."""
    if not token.isdigit():
        return -1
    if not token.isascii() or (token != "0" and token.startswith("0")):
        return None
    index = int(token)
    return index if index < len(items) else -1


def _lay(
    value: Any,
    at: int,
    node: _Node,
    key_at: int | None,
    depth: int,
    *,
    indented: bool,
    found: dict[str, Found],
    text: str | None = None,
) -> None:
    """_visit, reading positions from serialized lengths (or, given the indented `text`, from searches in
    it): `value` starts at `at` and sits `depth` levels deep (an indented line inside it starts with
    2 x depth more spaces than in its own serialization)."""
    if node.pointer is not None:
        found[node.pointer] = (at, key_at, True)
    if not node.children:
        return
    remaining = dict(node.children)
    # Past the opening bracket to the first member (indented: a newline and the members' indentation), and
    # from the end of one member to the start of the next (a comma, then the same).
    first = at + 1 + (2 * depth + 3 if indented else 0)
    between = 2 * depth + 4 if indented else 1
    if type(value) is dict and value and text is not None:
        _lay_members(text, value, at, remaining, depth, found=found)
    elif type(value) is dict and value:
        position = first
        colon = 2 if indented else 1
        for key, child_value in value.items():
            member_at = position + len(orjson.dumps(key)) + colon
            child = remaining.pop(key, None)
            if child is not None:
                _lay(child_value, member_at, child, position, depth + 1, indented=indented, found=found)
                if not remaining:
                    break
            position = member_at + _length(child_value, depth + 1, indented) + between
    elif type(value) is list and value:
        wanted: dict[int, str] = {}
        for token in remaining:
            if token.isdigit():
                # Not an index as a serializer writes one: let the walk over the text decide.
                if not token.isascii() or (token != "0" and token.startswith("0")):
                    raise ValueError(token)
                wanted[int(token)] = token
        position = first
        for index, item in enumerate(value):
            if not wanted:
                break
            wanted_token = wanted.pop(index, None)
            if wanted_token is not None:
                _lay(
                    item,
                    position,
                    remaining.pop(wanted_token),
                    None,
                    depth + 1,
                    indented=indented,
                    found=found,
                    text=text,
                )
                if not wanted:
                    break
            position = _next_item(text, item, position, depth + 1, indented) + between
    for child in remaining.values():  # not in the document: the nearest ancestor, this value
        _ancestor(child, at, found)


def _lay_members(
    text: str,
    value: dict[str, Any],
    at: int,
    remaining: dict[str, _Node],
    depth: int,
    *,
    found: dict[str, Found],
) -> None:
    """_lay's members of an object in indented text, each found by a search for its line; what is wanted
    but absent stays in `remaining` (for _lay's ancestor step)."""
    position = at
    # Text order is the dict's (orjson keeps it): one search per wanted key, each from the last one found,
    # none past the last.
    for key in value if len(remaining) > 1 else tuple(remaining):
        child = remaining.pop(key, None)
        if child is None:
            continue
        if key not in value:
            remaining[key] = child  # not in the document: its ancestor
            return
        member_key_at, position = _member_line(text, value, key, position, depth)
        _lay(value[key], position, child, member_key_at, depth + 1, indented=True, found=found, text=text)
        if not remaining:
            return


def _member_line(text: str, value: dict[str, Any], key: str, at: int, depth: int) -> tuple[int, int]:
    """Where member `key` of the object `value` at `at` in indented `text` (`depth` levels deep) starts, and
    where its value does: the one line after `at` at the members' indentation that starts with the key
    (searched back from the end of the text for a late member of the root object: see _late)."""
    line = _LINES.get((key, depth))
    if line is None:
        line = _line(key, depth)
    needle, margin, name = line
    from_end = depth == 0 and _late(value, key)
    key_at = (text.rindex(needle, at) if from_end else text.index(needle, at)) + margin
    return key_at, key_at + name + 2


# (key, depth) -> a member's line start as _member_line searches for it: the newline, the indentation and
# `"key": `, and the lengths of the first two and of the quoted key. Made once per key and depth: a
# batch's records repeat them (bounded: keys are the user's).
_LINES: dict[tuple[str, int], tuple[str, int, int]] = {}
_MAX_LINES = 4096


def _line(key: str, depth: int) -> tuple[str, int, int]:
    margin = "\n" + " " * (2 * depth + 2)
    name = orjson.dumps(key).decode()
    line = f"{margin}{name}: ", len(margin), len(name)
    if len(_LINES) >= _MAX_LINES:
        _LINES.clear()
    _LINES[key, depth] = line
    return line


def _late(value: dict[str, Any], key: str) -> bool:
    """Whether `key` is in the second half of the root object's members: then searching back from the end of
    the text passes fewer of them than searching forward. Only for the root: its member lines are the only
    ones in the whole text at its members' indentation (deeper lines have more spaces, and a string holds no
    raw newline), so the search cannot stop at a later object's member. Why: a request's conversation comes
    first and is most of its text, and a finding in generationConfig or safetySettings after it cost a
    search through all of it (3 us of a 15 KB body, for each such member)."""
    keys = list(value)
    return 2 * keys.index(key) >= len(keys)


def _next_item(text: str | None, item: Any, at: int, depth: int, indented: bool) -> int:
    """Where `item`, starting at `at`, ends: found in indented `text` where given, else by its length."""
    return _end_in(text, item, at, depth) if text is not None else at + _length(item, depth, indented)


def _end_in(text: str, value: Any, at: int, depth: int) -> int:
    """Where `value`, starting at `at` in indented `text` `depth` levels deep, ends: a non-empty container at
    its closing line (the first line after `at` with exactly its indentation), anything else by its length."""
    if type(value) is dict and value:
        closer = "\n" + " " * (2 * depth) + "}"
    elif type(value) is list and value:
        closer = "\n" + " " * (2 * depth) + "]"
    else:
        return at + len(orjson.dumps(value))
    return text.index(closer, at) + len(closer)


def _length(value: Any, depth: int, indented: bool) -> int:
    """The length of `value`'s serialization where it sits `depth` levels deep."""
    if not indented:
        return len(orjson.dumps(value))
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    return len(text) + 2 * depth * text.count(b"\n") if depth else len(text)


def _ancestor(node: _Node, at: int, found: dict[str, Found]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.pointer is not None:
            found[current.pointer] = (at, None, False)
        stack.extend(current.children.values())


def offsets(text: str, pointer: str) -> tuple[int, int | None, bool] | None:
    """(offset of the value, offset of its key or None, True) for `pointer`, or the deepest ancestor found
    (then with key None and False); None only for text that is not standard JSON."""
    try:
        return _walk(text, tokens(pointer))
    except (ValueError, IndexError, StopIteration):
        return None


def _walk(text: str, tokens: list[str]) -> tuple[int, int | None, bool]:
    at = _skip(text, 0)
    key_at: int | None = None
    for token in tokens:
        opener = text[at]
        if opener == "{":
            found = _member(text, at, token)
        elif opener == "[" and token.isdigit():
            found = _element(text, at, int(token))
        else:
            found = None
        if found is None:
            return at, None, False  # the pointer goes further than the text: the nearest ancestor
        at, key_at = found
    return at, key_at, True


def _member(text: str, at: int, name: str) -> tuple[int, int | None] | None:
    at = _skip(text, at + 1)
    while text[at] != "}":
        key_at = at
        key, at = _scanstring(text, at + 1)
        at = _skip(text, _skip(text, at) + 1)  # past ':'
        if key == name:
            return at, key_at
        at = _past_value(text, at)
    return None


def _element(text: str, at: int, index: int) -> tuple[int, int | None] | None:
    at = _skip(text, at + 1)
    position = 0
    while text[at] != "]":
        if position == index:
            return at, None
        at = _past_value(text, at)
        position += 1
    return None


def _past_value(text: str, at: int) -> int:
    """Where the next member or element starts (or the closing bracket), from the start of a value."""
    _, at = _SCAN_ONCE(text, at)
    at = _skip(text, at)
    return _skip(text, at + 1) if text[at] == "," else at
