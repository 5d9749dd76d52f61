"""The consultation document as PDF, through Typst (the optional ``pdf`` extra).

Why Typst rather than fpdf2: the ``typst`` wheel bundles the compiler and its
fonts and has no dependencies; a glyph no font has prints as a box instead of
raising or vanishing; tables repeat their header rows across pages by
themselves; and a four-page document renders in milliseconds. The document
reaches the layout (pdf.typ) as JSON data, never as markup, so no string from
an answer can change how the page is drawn.

Fonts: the text is set in the bundled Libertinus Serif, so the same document
and ``created`` give the same bytes on every machine. Installed system fonts are
used only for glyphs Libertinus lacks (a Chinese name, an emoji), so such text
prints where the machine has a font for it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

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
from intake_tui.core.errors import IntakeError
from intake_tui.core.i18n import _, speaking
from intake_tui.core.safe_text import printable, shown

if TYPE_CHECKING:
    import typst

Paper = Literal["a4", "letter"]
LAYOUT = Path(__file__).with_name("pdf.typ")
INSTALL_HINT = "PDF export needs the pdf extra: pip install 'intake-tui[pdf]'"

JsonBlock = dict[str, object]


class PdfExtraMissing(IntakeError):
    """The optional PDF library is not installed."""


class PdfRenderError(IntakeError):
    """Typst could not lay out the document (a bug in pdf.typ, not in the answers)."""


def render(document: Document, *, paper: Paper = "a4", created: datetime) -> bytes:
    """``document`` as PDF bytes on A4 or Letter paper; ``created`` is the PDF's
    creation date, so the same document and ``created`` always give the same bytes."""
    try:  # here, not at the top: the extra is optional and the compiler is large
        import typst
    except ImportError:
        raise PdfExtraMissing(INSTALL_HINT) from None
    with speaking(document.language):  # the footer's "page 1 of 3"
        page_word, of_word = _("page"), _("of")
    payload = {
        "title": printable(document.title),
        "paper": _typst_paper(paper),
        "lang": document.language.split("_")[0],
        "page_word": printable(page_word),
        "of_word": printable(of_word),
        "blocks": [_as_json(block) for block in document.blocks],
    }
    try:
        return typst.compile(
            LAYOUT.read_bytes(),
            format="pdf",
            font_paths=_fonts(),
            sys_inputs={"doc": json.dumps(payload, ensure_ascii=False)},
            timestamp=_in_utc(created),
        )
    except typst.TypstError as error:
        raise PdfRenderError(
            f"The PDF layout {LAYOUT.name} failed: {shown(error.message, 80)}"
        ) from None


@cache
def _fonts() -> typst.Fonts:
    """Typst's bundled fonts plus the system's, scanned once per process."""
    import typst

    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)


def _typst_paper(paper: Paper) -> str:
    return {"a4": "a4", "letter": "us-letter"}[paper]


def _in_utc(created: datetime) -> datetime:
    """``created`` in UTC, as Typst writes it (a naive time counts as the local time),
    to the second: Typst refuses microseconds, which every time the app saves has."""
    return created.astimezone(UTC).replace(microsecond=0)


def _as_json(block: Block) -> JsonBlock:
    """``block`` as the plain data pdf.typ reads; every string made printable."""
    match block:
        case Heading(text=text, level=level):
            return {"kind": "heading", "text": printable(text), "level": level}
        case Paragraph(text=text, strong=strong, quiet=quiet):
            return {"kind": "paragraph", "text": printable(text), "strong": strong, "quiet": quiet}
        case Badge(text=text, tone=tone):
            return {"kind": "badge", "text": printable(text), "tone": tone}
        case Callout(text=text, tone=tone):
            return {"kind": "callout", "text": printable(text), "tone": tone}
        case Bullets(items=items):
            return {"kind": "bullets", "items": [printable(item) for item in items]}
        case Facts(pairs=pairs):
            return {"kind": "facts", "pairs": [[printable(a), printable(b)] for a, b in pairs]}
        case Table():
            return _table_json(block)
        case PageBreak():
            return {"kind": "page-break"}


def _table_json(table: Table) -> JsonBlock:
    """Rows padded to one width: Typst fills a grid cell by cell, so a short row
    would pull the next row's cells into it."""
    columns = max([len(table.header), *(len(row) for row in table.rows)], default=0)

    def padded(cells: tuple[str, ...]) -> list[str]:
        return [printable(cell) for cell in cells] + [""] * (columns - len(cells))

    header = padded(table.header) if table.header else []
    return {
        "kind": "table",
        "columns": max(columns, 1),
        "header": header,
        "rows": [padded(row) for row in table.rows],
    }
