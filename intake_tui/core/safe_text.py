"""One way out for text that came from a file or a person.

Printed to a terminal, such text must never drive it (escape sequences set the
title, colours, even links) nor hide what it says (bidi overrides reorder it); and
an error quoting an answer must not spill health data. ``shown`` makes a value
safe and short for a message; ``printable`` makes a whole message safe.
"""

from __future__ import annotations

import unicodedata

# Format characters that reorder or hide text: bidi embeddings, overrides and
# isolates, zero-width joiners and marks.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
ELLIPSIS = "…"


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _unsafe(char: str, keep_newlines: bool) -> bool:
    if char == "\n" and keep_newlines:
        return False
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control, format and bidi character shown escaped
    (``\\x1b``, ``\\u202e``), so printing it cannot move the cursor or recolour,
    retitle or reorder anything. Newlines are kept unless ``keep_newlines`` is False."""
    return "".join(_escaped(c) if _unsafe(c, keep_newlines) else c for c in text)


def shown(value: object, limit: int = 40) -> str:
    """A short, safe excerpt of ``value`` for a one-line message: escaped as by
    ``printable`` (newlines too), cut to ``limit`` characters with "…"."""
    text = printable(str(value), keep_newlines=False)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def has_control_characters(text: str) -> bool:
    """True if ``text`` holds a control character other than tab, newline and carriage
    return (which typed or pasted text may hold), or a bidi control (which reorders it)."""
    return any(
        (unicodedata.category(c) == "Cc" and c not in "\t\n\r") or c in _BIDI_CONTROLS for c in text
    )
