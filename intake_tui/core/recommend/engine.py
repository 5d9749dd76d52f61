"""recommend(): one pure function from a bundle and answers to a Recommendation.

It applies the protocol tables; it holds no clinical values of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue, ConditionValue
from intake_tui.core.facts import planned_facts
from intake_tui.core.flow import Flow
from intake_tui.core.protocol.models import ConcernTier, DepthTable, HomeUse
from intake_tui.core.recommend.depth import DepthInputs, plan_depths, tier_row
from intake_tui.core.recommend.evidence import evidence
from intake_tui.core.recommend.extras import estimate_cost, select_aftercare
from intake_tui.core.recommend.gate import (
    decide,
    fired_rules,
    next_steps,
    nothing_to_plan,
    waits,
)
from intake_tui.core.recommend.longevity import assess_longevity
from intake_tui.core.recommend.maintenance import due_window
from intake_tui.core.recommend.models import (
    ON_HOLD,
    DepthPlan,
    Evidence,
    Finding,
    Recommendation,
    Timeline,
    TraceEntry,
)
from intake_tui.core.recommend.timeline import plan_timeline


def recommend(
    bundle: Bundle,
    answers: Mapping[str, AnswerValue],
    *,
    today: date,
    context: Mapping[str, str] | None = None,
) -> Recommendation:
    """The recommendation for these answers; answers to disabled questions are ignored."""
    protocol, settings = bundle.protocol, bundle.settings
    flow = Flow.compute(bundle, answers, context)
    visible, facts = flow.visible_answers, flow.facts
    profile = settings.by_value.get(str(visible.get(settings.setting_question, "")))
    # At home there is no practitioner: the person reads the home wording.
    at_home = profile is not None and not profile.clinic
    home_words = protocol.wording.at_home if at_home else {}
    findings = fired_rules(protocol.rules, visible, facts, home_words=home_words)
    gate = decide(findings, protocol.rules, protocol.wording, at_home=at_home)
    on_hold = gate.decision in ON_HOLD
    fired = {f.rule_id for f in findings}
    adjustments = tuple(r for r in protocol.rules if r.action == "adjust" and r.id in fired)
    planned = plan_depths(
        DepthInputs(
            bank=bundle.bank,
            table=protocol.depth,
            answers=visible,
            facts=facts,
            adjustments=adjustments,
            setting=profile,
            clinic_settings=settings.settings,
            on_hold=on_hold,
            wording=protocol.wording,
        )
    )
    depths = planned.depths
    outcome_facts = planned_facts(facts, [d.max_mm for d in depths])
    # Notes and warnings again, now that the depth is known (e.g. the home device
    # against the deepest depth planned); the gate and the depth never read it.
    findings = fired_rules(protocol.rules, visible, outcome_facts, home_words=home_words)
    has_goals = protocol.depth.concern_question in visible
    # Nothing to plan when every chosen concern was explained away (see a clinic, no
    # area): the verdict says so, with no plan, cost, top-up interval or aftercare.
    nothing_planned = not depths and bool(planned.not_planned)
    if nothing_planned:
        gate = nothing_to_plan(gate, protocol.wording)
    timeline = None
    if has_goals and not nothing_planned:
        # On hold the plan is an undated outline, for discussion only.
        timeline = plan_timeline(
            protocol.timeline,
            _planned_only(visible, protocol.depth, depths),
            facts,
            today,
            concern_question=protocol.depth.concern_question,
            waits=waits(findings, protocol.rules),
            dated=not on_hold,
        )
    if timeline is not None and at_home:
        timeline = home_timeline(timeline, protocol.depth.home)
    if timeline is not None:
        outcome_facts["sessions_planned"] = timeline.planned
    # Someone never asked about goals (e.g. a minor), or on hold, gets the general
    # picture only: nothing that reads as a promise about a treatment not yet agreed.
    personal = has_goals and gate.decision == "go_ahead"
    longevity = assess_longevity(protocol.longevity, visible, outcome_facts, personal=personal)
    cost = None
    if profile is not None and timeline is not None and gate.decision == "go_ahead":
        cost = estimate_cost(settings, profile, visible, timeline, longevity.interval_months)
    aftercare = (
        select_aftercare(protocol.aftercare, visible, facts, home_words)
        if has_goals and not nothing_planned
        else []
    )
    recommendation = Recommendation(
        gate=gate,
        depths=depths,
        not_planned=planned.not_planned,
        adjustments=[f for f in findings if f.action == "adjust"],
        warnings=[f for f in findings if f.action == "warn"],
        notes=[f for f in findings if f.action == "note"],
        timeline=timeline,
        next_steps=next_steps(gate, protocol.rules, today),
        longevity=longevity,
        maintenance_due=due_window(timeline, longevity, depths)
        if gate.decision == "go_ahead"
        else None,
        aftercare=aftercare,
        cost=cost,
        notice=protocol.wording.home_notice if at_home else protocol.wording.notice,
    )
    trace = _trace(bundle, recommendation, visible, outcome_facts)
    return recommendation.model_copy(update={"trace": trace})


def home_timeline(timeline: Timeline, home: HomeUse) -> Timeline:
    """At home the plan promises only what home depths do: the home promise as its
    reason, and only the milestones that hold at 0.25-0.5 mm."""
    return timeline.model_copy(
        update={
            "reason": home.promise,
            "milestones": [m for m in timeline.milestones if m.id in home.milestones],
            "sources": sorted({*timeline.sources, *home.sources}),
        }
    )


def _planned_only(
    answers: Mapping[str, AnswerValue], table: DepthTable, depths: list[DepthPlan]
) -> Mapping[str, AnswerValue]:
    """The answers with only the concerns that got a depth row: the session plan is for
    what will be treated (a home stretch-mark course is not planned at all)."""
    concerns = answers.get(table.concern_question)
    if not isinstance(concerns, list):
        return answers
    treated = {plan.concern for plan in depths}
    return {**answers, table.concern_question: [c for c in concerns if c in treated]}


def _merged(findings: list[Finding]) -> Evidence:
    merged: Evidence = {}
    for finding in findings:
        merged.update(finding.because)
    return dict(sorted(merged.items()))


def _trace(
    bundle: Bundle,
    rec: Recommendation,
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
) -> list[TraceEntry]:
    protocol, settings = bundle.protocol, bundle.settings
    entries = [
        TraceEntry(
            output="gate",
            rule_ids=[f.rule_id for f in rec.gate.reasons] or ["gate.no_contraindication"],
            because=_merged(rec.gate.reasons),
        )
    ]
    if rec.next_steps:
        entries.append(
            TraceEntry(
                output="next_steps",
                rule_ids=[step.rule_id for step in rec.next_steps],
                because=_merged(rec.gate.reasons),
            )
        )
    entries += [_depth_trace(bundle, plan, rec, answers, facts) for plan in rec.depths]
    if rec.timeline is not None:
        plan = next(p for p in protocol.timeline.plans if p.id == rec.timeline.plan_id)
        moved_by = set(rec.timeline.start_moved_by)
        entries.append(
            TraceEntry(
                output="timeline",
                rule_ids=[
                    plan.id,
                    "timeline.interval",
                    *rec.timeline.start_moved_by,
                    *(m.id for m in rec.timeline.milestones),
                ],
                because=evidence(
                    [plan.when, *(r.when for r in protocol.rules if r.id in moved_by)],
                    answers,
                    facts,
                    [protocol.timeline.start_question],
                ),
            )
        )
    entries.append(
        TraceEntry(
            output="longevity",
            rule_ids=["longevity.baseline", *(f.id for f in rec.longevity.factors)],
            because=dict(
                sorted({k: v for f in rec.longevity.factors for k, v in f.because.items()}.items())
            ),
        )
    )
    if rec.aftercare:
        items = [i for i in protocol.aftercare if i.id in {a.id for a in rec.aftercare}]
        entries.append(
            TraceEntry(
                output="aftercare",
                rule_ids=[i.id for i in items],
                because=evidence([i.when for i in items], answers, facts),
            )
        )
    if rec.cost is not None:
        add_on_questions = [a.question for a in settings.add_ons]
        entries.append(
            TraceEntry(
                output="cost",
                rule_ids=[
                    f"settings.{rec.cost.setting}",
                    *(
                        f"settings.add_on.{a.question}.{a.value}"
                        for a in settings.add_ons
                        if answers.get(a.question) == a.value and rec.cost.lines
                    ),
                ],
                because=evidence(
                    [], answers, facts, [settings.setting_question, *add_on_questions]
                ),
            )
        )
    for kind, findings in (
        ("warnings", rec.warnings),
        ("notes", rec.notes),
        ("adjustments", rec.adjustments),
    ):
        if findings:
            entries.append(
                TraceEntry(
                    output=kind, rule_ids=[f.rule_id for f in findings], because=_merged(findings)
                )
            )
    return entries


def row_for(
    table: DepthTable,
    plan: DepthPlan,
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
) -> ConcernTier:
    row = tier_row(table, plan.concern, answers, facts)
    assert row is not None, "a depth plan always comes from a tier row"
    return row


def _depth_trace(
    bundle: Bundle,
    plan: DepthPlan,
    rec: Recommendation,
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
) -> TraceEntry:
    table = bundle.protocol.depth
    row = row_for(table, plan, answers, facts)
    narrowed_by = {n.rule_id for n in plan.narrowings}
    adjustments = [r.when for r in bundle.protocol.rules if r.id in narrowed_by]
    because = evidence(
        [*(r.when for r in table.concerns if r.concern == plan.concern), *adjustments],
        answers,
        facts,
        [table.concern_question, row.area_question, bundle.settings.setting_question],
    )
    return TraceEntry(
        output=f"depth.{plan.concern}.{plan.area}",
        rule_ids=[
            f"depth.concern.{plan.concern}.{row_for(table, plan, answers, facts).tier}",
            *(n.rule_id for n in plan.narrowings),
            f"depth.tier.{plan.tier}",
        ],
        because=because,
    )
