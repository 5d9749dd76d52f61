"""Check a folder's expectations.toml against its own bank: which expectations no longer hold."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from intake_tui.core.answers import problem_with
from intake_tui.core.bank.models import Bank
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.errors import BankError, Problem
from intake_tui.core.expectations.compare import outcome_failures
from intake_tui.core.expectations.loader import case_line, expectations_path, load_expectations
from intake_tui.core.expectations.models import Case, Expect, ExpectationFile, Ids
from intake_tui.core.facts import FOLLOW_UP_FACT
from intake_tui.core.recommend.engine import recommend


def check_expectations(bundle: Bundle) -> list[Problem]:
    """One problem per failing expectation (or unusable file); none when the folder has no file."""
    path = expectations_path(bundle.root)
    if not path.exists():
        return []
    try:
        table = load_expectations(path)
    except BankError as error:
        return error.problems
    return [
        Problem(f"case '{case.id}': {failure}", file=path, line=case_line(path, index))
        for index, case in enumerate(table.cases)
        for failure in case_failures(bundle, table, case)
    ]


def case_failures(bundle: Bundle, table: ExpectationFile, case: Case) -> list[str]:
    """What the case expected and what came out, for each expectation that does not hold."""
    answers = table.answers_for(case)
    unfit = _unfit_answers(bundle.bank, answers, table.today) + _unknown_ids(bundle, case.expect)
    if unfit:
        return unfit
    context = {FOLLOW_UP_FACT: "yes" if case.follow_up else "no"}
    recommendation = recommend(bundle, answers, today=table.today, context=context)
    return outcome_failures(case.expect, recommendation)


def _unknown_ids(bundle: Bundle, expect: Expect) -> list[str]:
    """Ids the protocol does not define: an expectation that a renamed rule does not
    fire would otherwise pass for ever."""
    protocol = bundle.protocol
    known = {
        "rule": {rule.id for rule in protocol.rules},
        "aftercare item": {item.id for item in protocol.aftercare},
        "longevity factor": {factor.id for factor in protocol.longevity.factors},
        "session plan": {plan.id for plan in protocol.timeline.plans},
        "milestone": {milestone.id for milestone in protocol.timeline.milestones},
    }
    named: list[tuple[str, str]] = [
        ("rule", rule_id)
        for ids in (expect.reasons, expect.adjustments, expect.warnings, expect.notes)
        for rule_id in _all_ids(ids)
    ]
    named += [("rule", rule_id) for rule_id in (*expect.fires, *expect.not_fired)]
    named += [
        ("rule", rule_id)
        for rule_id in (
            *_all_ids(expect.next_steps),
            *expect.review_from,
            *expect.undated,
            *expect.latest,
        )
    ]
    if expect.timeline and expect.timeline.start_moved_by:
        named += [("rule", rule_id) for rule_id in expect.timeline.start_moved_by]
    named += [("aftercare item", item) for item in _all_ids(expect.aftercare)]
    if expect.longevity is not None:
        longevity = expect.longevity
        factors = [*_all_ids(longevity.factors), *longevity.shortening, *longevity.lengthening]
        named += [("longevity factor", factor) for factor in factors]
    if expect.timeline:
        if expect.timeline.plan is not None:
            named.append(("session plan", expect.timeline.plan))
        named += [("milestone", milestone) for milestone in expect.timeline.milestones]
    return [
        f"names the {kind} '{name}', which the protocol does not define"
        for kind, name in dict.fromkeys(named)
        if name not in known[kind]
    ]


def _all_ids(ids: Ids | None) -> list[str]:
    if ids is None:
        return []
    return [*(ids.only or []), *ids.includes, *ids.excludes]


def _unfit_answers(bank: Bank, answers: Mapping[str, AnswerValue], today: date) -> list[str]:
    """Answers the bank would refuse: a case must describe a person the app could record."""
    unfit = []
    for question_id, value in answers.items():
        question = bank.by_id.get(question_id)
        problem = "no such question" if question is None else problem_with(question, value, today)
        if problem is not None:
            unfit.append(f"the answer to '{question_id}' does not fit the bank: {problem}")
    return unfit
