"""Fire the protocol rules and decide the gate: go ahead / physician first / not now."""

from __future__ import annotations

from collections.abc import Mapping

from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import Rule
from intake_tui.core.recommend.evidence import evidence
from intake_tui.core.recommend.models import Decision, Finding, Gate

HEADLINES: dict[Decision, str] = {
    "go_ahead": "You can go ahead and plan treatment with your practitioner.",
    "physician_first": (
        "Please see a doctor before starting: something in your answers needs a medical "
        "check first."
    ),
    "not_now": "Not right now: treatment should wait, for the reasons below.",
}


def fired_rules(
    rules: tuple[Rule, ...],
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
) -> list[Finding]:
    """Every rule whose condition holds, in file order, with its evidence."""
    return [
        Finding(
            rule_id=rule.id,
            action=rule.action,
            message=rule.message,
            practitioner=rule.practitioner,
            sources=list(rule.sources),
            because=evidence([rule.when], answers, facts),
        )
        for rule in rules
        if evaluate(rule.when, answers, facts)
    ]


def decide(findings: list[Finding], rules: tuple[Rule, ...]) -> Gate:
    """Any block means not now; otherwise any referral means physician first."""
    also_refer = {rule.id for rule in rules if rule.also_refer}
    blocks = [f for f in findings if f.action == "block"]
    refers = [f for f in findings if f.action == "refer"]
    decision: Decision = "not_now" if blocks else "physician_first" if refers else "go_ahead"
    physician = bool(refers) or any(f.rule_id in also_refer for f in blocks)
    return Gate(
        decision=decision,
        headline=HEADLINES[decision],
        reasons=blocks + refers,
        physician_review=physician,
    )
