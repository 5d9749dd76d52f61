"""The end of an intake: the gate's override at the front desk, then the report as
plain text (the core's document) and where it was saved."""

from __future__ import annotations

from intake_tui.core.controller import OverrideGate, may_override, step
from intake_tui.core.document import text
from intake_tui.core.document.build import build_document, build_screen_document
from intake_tui.core.front_desk import override_reason_problem
from intake_tui.core.modes import STAFF_INITIALS_PATTERN
from intake_tui.core.safe_text import printable
from intake_tui.core.session import IntakeSession
from intake_tui.plain import words
from intake_tui.plain.keeper import Keeper
from intake_tui.plain.text import safe


def show_outcome(keeper: Keeper, session: IntakeSession) -> int:
    """Print the results of a completed intake; the exit status."""
    if may_override(session):
        _say_gate(keeper, session)
        if yes(keeper, words.GATE_OVERRIDE):
            session = _overridden(keeper, session)
    report = session.completed_report
    assert report is not None, "the outcome of a completed intake"
    if session.mode == "self":  # the one at the keyboard is the client
        document = build_document(report, keeper.bundle, "client")
    else:
        document = build_screen_document(report, keeper.bundle)
    # Over a pipe (a screen reader), one paragraph a line and no rule lines to read out.
    width = text.WIDTH if keeper.console.on_terminal else None
    rendered = text.render(document, width)
    keeper.console.say("", *(printable(line) for line in rendered.splitlines()))
    if keeper.last_saved is not None:
        keeper.console.say(words.SAVED_TO.format(path=safe(keeper.last_saved)))
    return 0


def _say_gate(keeper: Keeper, session: IntakeSession) -> None:
    """What the gate decided and why, before staff are asked to continue past it."""
    report = session.completed_report
    if report is None or report.recommendation is None:
        return
    gate = report.recommendation.gate
    reasons = (words.GATE_REASON.format(reason=safe(r.message)) for r in gate.reasons)
    keeper.console.say("", safe(gate.headline), *reasons)


def _overridden(keeper: Keeper, session: IntakeSession) -> IntakeSession:
    while True:
        reason = keeper.console.ask(words.OVERRIDE_REASON).strip()
        if not (problem := override_reason_problem(reason)):
            break
        keeper.console.say(problem)
    initials = ask_initials(keeper)
    result = step(session, OverrideGate(reason, initials), keeper.clock())
    kept = keeper.keep(session, result.session) if result.changed else None
    if kept is None:
        return session
    keeper.audit("gate_overridden", kept.session_id, kept.staff_initials)
    return kept


def yes(keeper: Keeper, question: str) -> bool:
    """A y/n question, asked until one of them is typed."""
    while True:
        answer = keeper.console.ask(question).strip().lower()
        if answer in words.YES_WORDS or answer in words.NO_WORDS:
            return answer in words.YES_WORDS
        keeper.console.say(words.YES_NO_AGAIN)


def ask_initials(keeper: Keeper) -> str:
    """Staff initials, as the app's dialog takes them (upper-cased)."""
    import re

    while True:
        initials = keeper.console.ask(words.STAFF_INITIALS).strip()
        if re.fullmatch(STAFF_INITIALS_PATTERN, initials):
            return initials.upper()
        keeper.console.say(words.INITIALS_AGAIN)
