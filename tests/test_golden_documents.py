"""The sample sessions' documents as people read them, for each audience and format.

Golden files (tests/golden/) from the bundled bank's sample reports, made with a
fixed clock. Like the snapshot pictures they show the bank's wording, so a clinic's
wording edit changes them (tests/wording_edit_check.py lists this file with the
pictures): review the change, then run ``python tests/golden/regenerate.py``.
Comparing structure without wording would leave almost nothing to compare: a
document is its wording.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from intake_tui.core.document import text
from tests.golden.regenerate import golden_cases


@pytest.mark.parametrize(
    ("golden", "build"), list(golden_cases()), ids=lambda v: getattr(v, "name", "")
)
def test_golden_documents(golden: Path, build: Callable[[], str]) -> None:
    expected = build()
    assert golden.exists(), f"{golden.name} missing: run python tests/golden/regenerate.py"
    assert golden.read_text(encoding="utf-8") == expected, (
        f"{golden.name} differs: review the change, then run python tests/golden/regenerate.py"
    )
    if golden.name.endswith((".client.txt", ".practitioner.txt")):
        assert max(map(len, expected.splitlines())) <= text.WIDTH


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_longest_practitioner_summary_fits_its_first_page(paper: str) -> None:
    """The consultation starts from page 1: the whole summary is there, on A4 and Letter,
    for the sample whose summary is longest; the answers start page 2."""
    from intake_tui.core.document import pdf
    from intake_tui.core.document.build import build_document
    from intake_tui.core.document.model import PageBreak
    from intake_tui.core.report.toml_io import read_report
    from tests.golden.regenerate import bundled, pdf_pages, sample_reports

    def summary_length(source: Path) -> int:
        document = build_document(read_report(source), bundled(), "practitioner")
        return len(text.render(document).split("=" * text.WIDTH)[0])

    longest = max(sample_reports(), key=summary_length)
    report = read_report(longest)
    document = build_document(report, bundled(), "practitioner")
    assert PageBreak() in document.blocks
    pages = pdf_pages(pdf.render(document, paper=paper, created=report.updated_at))  # type: ignore[arg-type]
    second_page = pages.split("--- page 2 of")[1].splitlines()[1]
    assert second_page == "Answers", f"{longest.name}: the summary runs past page 1 on {paper}"
