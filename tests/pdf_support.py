"""Documents for the PDF tests: a rich sample with every block, and PDF reading helpers.

The wording is the tests' own (not the builder's), so layout tests do not break
when the consultation wording changes.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

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

CREATED = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
# Typst markup and code, HTML, Rich markup and a backslash, each of which would
# change or break the page if a renderer ever parsed it.
HOSTILE = (
    "#set text(red) *not bold* _not italic_ $x^2$ `raw` @nolabel <lbl> "
    "[bold red]x[/] <script>alert(1)</script> back\\slash // not a comment"
)
ANSI = "\x1b[31mred\x1b[0m"
DASH = "\u2013"  # the en dash ranges and titles use


def _depth_rows(count: int) -> tuple[tuple[str, ...], ...]:
    areas = ("Forehead", "Cheeks", "Nose", "Chin", "Jawline", "Neck")
    return tuple(
        (f"{areas[i % len(areas)]} {i + 1}", "Fine lines", f"0.{25 + i % 3 * 25} mm", f"3 {DASH} 4")
        for i in range(count)
    )


def summary_blocks() -> tuple[Block, ...]:
    return (
        Heading(f"Consultation summary {DASH} practitioner copy", level=1),
        Facts(
            (
                ("Client", "Ana Muñoz-Müller · 王小明"),
                ("Seen", "Thu 26 Nov 2026, 09:30"),
                ("Questionnaire", "v2026.11 · sha256 3f9a1c…"),
            )
        ),
        Badge("Go ahead with care", tone="wait"),
        Callout("Override by Dr Lee → proceed at 0.5 mm: patch test was clear.", tone="stop"),
        Heading("Reasons and flags"),
        Bullets(
            (
                "Retinoid use stopped 10 days ago → wait 4 more days.",
                "Phototype III: keep depth ≤ 1.0 mm on the cheeks.",
                "Client mentions keloid history in the family.",
            )
        ),
        Heading("Depth per concern and area"),
        Table(("Area", "Concern", "Depth", "Sessions"), _depth_rows(12)),
        Paragraph("Depths are the deepest the protocol allows, not a target.", quiet=True),
        Callout("Sun protection for 7 days after every session.", tone="info"),
        Badge("No contraindication found", tone="go"),
        Badge("Stop: active infection", tone="stop"),
        Badge("For information", tone="info"),
    )


def detail_blocks() -> tuple[Block, ...]:
    paragraphs = tuple(
        Paragraph(
            f"Answer {i + 1}: the client said yes, with a note about previous treatments "
            "and the date they stopped.",
            strong=i % 5 == 0,
        )
        for i in range(20)
    )
    return (
        PageBreak(),
        Heading("Answers by section"),
        Heading("Medical history", level=3),
        *paragraphs,
        Heading("Trace", level=3),
        Table(
            ("Output", "Rule", "Answers"), tuple((f"out{i}", f"rule_{i}", "a, b") for i in range(8))
        ),
        Paragraph(f"Symbols: {DASH} · → ñ é ü 😀"),
    )


def sample_document(title: str = f"Consultation {DASH} Ana Muñoz-Müller") -> Document:
    """A rich practitioner-style document: summary, page break, answers, trace."""
    return Document(title, "practitioner", (*summary_blocks(), *detail_blocks()))


def long_table_document(rows: int = 120) -> Document:
    header = ("Row", "Area", "Depth")
    body = tuple((f"row-{i:03d}", "Cheeks", "0.5 mm") for i in range(rows))
    return Document("Long table", "practitioner", (Table(header, body),))


def hostile_document() -> Document:
    """HOSTILE in every place a string can go, and ANSI in one table cell."""
    blocks: tuple[Block, ...] = (
        Heading(HOSTILE, level=1),
        Paragraph(HOSTILE),
        Paragraph(HOSTILE, strong=True),
        Paragraph(HOSTILE, quiet=True),
        Badge(HOSTILE, tone="go"),
        Callout(HOSTILE),
        Bullets((HOSTILE,)),
        Facts(((HOSTILE, HOSTILE),)),
        Table((HOSTILE,), ((HOSTILE,), (ANSI,))),
    )
    return Document(HOSTILE, "client", blocks)


HOSTILE_PLACES = 13  # the count of HOSTILE in hostile_document, the title and footer included


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in points, read from the raw MediaBox entries."""
    number = r"(-?[\d.]+)"
    found = re.findall(
        rf"/MediaBox\s*\[\s*{number}\s+{number}\s+{number}\s+{number}\s*\]".encode(), pdf
    )
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in found]
