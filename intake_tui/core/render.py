"""A saved report in plain words, as Markdown: the results screen shows exactly this.

Written for a layperson first (what to do, what to expect), then for the
practitioner (notes, scores), then the explanation trace and the answers.
"""

from __future__ import annotations

import re
from datetime import date, tzinfo
from typing import TYPE_CHECKING

from intake_tui.core.bank.models import Bank
from intake_tui.core.bank.roles import CLIENT_REFERENCE
from intake_tui.core.clock import shown
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.recommend.models import (
    Cost,
    DepthPlan,
    Factor,
    Finding,
    Longevity,
    NextStep,
    Recommendation,
    Timeline,
)
from intake_tui.core.report.models import SessionReport
from intake_tui.core.safe_text import printable
from intake_tui.core.units import mm_range

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.protocol.models import Protocol, Wording

STATUS_WORDS = {"in_progress": "Draft", "completed": "Completed", "amended": "Amended"}
PHASE_TITLES = {
    "before": "Before each session",
    "after": "After each session",
    "ongoing": "Every day",
}


def day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def span(start: date, end: date) -> str:
    return day(start) if start == end else f"{day(start)} to {day(end)}"


def render_markdown(report: SessionReport, bundle: Bundle) -> str:
    rec, bank = report.recommendation, bundle.bank
    parts = [_header(report, bank, bundle.settings.zone)]
    if rec is None:
        parts.append("_This intake is not finished yet, so there is no recommendation._")
    else:
        parts += [_gate(rec, report, bundle.protocol), *_plan_parts(rec, report, bundle)]
        parts += [
            _things_to_know(rec),
            _practitioner(rec, report, _details_heading(report, bundle)),
            _why(rec, bank),
        ]
    parts.append(_answers(report, bank))
    if rec is not None:
        parts.append(f"---\n\n_{rec.notice}_")
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


def _plan_parts(rec: Recommendation, report: SessionReport, bundle: Bundle) -> list[str]:
    """Go ahead: the dated plan. Nothing to plan: the table of why and the general
    picture. On hold: what happens next and the general picture; after a staff override
    also the depth and an undated plan, for discussion only."""
    if rec.gate.decision == "nothing_planned":
        return [
            _depths(rec, bundle.protocol, at_home(report, bundle)),
            _longevity(rec.longevity, personal=False),
        ]
    if rec.gate.decision == "go_ahead":
        return [
            _depths(rec, bundle.protocol, at_home(report, bundle)),
            _timeline(rec.timeline),
            _longevity(rec.longevity),
            _aftercare(rec),
            _cost(rec.cost),
        ]
    parts = [_next_steps(rec.next_steps, bundle.protocol.wording)]
    if report.override is not None:
        parts += [
            _depths(rec, bundle.protocol, at_home(report, bundle)),
            _plan_for_discussion(rec.timeline),
        ]
    return [*parts, _longevity(rec.longevity, personal=False)]


def _next_steps(steps: list[NextStep], wording: Wording) -> str:
    if not steps:
        return ""
    lines = ["## What happens next", "", "Before treatment can be planned:", ""]
    lines.append(_bullets([_next_step(step, wording) for step in steps]))
    # Only an earliest date bounds the whole; a latest one may come sooner.
    dates = [
        step.review_from
        for step in steps
        if step.review_from is not None and step.review_date == "earliest"
    ]
    if dates:
        lines += ["", f"The earliest this can be looked at again: **{day(max(dates))}**."]
    return "\n".join(lines)


def _next_step(step: NextStep, wording: Wording) -> str:
    """One step, with its date said as what it is: the earliest, or the latest it can be."""
    text = f"{step.change} When to look again: {step.review}"
    if step.review_from is None:
        return text
    said = (
        wording.review_at_the_latest if step.review_date == "latest" else wording.review_not_before
    )
    return f"{text} {said.replace('{date}', day(step.review_from))}"


def _plan_for_discussion(timeline: Timeline | None) -> str:
    if timeline is None:
        return ""
    return "\n".join(
        [
            "## Treatment plan (for discussion)",
            "",
            "_For discussion with the practitioner only: no dates until the points above "
            "are resolved._",
            "",
            f"About {timeline.planned} sessions (usually {timeline.sessions_min} to "
            f"{timeline.sessions_max}), {timeline.interval_min_weeks} to "
            f"{timeline.interval_max_weeks} weeks apart. {timeline.reason}",
        ]
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~#&:@()])")


def literal(value: object) -> str:
    """Text from a file or a person as Markdown that shows exactly that text: no link,
    emphasis, heading or HTML, no line break, control characters shown escaped."""
    flat = printable(" ".join(str(value).split()), keep_newlines=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def client_reference(report: SessionReport, bank: Bank) -> str:
    """The answer to the bank's client-reference question, or "" without one."""
    question = bank.question_with_role(CLIENT_REFERENCE)
    reference = report.answers.get(question.id) if question else None
    return reference if isinstance(reference, str) else ""


def _header(report: SessionReport, bank: Bank, zone: tzinfo | None) -> str:
    reference = client_reference(report, bank)
    who = f" · client: {literal(reference)}" if reference else ""
    staff = f" · staff: {literal(report.staff_initials)}" if report.staff_initials else ""
    when = shown(report.updated_at, zone)  # the clinic's local time
    status = STATUS_WORDS.get(report.status, report.status)
    byline = f"{status} {when} · session {report.session_id}{who}{staff}"
    return f"# Microneedling intake report\n\n{byline}"


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _gate(rec: Recommendation, report: SessionReport, protocol: Protocol) -> str:
    gate = rec.gate
    title = protocol.wording.decision(gate.decision).title
    lines = [f"## {title}", "", f"**{gate.headline}**"]
    if gate.reasons:
        lines += ["", _bullets([reason.message for reason in gate.reasons])]
    if gate.physician_review and gate.decision == "not_now":
        lines += ["", protocol.wording.see_doctor_when_ready]
    if report.override is not None:
        override = report.override
        lines += [
            "",
            f"> **Staff override** by {override.staff_initials} on {override.at:%Y-%m-%d %H:%M}: "
            f"{override.reason}. This report is for the practitioner's consultation.",
        ]
    return "\n".join(lines)


def _depths(rec: Recommendation, protocol: Protocol, at_home: bool) -> str:
    if not rec.depths and not rec.not_planned:
        return ""
    on_hold = any(plan.status == "on_hold" for plan in rec.depths)
    lines = ["## Needle depth"]
    if on_hold:
        with_whom = "a clinic or doctor" if at_home else "the practitioner"
        lines += [
            "",
            f"_On hold: for discussion with {with_whom} only, not to act on until the "
            "points above are resolved._",
        ]
    lines += ["", "| Concern | Area | Depth | Note |", "|---|---|---|---|"]
    lines += [_depth_row(plan, protocol) for plan in rec.depths]
    wording = protocol.wording
    for item in rec.not_planned:
        depth = wording.see_clinic if item.reason == "see_clinic" else "-"
        areas = ", ".join(item.areas) or "-"
        lines.append(f"| {item.concern_label} | {areas} | {depth} | {item.explanation} |")
    return "\n".join(lines)


def _depth_row(plan: DepthPlan, protocol: Protocol) -> str:
    """One row; "gentler" only where a gentler rule really lowered the depth, and where
    it could not (the ladder's floor) the row says so instead."""
    gentler = any(n.rule_id in protocol.gentler_rules() for n in plan.narrowings)
    wording = protocol.wording
    skin_note = (
        wording.gentler_depth_note if gentler else wording.floor_depth_note if plan.at_floor else ""
    )
    note = plan.clinic_note or skin_note
    depth = mm_range(plan.min_mm, plan.max_mm)
    return f"| {plan.concern_label} | {plan.area_label} | {depth} | {note} |"


def _timeline(timeline: Timeline | None) -> str:
    if timeline is None or timeline.start_date is None:
        return ""
    start = timeline.start_date
    moved = (
        ' (the earliest the waits under "Good to know" allow)' if timeline.start_moved_by else ""
    )
    lines = [
        "## Your treatment plan",
        "",
        f"About {timeline.planned} sessions (usually {timeline.sessions_min} to "
        f"{timeline.sessions_max}), {timeline.interval_min_weeks} to {timeline.interval_max_weeks} "
        f"weeks apart, starting {day(start)}{moved}. {timeline.reason}",
        "",
    ]
    lines.append(
        _bullets([f"Session {s.number}: {span(s.earliest, s.latest)}" for s in timeline.sessions])
    )
    each = [m for m in timeline.milestones if m.anchor == "each_session"]
    dated = [m for m in timeline.milestones if m.anchor != "each_session"]
    lines += ["", "**What to expect**", ""]
    lines.append(
        _bullets(
            [
                f"{m.label} (days {(m.from_date - start).days} to {(m.to_date - start).days})"
                for m in each
            ]
            + [f"{m.label}: {span(m.from_date, m.to_date)}" for m in dated]
        )
    )
    return "\n".join(lines)


def _longevity(longevity: Longevity, *, personal: bool = True) -> str:
    """Personal: the interval, what moved it most, and every factor; otherwise the
    general picture only."""
    lines = [
        "## How long results last",
        "",
        f"**{longevity.never_permanent}**",
        "",
        longevity.summary,
    ]
    if not personal:
        return "\n".join(lines)
    lines += ["", f"**{longevity.maintenance_advice}**"]
    by_id = {f.id: f for f in longevity.factors}
    movers = [by_id[i] for i in longevity.moved_by if i in by_id]
    if movers:
        lines += ["", longevity.moved_by_intro, "", _bullets([_moved(f) for f in movers])]
    others = [f for f in longevity.factors if f.id not in longevity.moved_by]
    shorter = [f.text for f in others if f.direction == "shortens"]
    longer = [f.text for f in others if f.direction == "lengthens"]
    if shorter:
        lines += ["", "Also shortening your results:", "", _bullets(shorter)]
    if longer:
        lines += ["", "Also helping your results last:", "", _bullets(longer)]
    return "\n".join(lines)


def _moved(factor: Factor) -> str:
    """A factor that moved the interval, in words: which way and about how far."""
    way = "shorter" if factor.months < 0 else "longer"
    size = abs(factor.months)
    amount = "a little" if size < 1 else "about a month" if size < 1.5 else f"about {size:g} months"
    return f"{factor.text.rstrip('.')} ({amount} {way})."


def _aftercare(rec: Recommendation) -> str:
    if not rec.aftercare:
        return ""
    lines = ["## Care before and after"]
    for phase, title in PHASE_TITLES.items():
        items = [a.text for a in rec.aftercare if a.phase == phase]
        if items:
            lines += ["", f"**{title}**", "", _bullets(items)]
    return "\n".join(lines)


def money(cost: Cost, amount: int) -> str:
    """An amount in the clinic's currency and number format (questions/settings.toml)."""
    grouped = f"{amount:,}".replace(",", cost.thousands_separator)
    return cost.money_format.format(currency=cost.currency, amount=grouped)


def _money_range(cost: Cost, low: int, high: int) -> str:
    return money(cost, low) if low == high else f"{money(cost, low)} to {money(cost, high)}"


def _cost(cost: Cost | None) -> str:
    """Every number a client can check: per-session prices, the series from the fewest
    to the most sessions, add-ons on their own line, top-ups per the advised interval."""
    if cost is None:
        return ""
    lines = ["## Cost", ""]
    if not cost.priced:
        lines.append(f"**Not priced.** {cost.note}".rstrip())
        return "\n".join(lines)
    if cost.device_low is not None and cost.device_high is not None:
        lines += [
            f"Device (one-off): about {_money_range(cost, cost.device_low, cost.device_high)}.",
            "",
        ]
    if cost.lines:
        lines += [_series(cost), "", _top_ups(cost)]
    if cost.note:
        lines += ["", cost.note]
    return "\n".join(lines)


def _series(cost: Cost) -> str:
    per_session = _bullets(
        [
            f"{line.label}: {_money_range(cost, line.per_session_low, line.per_session_high)}"
            for line in cost.lines
        ]
    )
    sessions = f"{cost.sessions_min} to {cost.sessions_max} sessions"
    text = [
        f"{cost.setting_label}, per session:",
        "",
        per_session,
        "",
        f"The series, {sessions} (about {cost.sessions} planned), from the fewest at the "
        "lowest price to the most at the highest:",
        "",
    ]
    add_ons = [line.label for line in cost.lines if line.add_on]
    without = "Without " + " or ".join(add_ons) if add_ons else "In all"
    rows = [f"{without}: **{_money_range(cost, cost.series_low, cost.series_high)}**"]
    if add_ons:
        with_range = _money_range(cost, cost.with_add_ons_low, cost.with_add_ons_high)
        rows.append(f"With {' and '.join(add_ons)}: **{with_range}**")
    return "\n".join([*text, _bullets(rows)])


def _top_ups(cost: Cost) -> str:
    low, high = cost.visits_a_year
    visits = (
        f"{low} visit"
        if low == high == 1
        else (f"{low} visits" if low == high else f"{low} to {high} visits")
    )
    add_ons = any(line.add_on for line in cost.lines)
    included = ", add-ons counted as for the series" if add_ons else ""
    yearly = _money_range(cost, cost.maintenance_year_low, cost.maintenance_year_high)
    return f"Top-ups afterwards: {visits} a year, about {yearly} a year{included}."


def _things_to_know(rec: Recommendation) -> str:
    items = [f.message for f in (*rec.adjustments, *rec.warnings, *rec.notes)]
    return "## Good to know\n\n" + _bullets(items) if items else ""


def at_home(report: SessionReport, bundle: Bundle) -> bool:
    """Treated at home (a setting that is not a clinic): there is no practitioner."""
    settings = bundle.settings
    profile = settings.by_value.get(str(report.answers.get(settings.setting_question, "")))
    return profile is not None and not profile.clinic


def _details_heading(report: SessionReport, bundle: Bundle) -> str:
    """At home the scores and notes are for a clinic or doctor."""
    home = at_home(report, bundle)
    return bundle.protocol.wording.home_details_heading if home else "For the practitioner"


def _practitioner(rec: Recommendation, report: SessionReport, heading: str) -> str:
    notes = [f"{f.rule_id}: {f.practitioner}" for f in _all_findings(rec) if f.practitioner]
    scores = [f"{name.replace('_', ' ')}: {value}" for name, value in report.scores.items()]
    if not notes and not scores:
        return ""
    lines = [f"## {heading}"]
    if scores:
        lines += ["", "Scores: " + "; ".join(scores) + "."]
    if notes:
        lines += ["", _bullets(notes)]
    return "\n".join(lines)


def _all_findings(rec: Recommendation) -> list[Finding]:
    return [*rec.gate.reasons, *rec.adjustments, *rec.warnings, *rec.notes]


def _why(rec: Recommendation, bank: Bank) -> str:
    lines = ["## Why it says this", ""]
    for entry in rec.trace:
        because = "; ".join(f"{k} = {_value_word(k, v, bank)}" for k, v in entry.because.items())
        suffix = f" because {because}" if because else ""
        lines.append(f"- **{entry.output}**: {', '.join(entry.rule_ids)}{suffix}")
    return "\n".join(lines)


def _value_word(key: str, value: AnswerValue | object, bank: Bank) -> str:
    """An answer in words; facts and questions no longer in the bank as written."""
    question = bank.by_id.get(key)
    if question is not None and isinstance(value, str | int | list | date):
        return question.words_for(value)
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _answers(report: SessionReport, bank: Bank) -> str:
    if not report.answers:
        return ""
    lines = ["## Answers"]
    for section in bank.sections:
        rows = [q for q in section.questions if q.id in report.answers]
        if not rows:
            continue
        lines += ["", f"**{section.title}**", ""]
        lines += [
            f"- {q.prompt} **{literal(_value_word(q.id, report.answers[q.id], bank))}**"
            for q in rows
        ]
    unknown = [(k, v) for k, v in report.answers.items() if k not in bank.by_id]
    if unknown:
        lines += ["", "**Answers to questions no longer in this questionnaire**", ""]
        lines += [f"- {literal(k)}: {literal(_value_word(k, v, bank))}" for k, v in unknown]
    return "\n".join(lines)
