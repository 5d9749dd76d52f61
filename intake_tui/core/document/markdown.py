"""A Document as Markdown (CommonMark with GFM tables): the results screen and `.md` exports.

Every text is escaped by ``literal`` so it shows exactly as written: no link,
emphasis, heading, list, table cell break or HTML can come from a value.
"""

from __future__ import annotations

import re

from intake_tui.core.document.model import (
    Badge,
    Block,
    Bullets,
    Callout,
    Document,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from intake_tui.core.document.text import fact_joint, plain

# Characters that start markup anywhere in a line; "_" only at a word's edge (inside a
# word it is no emphasis). Then the linkifier's triggers: "@" (an e-mail address), ":"
# before "/" (a URL scheme) and "." before a top-level domain ("evil.com").
_TLDS = "[a-z]{2}|biz|com|edu|gov|net|org|pro|web|xxx|aero|asia|coop|info|museum|name|shop"
_SPECIAL = re.compile(
    r"[\\`*\[\]<>!|~#&@]|(?<![^\W_])_|_(?![^\W_])|:(?=/)"
    rf"|(?<=[^\W_])\.(?=(?i:{_TLDS})\b)"
)
# What starts a block when it opens a line: a list item, a setext underline, a code fence.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def literal(value: object) -> str:
    """Text from a file or a person as Markdown that shows exactly that text: no link,
    emphasis, heading or HTML, no line break, control characters shown escaped."""
    flat = plain(value)
    return _SPECIAL.sub(lambda match: "\\" + match.group(), flat)


def _line(value: str) -> str:
    """``literal`` for text that opens a line, where "-", "+" or "1." would start a list."""
    return _LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(3),
        literal(value),
    )


def _strong(text: str) -> str:
    return f"**{literal(text)}**" if text.strip() else ""


def _fact(label: str, value: str) -> str:
    """'Question? **answer**', or 'Label: **value**' when the label has no punctuation."""
    return f"- {literal(label)}{fact_joint(label)}{_strong(value) or '-'}"


def _cell(text: str) -> str:
    return literal(text)


def _table(block: Table) -> str:
    lines = [
        "| " + " | ".join(_cell(h) for h in block.header) + " |",
        "|" + "---|" * len(block.header),
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
    return "\n".join(lines)


def _block(block: Block) -> str:
    match block:
        case Heading(text, level):
            return f"{'#' * max(1, min(level, 6))} {literal(text)}"
        case Paragraph(text, strong, quiet):
            if strong:
                return _strong(text)
            return f"_{literal(text)}_" if quiet and text.strip() else _line(text)
        case Badge(text, _):
            return _strong(text)
        case Callout(text, _):
            return f"> {_line(text)}"
        case Bullets(items):
            return "\n".join(f"- {_line(item)}" for item in items)
        case Facts(pairs):
            return "\n".join(_fact(label, value) for label, value in pairs)
        case Table():
            return _table(block)
        case PageBreak():
            return "---"
    raise AssertionError(f"no Markdown for {type(block).__name__}")


def render(document: Document) -> str:
    parts = [f"# {literal(document.title)}", *(_block(b) for b in document.blocks)]
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"
