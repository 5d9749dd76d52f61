"""The gate: 'not now' or 'see a doctor first', said plainly and kindly, with reasons.

Front desk may continue to the practitioner's report with a reason and initials,
unless a reason is one the protocol marks absolute (the controller decides);
self-assessment has no override.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.messages import Intended
from intake_tui.app.widgets import KeysFooter, SafeHeader
from intake_tui.core.changes import SINCE_LAST_TIME, brief
from intake_tui.core.controller import Home, OverrideGate, SeeSummary, may_override, may_see_summary
from intake_tui.core.i18n import N_, _
from intake_tui.core.report.models import SessionReport

NO_OVERRIDE_WORDS = N_(
    "This result cannot be overridden: the clinic's protocol allows no override for "
    "the reason above."
)
KIND_WORDS = N_(
    "This is not a diagnosis, and nothing here is anyone's fault. It means a check or a short "
    "wait comes first, so that treatment is safe for you."
)


SINCE_SHOWN = 5  # the gate stays one screen; the report lists every change


def since_last_time(report: SessionReport) -> Content:
    """A returning client: what changed since last time, the answers first (the
    practitioner's report has the whole list)."""
    lines = brief(report.changes_since_last or [], SINCE_SHOWN)
    return Content.assemble((f"{_(SINCE_LAST_TIME)}\n", "bold"), "\n".join(lines))


class GateScreen(Screen[None]):
    CSS_PATH = "gate.tcss"  # parsed when first shown, not at start-up
    BINDINGS = [
        Binding(
            "o",
            "override",
            _("Practitioner's report"),
            id="override",
            tooltip=_("Front desk only"),
        ),
        Binding("v", "view", _("See summary"), id="view"),
        Binding("h", "home", _("Home"), id="gate_home"),
    ]

    def __init__(self, report: SessionReport) -> None:
        super().__init__()
        self.report = report

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "override":
            return self.override_allowed
        if action == "view":
            session = self.intake_app.session
            return session is not None and may_see_summary(session)
        return True

    @property
    def override_allowed(self) -> bool:
        session = self.intake_app.session
        return (
            session is not None
            and session.completed_report is self.report
            and may_override(session)
        )

    def compose(self) -> ComposeResult:
        rec = self.report.recommendation
        assert rec is not None
        reasons = "\n".join(f"• {reason.message}" for reason in rec.gate.reasons)
        saved = self.intake_app.last_saved
        yield SafeHeader()
        with VerticalScroll(id="gate-area"):
            with Vertical(id="gate-card") as card:
                wording = self.intake_app.bundle.protocol.wording
                card.border_title = Content(wording.decision(rec.gate.decision).title)
                yield Static(Content(rec.gate.headline), id="gate-headline")
                yield Static(Content(reasons), id="gate-reasons")
                yield Static(_(KIND_WORDS), id="gate-kind")
            if self.report.changes_since_last:
                yield Static(since_last_time(self.report), id="gate-since")
            saved_text = _("Your answers are saved in {path}.").format(path=saved) if saved else ""
            yield Static(Content(saved_text), id="gate-saved")
            yield Static(self._next_steps(), id="gate-next")
        yield KeysFooter(compact=True)

    def _next_steps(self) -> str:
        if self.report.mode == "front_desk" and not self.override_allowed:
            return f"{_(NO_OVERRIDE_WORDS)} {_('Press h to go back to the start.')}"
        if self.report.mode == "front_desk":
            return _(
                "Staff: press o to continue to the practitioner's report. "
                "A reason and your initials are recorded with it."
            )
        return _("Press v to see what to expect and how to prepare, or h to go back to the start.")

    def action_override(self) -> None:
        from intake_tui.app.dialogs.override import OverrideDialog

        self.app.push_screen(OverrideDialog(), self._overridden)

    def _overridden(self, result: tuple[str, str] | None) -> None:
        if result is not None:
            reason, initials = result
            self.post_message(Intended(OverrideGate(reason, initials), self))

    def action_view(self) -> None:
        self.post_message(Intended(SeeSummary(), self))

    def action_home(self) -> None:
        self.post_message(Intended(Home(), self))
