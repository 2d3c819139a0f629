"""Python literals for JSON-like data and docstrings: deterministic, escaping only what must be escaped."""

from __future__ import annotations


def literal(value: object) -> str:
    """A Python literal for JSON-like data (str, int, float, bool, None, list/tuple, dict)."""
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, tuple):
        items = ", ".join(literal(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no literal for {type(value).__name__}")


def _string(text: str) -> str:
    """A double-quoted literal, escaping what must be escaped and nothing else (stable across Pythons)."""
    body = "".join("\\" + c if c in '"\\' else "\\n" if c == "\n" else _escape_control(c) for c in text)
    return f'"{body}"'


def _escape_control(char: str) -> str:
    """Control characters, and the line breaks str.splitlines() knows, would break or hide in a literal."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029" or 0xD800 <= code <= 0xDFFF:
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    return char


def doc_literal(text: str, indent: str) -> str:
    """A triple-quoted docstring for `text`, continuation lines indented; backslashes and quotes escaped."""
    lines = [line.rstrip() for line in text.strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    escaped = []
    for line in lines:
        safe = line.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        escaped.append("".join(c if c == "\t" else _escape_control(c) for c in safe))
    body = "\n".join(f"{indent}{line}" if line and i else line for i, line in enumerate(escaped))
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    closing = f"\n{indent}" if len(escaped) > 1 else ""
    return f'"""{body}{closing}"""'
