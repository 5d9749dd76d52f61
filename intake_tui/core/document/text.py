"""A Document as plain text: a receipt printer, an e-mail body, a terminal.

No markup of any kind, lines of at most 72 columns, and every control character or
escape sequence shown escaped (``\\x1b``), so printing it cannot drive a terminal.
With no width (for a screen reader) every paragraph is one line and no line is only
decoration (no rules of ``=``, ``*`` or ``-``, no ``| `` margin).
"""

from __future__ import annotations

import textwrap

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
from intake_tui.core.safe_text import printable

WIDTH = 72
COLUMN_GAP = "  "


def plain(value: object) -> str:
    """One line of safe text: whitespace collapsed, control characters escaped."""
    return printable(" ".join(str(value).split()), keep_newlines=False)


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> list[str]:
    if width is None:
        return [(first + plain(text)).rstrip()]
    return textwrap.wrap(
        plain(text),
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _underlined(text: str, rule: str, width: int | None) -> list[str]:
    lines = _wrap(text, width)
    return [*lines, rule * max(len(line) for line in lines)] if width else lines


def fact_joint(label: str) -> str:
    """What goes between a label and its value: a question's own "?" is enough."""
    return " " if label.rstrip()[-1:] in "?:.)" else ": "


def _fact(label: str, value: str, width: int | None) -> list[str]:
    joint = fact_joint(label)
    return _wrap(f"{plain(label)}{joint}{plain(value) or '-'}", width, rest="    ")


def _aligned(row: list[str], widths: list[int]) -> str:
    return COLUMN_GAP.join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))


def _table(block: Table, width: int | None) -> list[str]:
    """Aligned columns when they fit in the width; otherwise, or with no width (a
    screen reader reads padding as pauses), one record per row."""
    header = [plain(c) for c in block.header]
    rows = [[plain(c) for c in row] for row in block.rows]
    widths = [
        max(len(row[i]) for row in [header, *rows] if i < len(row)) for i in range(len(header))
    ]
    if width is not None and sum(widths) + len(COLUMN_GAP) * (len(widths) - 1) <= width:
        rule = COLUMN_GAP.join("-" * width for width in widths)
        return [_aligned(header, widths).rstrip(), rule] + [
            _aligned(row, widths).rstrip() for row in rows
        ]
    records: list[str] = []
    for row in rows:
        if records:
            records.append("")
        records += _wrap(row[0] or "-", width, "- ", "  ")
        for name, value in zip(header[1:], row[1:], strict=False):
            records += _wrap(f"{name}: {value or '-'}", width, "  ", "    ")
    return records


def _block(block: Block, width: int | None) -> list[str]:
    match block:
        case Heading(text, level) if level <= 2:
            return _underlined(text, "=" if level <= 1 else "-", width)
        case Heading(text, _) | Paragraph(text, _, _):
            return _wrap(text, width)
        case Badge(text, _):
            stars = ["*" * width] if width else []
            return [*stars, *_wrap(text, width), *stars]
        case Callout(text, _):
            margin = "| " if width else ""
            return _wrap(text, width, margin, margin)
        case Bullets(items):
            return [line for item in items for line in _wrap(item, width, "- ", "  ")]
        case Facts(pairs):
            return [line for label, value in pairs for line in _fact(label, value, width)]
        case Table():
            return _table(block, width)
        case PageBreak():
            return ["=" * width] if width else []
    raise AssertionError(f"no text for {type(block).__name__}")


def render(document: Document, width: int | None = WIDTH) -> str:
    """``document`` as text ``width`` columns wide; None: unwrapped, undecorated."""
    parts = [_underlined(document.title, "=", width), *(_block(b, width) for b in document.blocks)]
    return "\n\n".join("\n".join(lines) for lines in parts if lines) + "\n"
