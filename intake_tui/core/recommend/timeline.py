"""The dated session plan and milestones (article timeline; fact sheet §5, §6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import Milestone, SessionPlan
from intake_tui.core.protocol.models import Timeline as TimelineTable
from intake_tui.core.recommend.models import DatedMilestone, SessionWindow, Timeline


def chosen_plan(
    table: TimelineTable, answers: Mapping[str, AnswerValue], facts: Mapping[str, ConditionValue]
) -> SessionPlan:
    """The longest plan among those that apply (severe cases need more sessions)."""
    applicable = [plan for plan in table.plans if evaluate(plan.when, answers, facts)]
    # The linter requires a plan without `when`, so `applicable` is never empty.
    return max(applicable, key=lambda plan: (plan.planned, plan.sessions_max))


def session_windows(
    start: date, planned: int, min_weeks: int, max_weeks: int
) -> list[SessionWindow]:
    """Session n falls between (n-1) short intervals and (n-1) long intervals after the start."""
    return [
        SessionWindow(
            number=n + 1,
            earliest=start + timedelta(weeks=min_weeks * n),
            latest=start + timedelta(weeks=max_weeks * n),
        )
        for n in range(planned)
    ]


def _dated(milestone: Milestone, sessions: list[SessionWindow]) -> DatedMilestone:
    first, last = sessions[0], sessions[-1]
    if milestone.anchor == "last_session":
        begin, end = last.earliest, last.latest
    else:
        begin = end = first.earliest
    return DatedMilestone(
        id=milestone.id,
        label=milestone.label,
        anchor=milestone.anchor,
        from_date=begin + timedelta(days=milestone.from_days),
        to_date=end + timedelta(days=milestone.to_days),
        sources=list(milestone.sources),
    )


def _applies(
    milestone: Milestone, answers: Mapping[str, AnswerValue], concern_question: str
) -> bool:
    """A milestone limited to some concerns applies only when one of them was chosen."""
    if not milestone.concerns:
        return True
    chosen = answers.get(concern_question)
    return isinstance(chosen, list) and any(c in chosen for c in milestone.concerns)


def in_date_order(milestones: list[DatedMilestone]) -> list[DatedMilestone]:
    """By start, then end; equal dates keep the protocol's order (a stable sort)."""
    return sorted(milestones, key=lambda m: (m.from_date, m.to_date))


def first_session_day(
    asked: date, today: date, waits: Sequence[tuple[str, int]]
) -> tuple[date, list[str]]:
    """The latest of the day asked for and the end of every wait, and the waits that moved it."""
    start = max([asked, *(today + timedelta(days=days) for _, days in waits)])
    moved_by = [rule_id for rule_id, days in waits if today + timedelta(days=days) > asked]
    return start, moved_by


def plan_timeline(
    table: TimelineTable,
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
    today: date,
    *,
    concern_question: str,
    waits: Sequence[tuple[str, int]] = (),
    dated: bool = True,
) -> Timeline:
    """The plan for these answers; undated (an outline for discussion) when not ``dated``.

    ``waits`` are (rule id, days after today) that the first session may not come before."""
    plan = chosen_plan(table, answers, facts)
    interval = table.interval
    outline = Timeline(
        plan_id=plan.id,
        reason=plan.reason,
        sessions_min=plan.sessions_min,
        sessions_max=plan.sessions_max,
        planned=plan.planned,
        interval_min_weeks=interval.min_weeks,
        interval_max_weeks=interval.max_weeks,
        sources=sorted({*plan.sources, *interval.sources}),
    )
    if not dated:
        return outline
    asked = answers.get(table.start_question)
    start_date, moved_by = first_session_day(
        asked if isinstance(asked, date) else today, today, waits
    )
    sessions = session_windows(start_date, plan.planned, interval.min_weeks, interval.max_weeks)
    milestones = [
        _dated(m, sessions) for m in table.milestones if _applies(m, answers, concern_question)
    ]
    return outline.model_copy(
        update={
            "start_date": start_date,
            "start_moved_by": moved_by,
            "sessions": sessions,
            "milestones": in_date_order(milestones),
        }
    )
