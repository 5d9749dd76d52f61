"""Shared helpers for the longevity and cost model tests: one clock, one session id."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, settings

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.document import markdown
from intake_tui.core.document.build import build_screen_document
from intake_tui.core.recommend import Recommendation, recommend
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from tests.support import TODAY, bundled

BUNDLE = bundled()
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def bundled_recommendation(answers: dict[str, AnswerValue]) -> Recommendation:
    return recommend(BUNDLE, answers, today=TODAY)


def completed_report(bundle: Bundle, answers: dict[str, AnswerValue]) -> SessionReport:
    return build_report(
        bundle,
        answers,
        status="completed",
        now=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        session_id="00112233445566aa",
    )


def render_markdown(report: SessionReport, bundle: Bundle) -> str:
    """The results screen's document as Markdown: its text, as the tests read it."""
    return markdown.render(build_screen_document(report, bundle))


def rendered(bundle: Bundle, answers: dict[str, AnswerValue]) -> str:
    return render_markdown(completed_report(bundle, answers), bundle)
