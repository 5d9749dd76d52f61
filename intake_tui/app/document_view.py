"""The core's Document as one Rich renderable for the results screen.

One Static holding a Rich Group lays out in a fraction of the time the Markdown
widget takes (which builds a widget per block: ~300 for a full report). Every string
becomes a ``Text`` object, never markup, so a client reference of ``[/x]`` or an
escape sequence prints as those characters; control characters are shown escaped.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

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
    Tone,
)
from intake_tui.core.safe_text import printable

# Colours a dark and a light theme both show; the words carry the meaning, never colour alone.
TONE_STYLES: dict[Tone, str] = {
    "go": "bold white on dark_green",
    "wait": "bold black on dark_orange",
    "stop": "bold white on red3",
    "info": "bold white on dodger_blue3",
}
TONE_BORDERS: dict[Tone, str] = {
    "go": "green",
    "wait": "dark_orange",
    "stop": "red",
    "info": "dodger_blue2",
}


def text(value: str, style: str = "") -> Text:
    """Literal text: never parsed as markup, control characters shown escaped."""
    return Text(printable(value), style=style)


def render_document(document: Document) -> RenderableType:
    parts: list[RenderableType] = [text(document.title, "bold underline"), Text()]
    for block in document.blocks:
        parts += _block(block)
    return Group(*parts)


def _block(block: Block) -> list[RenderableType]:
    if isinstance(block, Heading):
        if block.level <= 2:  # a section: a titled rule the eye finds when scrolling
            return [Rule(text(block.text, "bold"), align="left", style="dim")]
        return [text(block.text, "bold underline")]
    if isinstance(block, Paragraph):
        style = "bold" if block.strong else "italic dim" if block.quiet else ""
        return [text(block.text, style), Text()]
    if isinstance(block, Badge):  # a coloured block, wrapped lines aligned inside it
        badge = Padding(text(block.text), (0, 1), style=TONE_STYLES[block.tone], expand=False)
        return [badge, Text()]
    if isinstance(block, Callout):
        border = TONE_BORDERS[block.tone]
        return [Panel(text(block.text), border_style=border, box=box.ROUNDED, expand=True)]
    if isinstance(block, Bullets):
        return [_bullets(block.items), Text()]
    if isinstance(block, Facts):
        return [_facts(block.pairs), Text()]
    if isinstance(block, Table):
        return [_table(block), Text()]
    if isinstance(block, PageBreak):
        return [Rule(style="dim")]
    return []


def _bullets(items: tuple[str, ...]) -> RenderableType:
    grid = RichTable.grid(expand=True)
    grid.add_column(no_wrap=True, width=2)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(Text("• ", style="bold"), text(item))
    return Padding(grid, (0, 0, 0, 1))


def _facts(pairs: tuple[tuple[str, str], ...]) -> RenderableType:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for label, value in pairs:
        grid.add_row(text(label), text(value or "-"))
    return grid


def _table(block: Table) -> RenderableType:
    table = RichTable(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    for column in block.header:
        table.add_column(text(column, "bold"), overflow="fold")
    for row in block.rows:
        table.add_row(*(text(cell) for cell in row))
    return table
