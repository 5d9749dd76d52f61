"""The PDF rendering of a consultation document (core/document/pdf.py, the pdf extra)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake_tui.core.document import pdf
from intake_tui.core.document.model import Badge, Callout, Document, Heading, Paragraph, Tone
from intake_tui.core.errors import IntakeError
from tests.pdf_support import (
    ANSI,
    CREATED,
    DASH,
    HOSTILE,
    HOSTILE_PLACES,
    hostile_document,
    long_table_document,
    media_boxes,
    page_texts,
    sample_document,
)

ROOT = Path(__file__).resolve().parents[1]
A4 = (595.28, 841.89)  # points: 210 x 297 mm
LETTER = (612.0, 792.0)  # points: 8.5 x 11 in


def flat(text: str) -> str:
    """Text as extracted with line breaks as spaces: wrapping is layout, not content."""
    return " ".join(text.split())


def unspaced(text: str) -> str:
    """Text without whitespace: a line may wrap inside a word ("</" then "script>")."""
    return "".join(text.split())


def test_the_same_document_and_time_give_the_same_bytes() -> None:
    first = pdf.render(sample_document(), created=CREATED)
    assert pdf.render(sample_document(), created=CREATED) == first
    assert pdf.render(sample_document(), created=CREATED + timedelta(seconds=1)) != first


def test_a_time_with_microseconds_as_the_app_saves_them_is_written_to_the_second() -> None:
    precise = CREATED.replace(microsecond=123456)
    assert pdf.render(sample_document(), created=precise) == pdf.render(
        sample_document(), created=CREATED
    )


def test_another_process_gives_the_same_bytes(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from tests.pdf_support import CREATED, sample_document\n"
        "from intake_tui.core.document.pdf import render\n"
        "sys.stdout.buffer.write(render(sample_document(), created=CREATED))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == pdf.render(sample_document(), created=CREATED)


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_every_page_has_the_chosen_paper_size(paper: pdf.Paper, size: tuple[float, float]) -> None:
    boxes = media_boxes(pdf.render(sample_document(), paper=paper, created=CREATED))
    assert len(boxes) == 2
    for width, height in boxes:
        assert (width, height) == pytest.approx(size, abs=0.1)


def test_a4_is_the_default_paper() -> None:
    boxes = media_boxes(pdf.render(sample_document(), created=CREATED))
    assert boxes[0] == pytest.approx(A4, abs=0.1)


def test_markup_escapes_and_script_in_any_block_print_literally() -> None:
    texts = page_texts(pdf.render(hostile_document(), created=CREATED))
    assert len(texts) == 1  # no string turned into a page break or anything else
    text = texts[0]
    assert unspaced(text).count(unspaced(HOSTILE)) == HOSTILE_PLACES
    assert "\\x1b[31mred\\x1b[0m" in text  # the escape shown, not obeyed
    assert "\x1b" not in text and ANSI not in text


def test_control_characters_never_reach_the_pdf() -> None:
    document = Document("Title\x1b]0;evil\x07", "client", (Callout("bidi \u202eevil"),))
    text = page_texts(pdf.render(document, created=CREATED))[0]
    assert "Title\\x1b]0;evil\\x07" in text
    assert "bidi \\u202eevil" in text
    assert "\u202e" not in text


def test_a_long_table_repeats_its_header_on_every_page() -> None:
    rows = 120
    texts = page_texts(pdf.render(long_table_document(rows), created=CREATED))
    assert len(texts) >= 3
    assert flat(texts[0]).startswith("Long table Row Area Depth")  # the title, then the table
    for text in texts[1:]:
        assert flat(text).startswith("Row Area Depth")
    every_row = [f"row-{i:03d}" for i in range(rows)]
    found = [word for text in texts for word in text.split() if word.startswith("row-")]
    assert found == every_row  # each row once, in order, none lost at a page break


def test_a_page_break_starts_a_new_page_and_every_page_is_numbered() -> None:
    document = sample_document("Muñoz report")
    texts = [flat(t) for t in page_texts(pdf.render(document, created=CREATED))]
    assert len(texts) == 2
    assert "Answers by section" not in texts[0]
    assert texts[1].startswith("Answers by section")
    for number, text in enumerate(texts, start=1):
        assert text.endswith(f"Muñoz report page {number} of 2")


def test_every_block_prints_its_text() -> None:
    text = flat(" ".join(page_texts(pdf.render(sample_document(), created=CREATED))))
    for expected in (
        f"Consultation summary {DASH} practitioner copy",  # heading
        "Client Ana Muñoz-Müller",  # facts: label then value
        "Go ahead with care",  # badge
        "Override by Dr Lee → proceed at 0.5 mm",  # callout
        "Phototype III: keep depth ≤ 1.0 mm",  # bullet
        f"Forehead 1 Fine lines 0.25 mm 3 {DASH} 4",  # table row
        "Depths are the deepest the protocol allows",  # quiet paragraph
        f"Symbols: {DASH} · → ñ é ü",
    ):
        assert expected in text


def test_a_glyph_no_font_has_does_not_raise() -> None:
    document = Document("王小明 😀", "client", (Callout("客户 🧴✨ \U000e0041"),))
    assert pdf.render(document, created=CREATED).startswith(b"%PDF-")


def test_a_long_word_wraps_instead_of_leaving_the_page() -> None:
    digest = "3f9a1c0b" * 16  # 128 characters, wider than the page
    document = Document("Hashes", "practitioner", (Callout(digest),))
    text = page_texts(pdf.render(document, created=CREATED))[0]
    assert "".join(text.split()).count(digest) == 1  # whole, no break characters added
    assert any(
        0 < len(line) < len(digest) and digest.startswith(line) for line in text.splitlines()
    )


def fill_colours(pdf_bytes: bytes) -> set[tuple[float, float, float]]:
    """The RGB colours the first page fills with, rounded."""
    from pypdf import PdfReader

    stream = PdfReader(io.BytesIO(pdf_bytes)).pages[0].get_contents()
    assert stream is not None
    words = stream.get_data().split()
    colours = set()
    for index, word in enumerate(words):
        if word == b"scn" and index >= 3:
            try:
                rgb = tuple(round(float(w), 2) for w in words[index - 3 : index])
            except ValueError:
                continue  # a grey or a pattern, not an RGB colour
            colours.add((rgb[0], rgb[1], rgb[2]))
    return colours


def strongest(colours: set[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The most saturated colour: a badge's or callout's ink, not the greys around it."""
    return max(colours, key=lambda c: max(c) - min(c))


@pytest.mark.parametrize(("tone", "hue"), [("go", 1), ("stop", 0), ("info", 2), ("wait", 0)])
def test_badges_and_callouts_are_coloured_by_tone(tone: Tone, hue: int) -> None:
    for block in (Badge("Verdict", tone), Callout("Note", tone)):
        colour = strongest(
            fill_colours(pdf.render(Document("T", "client", (block,)), created=CREATED))
        )
        assert max(colour) - min(colour) > 0.2, (tone, colour)  # a colour, not a grey
        assert colour.index(max(colour)) == hue, (tone, colour)
    wait = strongest(
        fill_colours(pdf.render(Document("T", "client", (Badge("x", "wait"),)), created=CREATED))
    )
    stop = strongest(
        fill_colours(pdf.render(Document("T", "client", (Badge("x", "stop"),)), created=CREATED))
    )
    assert wait[1] > stop[1]  # wait is amber, stop is red


def test_a_missing_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)  # makes `import typst` fail
    with pytest.raises(pdf.PdfExtraMissing) as caught:
        pdf.render(sample_document(), created=CREATED)
    assert isinstance(caught.value, IntakeError)
    assert str(caught.value) == "PDF export needs the pdf extra: pip install 'intake-tui[pdf]'"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_broken_layout_is_one_sentence_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "pdf.typ"
    broken.write_text('#panic("layout bug")\n', encoding="utf-8")
    monkeypatch.setattr(pdf, "LAYOUT", broken)
    with pytest.raises(pdf.PdfRenderError) as caught:
        pdf.render(sample_document(), created=CREATED)
    message = str(caught.value)
    assert message.startswith("The PDF layout pdf.typ failed: ")
    assert "\n" not in message and len(message) < 160


def test_the_metadata_holds_the_title_and_the_creation_time_only() -> None:
    from pypdf import PdfReader

    created = datetime(2026, 11, 26, 9, 30, tzinfo=ZoneInfo("America/Chicago"))
    document = Document("Muñoz report", "client", ())
    reader = PdfReader(io.BytesIO(pdf.render(document, created=created)))
    assert reader.metadata is not None
    assert dict(reader.metadata) == {
        "/Title": "Muñoz report",
        "/Creator": reader.metadata["/Creator"],
        "/CreationDate": "D:20261126153000Z",  # the same instant, in UTC
        "/ModDate": "D:20261126153000Z",
    }
    assert str(reader.metadata["/Creator"]).startswith("Typst ")


def test_the_layout_reads_no_file_and_imports_no_package() -> None:
    layout = pdf.LAYOUT.read_text(encoding="utf-8")
    for reaching_out in ("#import", "#include", "read(", "image(", "eval("):
        assert reaching_out not in layout


def test_a_section_heading_never_ends_a_page() -> None:
    # Push the heading down a line at a time across the bottom of the first page.
    pages_seen = set()
    for filler in range(35, 60):
        blocks = (
            *(Paragraph(f"Filler line {i}.") for i in range(filler)),
            Heading("Orphan check"),
            Paragraph("Follows the heading."),
        )
        texts = page_texts(pdf.render(Document("T", "client", blocks), created=CREATED))
        page = next(number for number, text in enumerate(texts) if "Orphan check" in text)
        assert "Follows the heading." in texts[page], filler
        pages_seen.add(page)
    assert pages_seen == {0, 1}  # the heading did cross the page boundary
