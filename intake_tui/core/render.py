"""A saved report in plain words, as Markdown: the results screen shows exactly this.

The screen's document (core/document/build.py) rendered as Markdown: written for a
layperson first (what to do, what to expect), then for the practitioner (notes,
scores), then the explanation trace and the answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake_tui.core.document.build import STATUS_WORDS, build_screen_document
from intake_tui.core.document.markdown import literal
from intake_tui.core.document.markdown import render as to_markdown

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.report.models import SessionReport

__all__ = ["STATUS_WORDS", "literal", "render_markdown"]


def render_markdown(report: SessionReport, bundle: Bundle) -> str:
    return to_markdown(build_screen_document(report, bundle))
