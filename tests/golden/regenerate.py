"""Rewrite the golden documents: every sample session, for each audience, in each format.

    python tests/golden/regenerate.py            # rewrite tests/golden/*.{md,html,txt}
    python tests/golden/regenerate.py --check    # exit 1 if any file differs

They are built from the saved sample reports (sample_sessions/*.report.toml, made
with a fixed clock) and the bundled questions, so they are reproducible byte for
byte. Like the snapshot pictures they show the bank's wording: a wording edit in
questions/ changes them, and they are regenerated and reviewed by eye.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from intake_tui.core.bundle import load_bundle
from intake_tui.core.document import html, markdown, text
from intake_tui.core.document.build import build_document
from intake_tui.core.document.model import Audience
from intake_tui.core.report.toml_io import read_report

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[1] / "sample_sessions"
REPORT_SUFFIX = ".report.toml"
AUDIENCES: tuple[Audience, ...] = ("client", "practitioner")
RENDERERS = {"md": markdown.render, "html": html.render, "txt": text.render}


def sample_reports() -> list[Path]:
    return sorted(SAMPLES.glob(f"*{REPORT_SUFFIX}"))


def golden_documents() -> Iterator[tuple[Path, str]]:
    """(golden file, its expected text) for every sample, audience and format."""
    bundle = load_bundle()
    for source in sample_reports():
        report = read_report(source)
        sample = source.name.removesuffix(REPORT_SUFFIX)
        for audience in AUDIENCES:
            document = build_document(report, bundle, audience)
            for ext, render in RENDERERS.items():
                yield HERE / f"{sample}.{audience}.{ext}", render(document)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    differ = []
    for path, expected in golden_documents():
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
