"""A saved report as a Document, in plain words, for one reader.

Three compositions share the same pieces: the results screen (everything, in the
order a layperson reads it), the client's copy (what to do and expect: no codes,
no rule ids) and the practitioner's copy (a one-page summary, then every answer,
the trace and the questionnaire's identity). Every string stays plain text: each
renderer escapes it for its own format.
"""

from __future__ import annotations

from datetime import date, tzinfo
from typing import TYPE_CHECKING

from intake_tui.core.bank.models import Bank
from intake_tui.core.changes import SINCE_LAST_TIME
from intake_tui.core.clock import date_words, day_words, moment_words
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.document.model import (
    Audience,
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
    Tone,
)
from intake_tui.core.document.names import field_name, output_name, spaced_name
from intake_tui.core.i18n import ENGLISH, N_, _, _n, current_language, speaking
from intake_tui.core.recommend.models import (
    Cost,
    DepthPlan,
    Factor,
    Finding,
    Longevity,
    MaintenanceDue,
    NextStep,
    Recommendation,
    Timeline,
)
from intake_tui.core.report.models import STATUS_WORDS, SessionReport
from intake_tui.core.units import for_people, grouped, mm_range

if TYPE_CHECKING:
    from collections.abc import Iterable

    from intake_tui.core.bundle import Bundle
    from intake_tui.core.protocol.models import Protocol, Wording

Blocks = tuple[Block, ...]

PHASE_TITLES = {
    "before": N_("Before each session"),
    "after": N_("After each session"),
    "ongoing": N_("Every day"),
}
TONES: dict[str, Tone] = {
    "go_ahead": "go",
    "nothing_planned": "info",
    "physician_first": "wait",
    "not_now": "stop",
}
SCREEN_TITLE = N_("Microneedling intake report")
TITLES: dict[Audience, str] = {
    "client": N_("Your microneedling plan"),
    "practitioner": N_("Microneedling intake: practitioner copy"),
}
NOT_FINISHED = N_("This intake is not finished yet, so there is no recommendation.")
NOT_ANSWERED = N_("Not answered")


def day(value: date) -> str:
    """'Mon 7 Dec 2026'; in another language as its readers write it ('lun 7 dic 2026')."""
    return day_words(value)


def span(start: date, end: date) -> str:
    if start == end:
        return day(start)
    return _("{start} to {end}").format(start=day(start), end=day(end))


# --- the three compositions ------------------------------------------------------------


def build_document(report: SessionReport, bundle: Bundle, audience: Audience) -> Document:
    """The printable copy of ``report`` for ``audience``."""
    build = _client if audience == "client" else _practitioner_copy
    with speaking(bundle.language):
        blocks = build(report, bundle)
        return Document(_(TITLES[audience]), audience, blocks, bundle.language)


def build_screen_document(report: SessionReport, bundle: Bundle) -> Document:
    """What the results screen shows: the client's part first, then the practitioner's
    notes, the explanation and the answers."""
    with speaking(bundle.language):
        return _screen_document(report, bundle)


def _screen_document(report: SessionReport, bundle: Bundle) -> Document:
    rec, bank = report.recommendation, bundle.bank
    blocks: list[Block] = [Paragraph(_byline(report, bank, bundle.settings.zone))]
    if rec is None:
        blocks.append(Paragraph(_(NOT_FINISHED), quiet=True))
    else:
        blocks += [*_gate(rec, report, bundle.protocol), *_since_last_time(report)]
        blocks += _plan_parts(rec, report, bundle)
        blocks += [
            *_things_to_know(rec),
            *_practitioner_notes(rec, report, _details_heading(report, bundle)),
            *_why_bullets(rec, bank),
        ]
    blocks += _answer_bullets(report, bank)
    if rec is not None:
        blocks.append(Callout(rec.notice))
    return Document(_(SCREEN_TITLE), "practitioner", tuple(blocks), bundle.language)


def _client(report: SessionReport, bundle: Bundle) -> Blocks:
    rec = report.recommendation
    blocks: list[Block] = [Facts(_client_facts(report, bundle))]
    if rec is None:
        return (*blocks, Paragraph(_(NOT_FINISHED), strong=True))
    blocks += _gate(rec, report, bundle.protocol, for_client=True)
    if at_home(report, bundle) and rec.gate.decision == "go_ahead":
        blocks += _depths(rec, bundle.protocol, at_home=True)
    if rec.gate.decision == "go_ahead":
        blocks += [
            *_timeline(rec.timeline),
            *_longevity(rec.longevity, due=rec.maintenance_due),
            *_aftercare(rec),
            *_cost(rec.cost),
        ]
    elif rec.gate.decision == "nothing_planned":
        blocks += [
            *_depths(rec, bundle.protocol, at_home(report, bundle)),
            *_longevity(rec.longevity, personal=False),
        ]
    else:
        wording = bundle.protocol.wording
        blocks += [
            *_next_steps(rec.next_steps, wording),
            *_longevity(rec.longevity, personal=False),
        ]
    return (*blocks, *_things_to_know(rec), Callout(rec.notice))


def _practitioner_copy(report: SessionReport, bundle: Bundle) -> Blocks:
    rec, bank = report.recommendation, bundle.bank
    blocks: list[Block] = [Facts(_practitioner_facts(report, bundle)), Heading(_("Summary"))]
    if rec is None:
        blocks.append(Callout(_(NOT_FINISHED), "wait"))
    else:
        blocks += _summary(rec, report, bundle)
    blocks += [PageBreak(), *_since_last_time(report), *_answer_tables(report, bank)]
    if rec is not None:
        blocks += _why_table(rec, bank)
    blocks += _questionnaire(report)
    if rec is not None:
        blocks.append(Callout(rec.notice))
    return tuple(blocks)


def _summary(rec: Recommendation, report: SessionReport, bundle: Bundle) -> Blocks:
    """One page: the verdict, every reason and flag, the override, depths, plan, longevity."""
    protocol = bundle.protocol
    title = protocol.wording.decision(rec.gate.decision).title
    blocks: list[Block] = [Badge(f"{title}: {rec.gate.headline}", TONES[rec.gate.decision])]
    if report.override is not None:
        blocks.append(_override_callout(report, bundle.settings.zone))
    blocks += [Heading(_("Reasons and flags"), 3), Bullets(_flags(rec))]
    if scores := _scores(report):
        blocks.append(Paragraph(scores))
    blocks += _depths(rec, protocol, at_home(report, bundle), level=3)
    blocks += _plan_summary(rec, protocol.wording)
    return (*blocks, *_longevity_factors(rec.longevity, rec.maintenance_due))


# --- shared pieces ---------------------------------------------------------------------


def _since_last_time(report: SessionReport) -> Blocks:
    """A returning client's report: what changed since the report it follows (answers,
    gate, depths, plan, longevity), before and now."""
    if report.follows is None:
        return ()
    heading = Heading(_(SINCE_LAST_TIME))
    if report.changes_since_last is None:
        unread = _("Follows report {session}, which could not be read to compare.")
        return heading, Paragraph(unread.format(session=report.follows), quiet=True)
    if not report.changes_since_last:
        return heading, Paragraph(_("Nothing changed since the last visit."))
    rows = tuple((c.what, c.before, c.after) for c in report.changes_since_last)
    return heading, Table((_("What"), _("Last time"), _("Now")), rows)


def _byline(report: SessionReport, bank: Bank, zone: tzinfo | None) -> str:
    reference = bank.client_reference(report.answers)
    who = _(" · client: {reference}").format(reference=_one_line(reference)) if reference else ""
    initials = _one_line(report.staff_initials)
    staff = _(" · staff: {initials}").format(initials=initials) if initials else ""
    when = moment_words(report.updated_at, zone)  # the clinic's local time
    session = _("session {session}").format(session=report.session_id)
    return f"{_status(report)} {when} · {session}{who}{staff}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _status(report: SessionReport) -> str:
    return _(STATUS_WORDS.get(report.status, report.status))


def _client_facts(report: SessionReport, bundle: Bundle) -> tuple[tuple[str, str], ...]:
    reference = bundle.bank.client_reference(report.answers)
    when = date_words(report.updated_at, bundle.settings.zone)
    pairs = [(_("For"), _one_line(reference))] if reference else []
    pairs.append((_("Date"), when))
    if report.status == "in_progress":
        pairs.append((_("Status"), _("Draft, not finished")))
    return tuple(pairs)


def _practitioner_facts(report: SessionReport, bundle: Bundle) -> tuple[tuple[str, str], ...]:
    reference = bundle.bank.client_reference(report.answers)
    zone = bundle.settings.zone
    pairs = [
        (_("Client"), _one_line(reference) or "-"),
        (_("Status"), f"{_status(report)} {moment_words(report.updated_at, zone)}"),
        (_("Staff"), _one_line(report.staff_initials) or "-"),
        (_("Setting"), _setting_label(report, bundle) or "-"),
        (_("Session"), report.session_id),
    ]
    return tuple(pairs)


def _setting_label(report: SessionReport, bundle: Bundle) -> str:
    settings = bundle.settings
    answer = report.answers.get(settings.setting_question)
    question = bundle.bank.by_id.get(settings.setting_question)
    if answer is None or question is None:
        return ""
    return question.words_for(answer)


def _gate(
    rec: Recommendation, report: SessionReport, protocol: Protocol, *, for_client: bool = False
) -> Blocks:
    gate = rec.gate
    title = protocol.wording.decision(gate.decision).title
    blocks: list[Block] = [Heading(title), Badge(gate.headline, TONES[gate.decision])]
    if gate.reasons:
        blocks.append(Bullets(tuple(reason.message for reason in gate.reasons)))
    if gate.physician_review and gate.decision == "not_now":
        blocks.append(Paragraph(protocol.wording.see_doctor_when_ready))
    if report.override is not None:
        override = report.override
        for_staff = _(
            "Staff override by {initials} on {moment}: {reason}. "
            "This report is for the practitioner's consultation."
        ).format(
            initials=_one_line(override.staff_initials),
            moment=moment_words(override.at, override.at.tzinfo),  # as written
            reason=_one_line(override.reason),
        )
        reviewed = _(
            "A member of staff has reviewed this: the plan is for your consultation "
            "with the practitioner."
        )
        blocks.append(Callout(reviewed if for_client else for_staff, "wait"))
    return tuple(blocks)


def _override_callout(report: SessionReport, zone: tzinfo | None) -> Callout:
    override = report.override
    assert override is not None
    words = _("Staff override by {initials} on {moment}. Why: {reason}").format(
        initials=_one_line(override.staff_initials),
        moment=moment_words(override.at, zone),
        reason=_one_line(override.reason),
    )
    return Callout(words, "wait")


def _plan_parts(rec: Recommendation, report: SessionReport, bundle: Bundle) -> list[Block]:
    """Go ahead: the dated plan. Nothing to plan: the table of why and the general
    picture. On hold: what happens next and the general picture; after a staff override
    also the depth and an undated plan, for discussion only."""
    home = at_home(report, bundle)
    if rec.gate.decision == "nothing_planned":
        return [*_depths(rec, bundle.protocol, home), *_longevity(rec.longevity, personal=False)]
    if rec.gate.decision == "go_ahead":
        return [
            *_depths(rec, bundle.protocol, home),
            *_timeline(rec.timeline),
            *_longevity(rec.longevity, due=rec.maintenance_due),
            *_aftercare(rec),
            *_cost(rec.cost),
        ]
    blocks = list(_next_steps(rec.next_steps, bundle.protocol.wording))
    if report.override is not None:
        blocks += [*_depths(rec, bundle.protocol, home), *_plan_for_discussion(rec.timeline)]
    return [*blocks, *_longevity(rec.longevity, personal=False)]


def _next_steps(steps: list[NextStep], wording: Wording) -> Blocks:
    if not steps:
        return ()
    items = tuple(_step(step, wording) for step in steps)
    blocks: list[Block] = [
        Heading(_("What happens next")),
        Paragraph(_("Before treatment can be planned:")),
        Bullets(items),
    ]
    # Only an earliest date bounds the whole; a latest one may come sooner.
    dates = [
        step.review_from
        for step in steps
        if step.review_from is not None and step.review_date == "earliest"
    ]
    if dates:
        earliest = _("The earliest this can be looked at again: {date}.")
        blocks.append(Paragraph(earliest.format(date=day(max(dates))), strong=True))
    return tuple(blocks)


def _step(step: NextStep, wording: Wording) -> str:
    """What must change before treatment and when to look again, its date said as what it
    is: the earliest, or the latest it can be."""
    text = _("{change} When to look again: {review}").format(change=step.change, review=step.review)
    if step.review_from is None:
        return text
    said = (
        wording.review_at_the_latest if step.review_date == "latest" else wording.review_not_before
    )
    return f"{text} {said.replace('{date}', day(step.review_from))}"


def _outline(timeline: Timeline) -> str:
    return _(
        "About {planned} sessions (usually {fewest} to {most}), {weeks_low} to {weeks_high} "
        "weeks apart"
    ).format(
        planned=timeline.planned,
        fewest=timeline.sessions_min,
        most=timeline.sessions_max,
        weeks_low=timeline.interval_min_weeks,
        weeks_high=timeline.interval_max_weeks,
    )


def _plan_for_discussion(timeline: Timeline | None) -> Blocks:
    if timeline is None:
        return ()
    return (
        Heading(_("Treatment plan (for discussion)")),
        Paragraph(
            _(
                "For discussion with the practitioner only: no dates until the points above "
                "are resolved."
            ),
            quiet=True,
        ),
        Paragraph(f"{_outline(timeline)}. {timeline.reason}"),
    )


def _depths(rec: Recommendation, protocol: Protocol, at_home: bool, level: int = 2) -> Blocks:
    if not rec.depths and not rec.not_planned:
        return ()
    blocks: list[Block] = [Heading(_("Needle depth"), level)]
    if any(plan.status == "on_hold" for plan in rec.depths):
        on_hold = (
            _(
                "On hold: for discussion with a clinic or doctor only, not to act on until "
                "the points above are resolved."
            )
            if at_home
            else _(
                "On hold: for discussion with the practitioner only, not to act on until the "
                "points above are resolved."
            )
        )
        blocks.append(Paragraph(on_hold, quiet=True))
    rows = [_depth_row(plan, protocol) for plan in rec.depths]
    wording = protocol.wording
    for item in rec.not_planned:
        depth = wording.see_clinic if item.reason == "see_clinic" else "-"
        rows.append((item.concern_label, ", ".join(item.areas) or "-", depth, item.explanation))
    blocks.append(Table((_("Concern"), _("Area"), _("Depth"), _("Note")), tuple(rows)))
    return tuple(blocks)


def _depth_row(plan: DepthPlan, protocol: Protocol) -> tuple[str, str, str, str]:
    """One row; "gentler" only where a gentler rule really lowered the depth, and where
    it could not (the ladder's floor) the row says so instead."""
    gentler = any(n.rule_id in protocol.gentler_rules() for n in plan.narrowings)
    wording = protocol.wording
    skin_note = (
        wording.gentler_depth_note if gentler else wording.floor_depth_note if plan.at_floor else ""
    )
    note = plan.clinic_note or skin_note
    return (plan.concern_label, plan.area_label, mm_range(plan.min_mm, plan.max_mm), note)


def _timeline(timeline: Timeline | None) -> Blocks:
    if timeline is None or timeline.start_date is None:
        return ()
    start = timeline.start_date
    moved = (
        _(' (the earliest the waits under "Good to know" allow)') if timeline.start_moved_by else ""
    )
    each = [m for m in timeline.milestones if m.anchor == "each_session"]
    dated = [m for m in timeline.milestones if m.anchor != "each_session"]
    days = _("{label} (days {first} to {last})")
    expect = [
        days.format(label=m.label, first=(m.from_date - start).days, last=(m.to_date - start).days)
        for m in each
    ] + [f"{m.label}: {span(m.from_date, m.to_date)}" for m in dated]
    starting = _("{outline}, starting {date}{moved}. {reason}").format(
        outline=_outline(timeline), date=day(start), moved=moved, reason=timeline.reason
    )
    return (
        Heading(_("Your treatment plan")),
        Paragraph(starting),
        Bullets(_session_lines(timeline)),
        Paragraph(_("What to expect"), strong=True),
        Bullets(tuple(expect)),
    )


def _session_lines(timeline: Timeline) -> tuple[str, ...]:
    each = _("Session {number}: {dates}")
    return tuple(
        each.format(number=s.number, dates=span(s.earliest, s.latest)) for s in timeline.sessions
    )


def _due_line(due: MaintenanceDue | None) -> str:
    if due is None:
        return ""
    return _("First top-up due: {dates}.").format(dates=span(due.from_date, due.to_date))


def _longevity(
    longevity: Longevity, *, personal: bool = True, due: MaintenanceDue | None = None
) -> Blocks:
    """Personal: the interval, when the first top-up falls due, what moved it most, and
    every factor; otherwise the general picture only."""
    blocks: list[Block] = [
        Heading(_("How long results last")),
        Paragraph(longevity.never_permanent, strong=True),
        Paragraph(longevity.summary),
    ]
    if not personal:
        return tuple(blocks)
    blocks.append(Paragraph(longevity.maintenance_advice, strong=True))
    if due is not None:
        blocks.append(Paragraph(_due_line(due)))
    by_id = {f.id: f for f in longevity.factors}
    movers = [by_id[i] for i in longevity.moved_by if i in by_id]
    if movers:
        blocks += [Paragraph(longevity.moved_by_intro), Bullets(tuple(_moved(f) for f in movers))]
    others = [f for f in longevity.factors if f.id not in longevity.moved_by]
    for direction, intro in (
        ("shortens", _("Also shortening your results:")),
        ("lengthens", _("Also helping your results last:")),
    ):
        texts = tuple(f.text for f in others if f.direction == direction)
        if texts:
            blocks += [Paragraph(intro), Bullets(texts)]
    return tuple(blocks)


def _moved(factor: Factor) -> str:
    """A factor that moved the interval, in words: which way and about how far."""
    size = abs(factor.months)
    shorter = factor.months < 0
    if size < 1:
        amount = _("a little shorter") if shorter else _("a little longer")
    elif size < 1.5:
        amount = _("about a month shorter") if shorter else _("about a month longer")
    else:
        months = (
            _("about {months} months shorter") if shorter else _("about {months} months longer")
        )
        amount = months.format(months=for_people(f"{size:g}"))
    return f"{factor.text.rstrip('.')} ({amount})."


def _aftercare(rec: Recommendation) -> Blocks:
    if not rec.aftercare:
        return ()
    blocks: list[Block] = [Heading(_("Care before and after"))]
    for phase, title in PHASE_TITLES.items():
        items = tuple(a.text for a in rec.aftercare if a.phase == phase)
        if items:
            blocks += [Paragraph(_(title), strong=True), Bullets(items)]
    return tuple(blocks)


def money(cost: Cost, amount: int) -> str:
    """An amount in the clinic's currency and number format (questions/settings.toml);
    in another language, as its readers write that currency (Babel)."""
    language = current_language()
    if language != ENGLISH:
        from intake_tui.core.i18n.formats import money as localised

        return localised(amount, cost.currency, language)
    amount_text = grouped(amount, cost.thousands_separator)
    return cost.money_format.format(currency=cost.currency, amount=amount_text)


def money_range(cost: Cost, low: int, high: int) -> str:
    if low == high:
        return money(cost, low)
    return _("{low} to {high}").format(low=money(cost, low), high=money(cost, high))


def _cost(cost: Cost | None) -> Blocks:
    """Every number a client can check: per-session prices, the series from the fewest
    to the most sessions, add-ons on their own line, top-ups per the advised interval."""
    if cost is None:
        return ()
    blocks: list[Block] = [Heading(_("Cost"))]
    if not cost.priced:
        note = (Paragraph(cost.note),) if cost.note else ()
        return (*blocks, Paragraph(_("Not priced."), strong=True), *note)
    if cost.device_low is not None and cost.device_high is not None:
        device = money_range(cost, cost.device_low, cost.device_high)
        blocks.append(Paragraph(_("Device (one-off): about {price}.").format(price=device)))
    if cost.lines:
        blocks += [*_series(cost), Paragraph(_top_ups(cost))]
    if cost.note:
        blocks.append(Paragraph(cost.note))
    return tuple(blocks)


def _series(cost: Cost) -> Blocks:
    per_session = tuple(
        f"{line.label}: {money_range(cost, line.per_session_low, line.per_session_high)}"
        for line in cost.lines
    )
    add_ons = [line.label for line in cost.lines if line.add_on]
    without = (
        _("Without {add_ons}").format(add_ons=_(" or ").join(add_ons)) if add_ons else _("In all")
    )
    rows = [f"{without}: {money_range(cost, cost.series_low, cost.series_high)}"]
    if add_ons:
        with_range = money_range(cost, cost.with_add_ons_low, cost.with_add_ons_high)
        with_words = _("With {add_ons}").format(add_ons=_(" and ").join(add_ons))
        rows.append(f"{with_words}: {with_range}")
    series = _(
        "The series, {fewest} to {most} sessions (about {planned} planned), from the fewest "
        "at the lowest price to the most at the highest:"
    ).format(fewest=cost.sessions_min, most=cost.sessions_max, planned=cost.sessions)
    return (
        Paragraph(_("{setting}, per session:").format(setting=cost.setting_label)),
        Bullets(per_session),
        Paragraph(series),
        Bullets(tuple(rows)),
    )


def _top_ups(cost: Cost) -> str:
    low, high = cost.visits_a_year
    visits = (
        _n("{low} visit", "{low} visits", low) if low == high else _("{low} to {high} visits")
    ).format(low=low, high=high)
    add_ons = any(line.add_on for line in cost.lines)
    included = _(", add-ons counted as for the series") if add_ons else ""
    yearly = money_range(cost, cost.maintenance_year_low, cost.maintenance_year_high)
    return _("Top-ups afterwards: {visits} a year, about {price} a year{included}.").format(
        visits=visits, price=yearly, included=included
    )


def _things_to_know(rec: Recommendation) -> Blocks:
    items = tuple(f.message for f in (*rec.adjustments, *rec.warnings, *rec.notes))
    return (Heading(_("Good to know")), Bullets(items)) if items else ()


def at_home(report: SessionReport, bundle: Bundle) -> bool:
    """Treated at home (a setting that is not a clinic): there is no practitioner."""
    settings = bundle.settings
    profile = settings.by_value.get(str(report.answers.get(settings.setting_question, "")))
    return profile is not None and not profile.clinic


def _details_heading(report: SessionReport, bundle: Bundle) -> str:
    """At home the scores and notes are for a clinic or doctor."""
    home = at_home(report, bundle)
    return bundle.protocol.wording.home_details_heading if home else _("For the practitioner")


def _scores(report: SessionReport) -> str:
    scores = [f"{spaced_name(name)}: {value}" for name, value in report.scores.items()]
    return _("Scores: {scores}.").format(scores="; ".join(scores)) if scores else ""


def _practitioner_notes(rec: Recommendation, report: SessionReport, heading: str) -> Blocks:
    notes = tuple(f"{f.rule_id}: {f.practitioner}" for f in _all_findings(rec) if f.practitioner)
    scores = _scores(report)
    if not notes and not scores:
        return ()
    blocks: list[Block] = [Heading(heading)]
    if scores:
        blocks.append(Paragraph(scores))
    if notes:
        blocks.append(Bullets(notes))
    return tuple(blocks)


def _all_findings(rec: Recommendation) -> list[Finding]:
    return [*rec.gate.reasons, *rec.adjustments, *rec.warnings, *rec.notes]


def _flags(rec: Recommendation) -> tuple[str, ...]:
    """Every reason and flag with its rule id and, where the protocol has one, the
    practitioner's note."""
    practitioner = _(" Practitioner: {note}")
    flags = tuple(
        f"{f.message} ({f.action}, {f.rule_id})"
        + (practitioner.format(note=f.practitioner) if f.practitioner else "")
        for f in _all_findings(rec)
    )
    return flags or (_("None."),)


def _plan_summary(rec: Recommendation, wording: Wording) -> Blocks:
    """The plan in a few lines: dated when going ahead, an outline otherwise."""
    timeline = rec.timeline
    blocks: list[Block] = [Heading(_("Plan"), 3)]
    if rec.next_steps:
        blocks.append(Bullets(tuple(_step(step, wording) for step in rec.next_steps)))
    if timeline is None:
        return (*blocks, Paragraph(_("No course of sessions planned.")))
    if timeline.start_date is None:
        undated = _("{outline}, not dated while on hold.").format(outline=_outline(timeline))
        return (*blocks, Paragraph(undated))
    outline = Paragraph(f"{_outline(timeline)}.")
    return (*blocks, outline, Bullets(_session_lines(timeline)), *_cost_line(rec.cost))


def _cost_line(cost: Cost | None) -> Blocks:
    """The series' price range in one line (the client's copy has every number)."""
    if cost is None or not cost.priced or not cost.lines:
        return ()
    series = money_range(cost, cost.series_low, cost.series_high)
    with_add_ons = money_range(cost, cost.with_add_ons_low, cost.with_add_ons_high)
    add_ons = any(line.add_on for line in cost.lines)
    extra = _("; with add-ons {price}").format(price=with_add_ons) if add_ons else ""
    line = _("Cost of the series ({setting}): {price}{extra}.").format(
        setting=cost.setting_label, price=series, extra=extra
    )
    return (Paragraph(line),)


def _longevity_factors(longevity: Longevity, due: MaintenanceDue | None) -> Blocks:
    """The interval and every factor that moved it; on hold, the general picture."""
    factors = tuple(
        f"{f.text.rstrip('.')} ("
        + _n("{months} month", "{months} months", abs(f.months)).format(months=f"{f.months:+g}")
        + ")"
        if f.months
        else f.text
        for f in longevity.factors
    )
    advice = longevity.maintenance_advice or longevity.summary
    heading = Heading(_("Longevity"), 3)
    blocks: list[Block] = [heading, Paragraph(f"{advice} {_due_line(due)}".strip())]
    return (*blocks, Bullets(factors)) if factors else tuple(blocks)


def _evidence(because: dict[str, object], bank: Bank) -> str:
    return "; ".join(
        f"{field_name(k, bank)} = {_value_word(k, v, bank)}" for k, v in because.items()
    )


def _why_bullets(rec: Recommendation, bank: Bank) -> Blocks:
    items = []
    for entry in rec.trace:
        because = _evidence(dict(entry.because), bank)
        suffix = _(" because {evidence}").format(evidence=because) if because else ""
        items.append(f"{output_name(entry.output)}: {', '.join(entry.rule_ids)}{suffix}")
    return (Heading(_("Why it says this")), Bullets(tuple(items))) if items else ()


def _why_table(rec: Recommendation, bank: Bank) -> Blocks:
    rows = tuple(
        (
            output_name(entry.output),
            ", ".join(entry.rule_ids),
            _evidence(dict(entry.because), bank) or "-",
        )
        for entry in rec.trace
    )
    if not rows:
        return ()
    return (
        Heading(_("Why it says this")),
        Table((_("Output"), _("Rules"), _("Because")), rows),
    )


def _value_word(key: str, value: AnswerValue | object, bank: Bank) -> str:
    """An answer in words; facts and questions no longer in the bank as written."""
    question = bank.by_id.get(key)
    if question is not None and isinstance(value, str | int | list | date):
        return question.words_for(value)
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _answered_by_section(
    report: SessionReport, bank: Bank, *, unanswered: bool
) -> Iterable[tuple[str, list[tuple[str, str]]]]:
    """Each section's (prompt, answer in words) pairs; unanswered questions that were
    shown too, when asked for."""
    skipped = set(report.unanswered) if unanswered else set()
    for section in bank.sections:
        rows = [
            (q.prompt, _value_word(q.id, report.answers[q.id], bank))
            if q.id in report.answers
            else (q.prompt, _(NOT_ANSWERED))
            for q in section.questions
            if q.id in report.answers or q.id in skipped
        ]
        if rows:
            yield section.title, rows


def _unknown_answers(report: SessionReport, bank: Bank) -> list[tuple[str, str]]:
    return [
        (key, _value_word(key, value, bank))
        for key, value in report.answers.items()
        if key not in bank.by_id
    ]


UNKNOWN_HEADING = N_("Answers to questions no longer in this questionnaire")


def _answer_bullets(report: SessionReport, bank: Bank) -> Blocks:
    if not report.answers:
        return ()
    blocks: list[Block] = [Heading(_("Answers"))]
    for title, rows in _answered_by_section(report, bank, unanswered=False):
        blocks += [Paragraph(title, strong=True), Facts(tuple(rows))]
    if unknown := _unknown_answers(report, bank):
        blocks += [Paragraph(_(UNKNOWN_HEADING), strong=True), Facts(tuple(unknown))]
    return tuple(blocks)


def _answer_tables(report: SessionReport, bank: Bank) -> Blocks:
    blocks: list[Block] = [Heading(_("Answers"))]
    sections = list(_answered_by_section(report, bank, unanswered=True))
    if not sections:
        blocks.append(Paragraph(_("No answers yet.")))
    for title, rows in sections:
        blocks += [Heading(title, 3), Table((_("Question"), _("Answer")), tuple(rows))]
    if unknown := _unknown_answers(report, bank):
        header = (_("Question id"), _("Answer"))
        blocks += [Heading(_(UNKNOWN_HEADING), 3), Table(header, tuple(unknown))]
    return tuple(blocks)


def _questionnaire(report: SessionReport) -> Blocks:
    ref = report.questionnaire
    pairs: tuple[tuple[str, str], ...] = (
        (_("Questionnaire"), ref.id),
        (_("Version"), ref.version),
        (_("Questions hash"), ref.content_hash),
        (_("Protocol hash"), ref.protocol_hash),
        (_("Settings hash"), ref.settings_hash),
        (_("Mode"), spaced_name(report.mode)),
    )
    if report.language != ENGLISH:  # English reports stay as they always were
        pairs += ((_("Language"), report.language),)
    return (Heading(_("Questionnaire")), Facts(pairs))
