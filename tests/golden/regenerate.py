"""Rewrite the golden documents: every sample session, for each audience, in each format.

    python tests/golden/regenerate.py            # rewrite tests/golden/*
    python tests/golden/regenerate.py --check    # exit 1 if any file differs

They are built from the saved sample reports (sample_sessions/*.report.toml, made
with a fixed clock) and the bundled questions through the same export table as
`intake export` (core/document/export.py), so they are reproducible byte for byte.
A PDF is kept as the text of each page (``.pdf.pages.txt``): it can be reviewed in a
diff, it shows where pages break, and the same report gives the same bytes anyway
(tests/test_pdf.py). FHIR is one file per sample: it is the same for both audiences.
Like the snapshot pictures they show the bank's wording: a wording edit in questions/
changes them, and they are regenerated and reviewed by eye.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.document.export import AUDIENCES, FORMATS, export_bytes
from intake_tui.core.document.model import Audience
from intake_tui.core.report.toml_io import read_report

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[1] / "sample_sessions"
REPORT_SUFFIX = ".report.toml"
# Every export but the session file, which is the sample report itself.
GOLDEN_FORMATS = tuple(name for name in FORMATS if name != "toml")
SUFFIXES = {"pdf": "pdf.pages.txt", "fhir": "fhir.json"}


@cache
def bundled() -> Bundle:
    return load_bundle()


def sample_reports() -> list[Path]:
    return sorted(SAMPLES.glob(f"*{REPORT_SUFFIX}"))


def golden_cases() -> Iterator[tuple[Path, Callable[[], str]]]:
    """(golden file, how to build its expected text) for every sample, audience and
    format; built only when asked, so collecting the tests costs nothing."""
    for source in sample_reports():
        sample = source.name.removesuffix(REPORT_SUFFIX)
        for fmt in GOLDEN_FORMATS:
            audiences = AUDIENCES if not FORMATS[fmt].same_for_everyone else AUDIENCES[:1]
            for audience in audiences:
                whose = "" if FORMATS[fmt].same_for_everyone else f"{audience}."
                path = HERE / f"{sample}.{whose}{SUFFIXES.get(fmt, fmt)}"
                yield path, _builder(source, fmt, audience)


def _builder(source: Path, fmt: str, audience: Audience) -> Callable[[], str]:
    def build() -> str:
        data = export_bytes(read_report(source), bundled(), fmt, audience)
        return pdf_pages(data) if fmt == "pdf" else data.decode("utf-8")

    return build


def pdf_pages(data: bytes) -> str:
    """The text of each page, one page after another, as a reviewer reads them."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return "".join(
        f"--- page {number} of {len(pages)} ---\n{page.extract_text().rstrip()}\n"
        for number, page in enumerate(pages, start=1)
    )


def main(argv: list[str]) -> int:
    check = "--check" in argv
    differ = []
    for path, build in golden_cases():
        expected = build()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != expected:
                differ.append(path.name)
        else:
            path.write_text(expected, encoding="utf-8")
    for name in differ:
        print(f"differs: {name}", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
