"""Fire the protocol rules and decide the gate: go ahead / physician first / not now."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import Rule, Wording
from intake_tui.core.recommend.evidence import evidence
from intake_tui.core.recommend.models import Decision, Finding, Gate, NextStep


def fired_rules(
    rules: tuple[Rule, ...],
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
    *,
    home_words: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Every rule whose condition holds, in file order, with its evidence.

    ``home_words``: at home (no practitioner there), the wording that replaces a
    rule's message, by rule id."""
    home = home_words or {}
    return [
        Finding(
            rule_id=rule.id,
            action=rule.action,
            message=home.get(rule.id, rule.message),
            practitioner=rule.practitioner,
            sources=list(rule.sources),
            because=evidence([rule.when], answers, facts),
        )
        for rule in rules
        if evaluate(rule.when, answers, facts)
    ]


def decide(
    findings: list[Finding], rules: tuple[Rule, ...], wording: Wording, *, at_home: bool = False
) -> Gate:
    """Any block means not now; otherwise any referral means physician first.

    The headline is the protocol's wording for the decision (at home, going ahead
    has its own, with no practitioner in it)."""
    also_refer = {rule.id for rule in rules if rule.also_refer}
    blocks = [f for f in findings if f.action == "block"]
    refers = [f for f in findings if f.action == "refer"]
    decision: Decision = "not_now" if blocks else "physician_first" if refers else "go_ahead"
    physician = bool(refers) or any(f.rule_id in also_refer for f in blocks)
    return Gate(
        decision=decision,
        headline=(
            wording.home_go_ahead_headline
            if at_home and decision == "go_ahead"
            else wording.decision(decision).headline
        ),
        reasons=blocks + refers,
        physician_review=physician,
    )


def next_steps(gate: Gate, rules: tuple[Rule, ...], today: date) -> list[NextStep]:
    """What happens next for each reason a client is on hold, with an earliest date where
    the rule knows one (days after the intake day); none when the gate says go ahead."""
    by_id = {rule.id: rule for rule in rules}
    steps = []
    for reason in gate.reasons:
        step = by_id[reason.rule_id].next_step
        if step is None:  # the protocol model requires one for every block and refer
            continue
        days = step.review_after_days
        steps.append(
            NextStep(
                rule_id=reason.rule_id,
                change=step.change,
                review=step.review,
                review_from=today + timedelta(days=days) if days is not None else None,
                review_date=step.review_date,
                sources=list(step.sources),
            )
        )
    return steps


def nothing_to_plan(gate: Gate, wording: Wording) -> Gate:
    """A go-ahead with nothing plannable says so: no concern chosen can be planned here."""
    if gate.decision != "go_ahead":
        return gate
    return gate.model_copy(
        update={"decision": "nothing_planned", "headline": wording.nothing_planned.headline}
    )


def waits(findings: list[Finding], rules: tuple[Rule, ...]) -> list[tuple[str, int]]:
    """(rule id, days) for every fired rule that puts off the first session."""
    days = {rule.id: rule.wait_days for rule in rules if rule.wait_days is not None}
    return [(f.rule_id, days[f.rule_id]) for f in findings if f.rule_id in days]
