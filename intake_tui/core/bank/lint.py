"""Cross-reference checks over a loaded bundle; each problem names file, line and id.

Errors: duplicate ids; references to unknown or later questions, unknown facts or
option values; operators that do not fit the question type; dependency cycles;
unreachable questions; protocol tables that name things the bank lacks.
Warnings: options and clinical questions nothing reads; questions without a
"why we ask" hint; named conditions nothing uses; Yes / No / Not sure options in
another order than the rest of the bank (core/bank/option_order.py).

A named condition is checked once where it is defined; where it is used, only
what depends on the place (e.g. "asked before it") is reported there.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from intake_tui.core.bank.models import CHOICE_TYPES, Bank, Question
from intake_tui.core.bank.named import NamedConditions, load_named_conditions
from intake_tui.core.bank.option_order import order_problems
from intake_tui.core.bank.roles import ROLE_QUESTION_TYPES
from intake_tui.core.bundle_model import Bundle
from intake_tui.core.conditions import (
    LIST_OPERATORS,
    MEMBERSHIP_OPERATORS,
    ORDERED_OPERATORS,
    Condition,
    ConditionValue,
    Leaf,
    Named,
    evaluate,
    leaves,
    names,
)
from intake_tui.core.date_window import placeholder_problem
from intake_tui.core.errors import DUPLICATE_ID, Problem
from intake_tui.core.facts import FACTS, FOLLOW_UP_FACT, fact_dependencies, fact_values
from intake_tui.core.protocol.loader import PROTOCOL_DIR
from intake_tui.core.resources import SETTINGS_FILE
from intake_tui.core.tomlfile import read_lines

# Options that record the absence of something: no rule needs to read them.
NEUTRAL_OPTION_VALUES = frozenset({"no", "none", "never", "neither"})
# Enumerating answer combinations to prove reachability stops beyond this size.
MAX_COMBINATIONS = 20_000
# Operators that read every option of the question, not only the listed ones.
NEGATED_OPERATORS = frozenset({"not_equals", "not_includes", "not_in"})
# Rule actions fired again once the depth is known: they may read outcome facts.
PLAN_READING_ACTIONS = frozenset({"note", "warn"})
FactDomains = dict[str, tuple[ConditionValue, ...]]


@dataclass(frozen=True)
class _Use:
    """A condition found somewhere, with where it lives and what may precede it."""

    condition: Condition
    file: Path | None
    line: int | None
    owner: str
    question: Question | None  # the bank question it enables, if any
    allow_outcomes: bool = False


def lint_bundle(bundle: Bundle) -> list[Problem]:
    bank = bundle.bank
    problems = list(_duplicate_ids(bank))
    problems += _role_problems(bank)
    problems += [problem for q in bank.questions for problem in _validation_problems(q)]
    named = bundle.named or load_named_conditions(bundle.root)[0]
    definitions = dict(_definition_uses(named))
    uses = [*definitions.values(), *_condition_uses(bundle)]
    for use in uses:
        problems += _check_condition(bundle, use, definitions)
    problems += _unused_names(named, uses)
    problems += _cycles(bank)
    problems += _unreachable(bundle)
    problems += _protocol_references(bundle)
    problems += _unknown_per_facts(bundle)
    problems += _depth_references(bundle)
    problems += _duplicate_protocol_ids(bundle)
    problems += _unread(bundle, uses)
    problems += order_problems(bank)
    problems += _last_visit_kept(bank)
    problems += [
        _at(q, "has no 'why' hint explaining why we ask", "warning")
        for q in bank.questions
        if q.asks and not q.why
    ]
    return problems


def _last_visit_kept(bank: Bank) -> list[Problem]:
    """A question asked only in a follow-up describes the visit just gone: unless it
    is asked afresh, the next follow-up would offer this visit's answer as still true."""
    return [
        _at(
            q,
            f"is asked only when the fact {FOLLOW_UP_FACT} holds: set ask_afresh = true",
            "warning",
        )
        for q in bank.questions
        if q.asks
        and not q.ask_afresh
        and any(_only_in_follow_up(leaf) for leaf in leaves(bank.effective_conditions[q.id]))
    ]


def _only_in_follow_up(leaf: Leaf) -> bool:
    return leaf.fact == FOLLOW_UP_FACT and leaf.operator == "equals" and leaf.value == "yes"


def _at(q: Question, message: str, severity: str = "error") -> Problem:
    """A problem located at a bank question's file and line."""
    return Problem(message, q.source_file, q.source_line, q.id, severity)


def _duplicate_ids(bank: Bank) -> Iterator[Problem]:
    seen: dict[str, Question] = {}
    for q in bank.questions:
        if q.id in seen:
            first = seen[q.id]
            message = f"duplicate id (first defined at {first.source_file}:{first.source_line})"
            yield replace(_at(q, message), kind=DUPLICATE_ID)
        seen.setdefault(q.id, q)
    section_ids = [s.id for s in bank.sections]
    for section_id in {s for s in section_ids if section_ids.count(s) > 1}:
        yield Problem(f"duplicate section id '{section_id}'", file=bank.root)


def _role_problems(bank: Bank) -> list[Problem]:
    """Each role is played by at most one question, of the type the role needs."""
    problems: list[Problem] = []
    first: dict[str, Question] = {}
    for q in bank.questions:
        if q.role is None:
            continue
        if q.role in first:
            other = first[q.role]
            problems.append(_at(q, f"role '{q.role}' is already played by '{other.id}'"))
        first.setdefault(q.role, q)
        needed = ROLE_QUESTION_TYPES[q.role]
        if q.type != needed:
            problems.append(_at(q, f"role '{q.role}' needs a {needed} question, not {q.type}"))
    return problems


DAY_WINDOW_FIELDS = ("min_days_from_today", "max_days_from_today")
RANGE_FIELDS = (("min", "max"), ("min_length", "max_length"), DAY_WINDOW_FIELDS)


def _above(low: int | None, high: int | None) -> bool:
    return low is not None and high is not None and low > high


def _validation_problems(q: Question) -> list[Problem]:
    """Day windows only on dates and dates only with day windows, in order; a window's
    message names only {earliest} and {latest}; a start date (default 'today') has
    a window, so no plan is dated in the past or years ahead."""
    rule = q.validation
    if rule is None:
        if q.type == "date" and q.default == "today":
            return [
                _at(
                    q,
                    "a start date needs validation = { min_days_from_today = 0, "
                    "max_days_from_today = ..., message = ... }",
                    "warning",
                )
            ]
        return []
    given = [name for name in rule.model_fields_set if name != "message"]
    problems = [
        _at(q, f"validation '{name}' does not apply to {q.type} questions")
        for name in sorted(given)
        if (name in DAY_WINDOW_FIELDS) != (q.type == "date")
    ]
    problems += [
        _at(q, f"validation '{low}' is above '{high}': no answer can pass")
        for low, high in RANGE_FIELDS
        if _above(getattr(rule, low), getattr(rule, high))
    ]
    if q.type == "date":
        if (problem := placeholder_problem(rule.message)) is not None:
            problems.append(_at(q, f"validation: {problem}"))
        if rule.min_days_from_today is None and q.default == "today":
            problems.append(_at(q, "a start date needs min_days_from_today (0: from today)"))
    return problems


def _protocol_path(bundle: Bundle, name: str) -> Path:
    return bundle.root / PROTOCOL_DIR / f"{name}.toml"


def _line_of(path: Path, needle: str) -> int | None:
    for number, line in enumerate(read_lines(path), start=1):
        if needle in line:
            return number
    return None


def _condition_uses(bundle: Bundle) -> Iterator[_Use]:
    bank, protocol = bundle.bank, bundle.protocol
    for section in bank.sections:
        first = section.questions[0] if section.questions else None
        if section.enable_when is not None and first is not None:
            yield _Use(
                section.enable_when, first.source_file, None, f"section '{section.id}'", first
            )
        for q in section.questions:
            if q.enable_when is not None:
                yield _Use(q.enable_when, q.source_file, q.source_line, f"question '{q.id}'", q)
    rules_path = _protocol_path(bundle, "rules")
    for rule in protocol.rules:
        line = _line_of(rules_path, f'"{rule.id}"')
        # Notes and warnings are fired again once the depth is known, so they may read
        # outcome facts; what decides the gate or the depth may not.
        after_plan = rule.action in PLAN_READING_ACTIONS
        yield _Use(
            rule.when, rules_path, line, f"rule '{rule.id}'", None, allow_outcomes=after_plan
        )
    for name, entries in (
        ("depth", protocol.depth.concerns),
        ("depth", protocol.depth.clinic_only),
        ("timeline", protocol.timeline.plans),
        ("aftercare", protocol.aftercare),
        ("facts", protocol.facts.acne_scar_grade),
        ("facts", protocol.facts.glogau_grade),
    ):
        path = _protocol_path(bundle, name)
        for entry in entries:
            if entry.when is not None:
                label = getattr(entry, "id", None) or getattr(entry, "concern", None) or name
                yield _Use(
                    entry.when, path, _line_of(path, f'"{label}"'), f"{name} entry '{label}'", None
                )
    longevity_path = _protocol_path(bundle, "longevity")
    for factor in protocol.longevity.factors:
        line = _line_of(longevity_path, f'"{factor.id}"')
        yield _Use(
            factor.when, longevity_path, line, f"factor '{factor.id}'", None, allow_outcomes=True
        )


def _definition_uses(named: NamedConditions) -> Iterator[tuple[str, _Use]]:
    """Each definition as a use of its own, checked at its line in conditions.toml."""
    for name, condition in named.definitions.items():
        owner = f"named condition '{name}'"
        line = named.lines.get(name)
        # Outcome facts and question order depend on where it is used: checked there.
        yield name, _Use(condition, named.path, line, owner, None, allow_outcomes=True)


def _unused_names(named: NamedConditions, uses: list[_Use]) -> list[Problem]:
    used = {name for use in uses for name in names(use.condition)}
    return [
        Problem(f"named condition '{name}' is used nowhere", named.path, line, severity="warning")
        for name, line in [(n, named.lines.get(n)) for n in named.definitions]
        if name not in used
    ]


def _named_leaves(
    condition: Condition, name: str | None = None
) -> Iterator[tuple[Leaf, str | None]]:
    """Each leaf with the innermost named condition it comes through, if any."""
    if isinstance(condition, Leaf):
        yield condition, name
    elif isinstance(condition, Named):
        yield from _named_leaves(condition.condition, condition.name)
    else:
        for member in condition.members:
            yield from _named_leaves(member, name)


def _check_condition(bundle: Bundle, use: _Use, definitions: Mapping[str, _Use]) -> list[Problem]:
    problems: list[Problem] = []
    for leaf, name in _named_leaves(use.condition):
        message = _leaf_problem(bundle, use, leaf)
        if message and name is not None:
            definition = definitions.get(name)
            if definition is not None and message == _leaf_problem(bundle, definition, leaf):
                continue  # reported once, where the name is defined
            message += f" (through named condition '{name}')"
        if message:
            if use.question is not None and use.owner.startswith("question "):
                problems.append(Problem(message, use.file, use.line, use.question.id))
            else:
                qid = use.question.id if use.question else None
                problems.append(Problem(f"{use.owner}: {message}", use.file, use.line, qid))
    return problems


def _leaf_problem(bundle: Bundle, use: _Use, leaf: Leaf) -> str | None:
    bank = bundle.bank
    if leaf.fact is not None:
        return _fact_problem(bundle, use, leaf)
    target = bank.by_id.get(leaf.question or "")
    if target is None:
        return f"condition on unknown question '{leaf.question}'"
    if use.question is not None and bank.position[target.id] >= bank.position[use.question.id]:
        return f"condition on '{target.id}', which is not asked before it"
    return _operator_problem(target, leaf)


def _fact_problem(bundle: Bundle, use: _Use, leaf: Leaf) -> str | None:
    name = leaf.fact or ""
    spec = FACTS.get(name)
    if spec is None:
        return f"condition on unknown fact '{name}'"
    if spec.kind == "outcome" and not use.allow_outcomes:
        return (
            f"fact '{name}' is only known after the recommendation "
            "(longevity factors, notes and warnings only)"
        )
    textual = spec.text
    if leaf.operator in LIST_OPERATORS:
        return f"'{leaf.operator}' does not apply to fact '{name}'"
    if leaf.operator in ORDERED_OPERATORS and textual:
        return f"'{leaf.operator}' does not apply to the text fact '{name}'"
    mismatched = any(textual != isinstance(value, str) for value in leaf.values)
    if leaf.operator != "answered" and mismatched:
        kind = "text" if textual else "a number"
        return f"fact '{name}' is compared with {kind}"
    if use.question is not None:
        bank = bundle.bank
        later = [
            qid
            for qid in fact_dependencies(bundle.protocol).get(name, set())
            if qid in bank.position and bank.position[qid] >= bank.position[use.question.id]
        ]
        if later:
            return f"fact '{name}' depends on '{sorted(later)[0]}', which is not asked before it"
    return None


def _operator_problem(target: Question, leaf: Leaf) -> str | None:
    op, value = leaf.operator, leaf.value
    if op == "answered":
        return None
    if op in MEMBERSHIP_OPERATORS:
        return _membership_problem(target, leaf)
    if op in LIST_OPERATORS and target.type != "multiple":
        return f"'{op}' needs a multiple-choice question; '{target.id}' is {target.type}"
    if op in ORDERED_OPERATORS and target.type not in ("integer", "date"):
        return f"'{op}' needs an integer or date question; '{target.id}' is {target.type}"
    if op in ("equals", "not_equals") and target.type == "multiple":
        return f"use 'includes' for the multiple-choice question '{target.id}'"
    if target.type in CHOICE_TYPES and value not in target.option_values:
        return f"'{target.id}' has no option '{value}'"
    if target.type == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"'{target.id}' is an integer question; compare it with a whole number"
    if target.type == "date" and not isinstance(value, date):
        return f"'{target.id}' is a date question; compare it with a date"
    return None


def _membership_problem(target: Question, leaf: Leaf) -> str | None:
    """`in` / `not_in` list options of a choice question, or whole numbers."""
    if target.type in CHOICE_TYPES:
        missing = [v for v in leaf.values if v not in target.option_values]
        return f"'{target.id}' has no option '{missing[0]}'" if missing else None
    if target.type == "integer":
        if all(isinstance(v, int) for v in leaf.values):
            return None
        return f"'{target.id}' is an integer question; list whole numbers"
    return f"'{leaf.operator}' needs a choice or integer question; '{target.id}' is {target.type}"


def _dependencies(bank: Bank, question: Question) -> set[str]:
    condition = bank.effective_conditions[question.id]
    return {leaf.question for leaf in leaves(condition) if leaf.question in bank.by_id}


def _cycles(bank: Bank) -> list[Problem]:
    graph = {q.id: _dependencies(bank, q) for q in bank.questions}
    problems: list[Problem] = []
    state: dict[str, str] = {}
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        state[node] = "active"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "active":
                cycle = [*path[path.index(nxt) :], nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    problems.append(_at(bank.by_id[nxt], f"dependency cycle: {' -> '.join(cycle)}"))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for q in bank.questions:
        if q.id not in state:
            visit(q.id, [q.id])
    return problems


def _candidates(
    bank: Bank, subject: str, condition_leaves: list[Leaf], fact_domains: FactDomains
) -> list[object]:
    """Values worth trying for one subject: its options or the compared values ± 1."""
    if subject.startswith("fact:"):
        name = subject.removeprefix("fact:")
        compared = [v for leaf in condition_leaves if leaf.fact == name for v in leaf.values]
        domain = fact_domains.get(name, ())
        return [None, *domain, *_around(compared)]
    question = bank.by_id[subject]
    if question.type == "multiple":
        values = question.option_values
        return [None, *[[v] for v in values], list(values)]
    if question.type in CHOICE_TYPES:
        return [None, *question.option_values]
    compared = [v for leaf in condition_leaves if leaf.question == subject for v in leaf.values]
    return [None, *_around(compared)]


def _around(values: Iterable[object]) -> list[object]:
    found: list[object] = []
    for value in values:
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            found += [value - 1, value, value + 1]
        elif isinstance(value, date):
            found += [date.fromordinal(value.toordinal() + d) for d in (-1, 0, 1)]
        else:
            found.append(value)
    return found


def _unreachable(bundle: Bundle) -> list[Problem]:
    """Questions whose condition no combination of earlier answers can satisfy."""
    bank = bundle.bank
    domains = fact_values(bundle.protocol)
    reachable: set[str] = set()
    problems: list[Problem] = []
    for q in bank.questions:
        condition = bank.effective_conditions[q.id]
        all_leaves = list(leaves(condition))
        subjects = sorted({leaf.subject for leaf in all_leaves})
        valid = all(s.startswith("fact:") or s in bank.by_id for s in subjects)
        if not valid:
            continue  # reported as an unknown reference already
        # An unreachable question is never answered: it may only take "no answer".
        dead = {s for s in subjects if not s.startswith("fact:") and s not in reachable}
        if _satisfiable(bank, condition, subjects, all_leaves, dead, domains):
            reachable.add(q.id)
        elif dead:
            problems.append(_at(q, f"unreachable: depends on unreachable '{sorted(dead)[0]}'"))
        else:
            problems.append(_at(q, "unreachable: no answers can enable it"))
    return problems


def _satisfiable(
    bank: Bank,
    condition: Condition | None,
    subjects: list[str],
    all_leaves: list[Leaf],
    dead: set[str],
    fact_domains: FactDomains,
) -> bool:
    if condition is None:
        return True
    pools = [
        [None] if s in dead else _candidates(bank, s, all_leaves, fact_domains) for s in subjects
    ]
    size = 1
    for pool in pools:
        size *= len(pool)
    if size > MAX_COMBINATIONS:
        return True  # too many to prove; assume reachable rather than cry wolf
    for combo in itertools.product(*pools):
        answers = {
            s: v
            for s, v in zip(subjects, combo, strict=True)
            if v is not None and not s.startswith("fact:")
        }
        facts = {
            s.removeprefix("fact:"): v
            for s, v in zip(subjects, combo, strict=True)
            if v is not None and s.startswith("fact:")
        }
        if evaluate(condition, answers, facts):  # type: ignore[arg-type]
            return True
    return False


def _depth_references(bundle: Bundle) -> list[Problem]:
    """Clinic-only concerns, per-concern rules, rule caps, home milestones and home
    wording name things that exist (a misspelt id would silently do nothing)."""
    protocol = bundle.protocol
    depth, rules = protocol.depth, protocol.rules
    concern_q = bundle.bank.by_id.get(depth.concern_question)
    concerns = set(concern_q.option_values) if concern_q else set()
    depth_path = _protocol_path(bundle, "depth")
    rules_path = _protocol_path(bundle, "rules")
    wording_path = _protocol_path(bundle, "wording")
    named = [
        *((c.concern, concerns, depth_path, "clinic-only concern") for c in depth.clinic_only),
        *((c, concerns, rules_path, f"rule '{r.id}' concern") for r in rules for c in r.concerns),
        *(
            (m, {x.id for x in protocol.timeline.milestones}, depth_path, "home milestone")
            for m in depth.home.milestones
        ),
        *(
            (
                i,
                {r.id for r in rules} | {a.id for a in protocol.aftercare},
                wording_path,
                "home wording for",
            )
            for i in protocol.wording.at_home
        ),
    ]
    problems = [
        Problem(f"{what} '{value}' does not exist", path, _line_of(path, f'"{value}"'))
        for value, known, path, what in named
        if value not in known
    ]
    problems += [
        Problem(
            f"rule '{r.id}': cap_mm {r.cap_mm} is not a step of depth.ladder.steps_mm",
            rules_path,
            _line_of(rules_path, f'"{r.id}"'),
        )
        for r in rules
        if r.cap_mm is not None and not depth.ladder.holds(r.cap_mm)
    ]
    return problems


def _unknown_per_facts(bundle: Bundle) -> list[Problem]:
    """A longevity factor's `per` must name a fact: a misspelt one would scale it to 0."""
    path = _protocol_path(bundle, "longevity")
    return [
        Problem(
            f"longevity factor '{factor.id}': per names unknown fact '{factor.per}'",
            path,
            _line_of(path, f'"{factor.per}"'),
        )
        for factor in bundle.protocol.longevity.factors
        if factor.per and factor.per not in FACTS
    ]


def _protocol_references(bundle: Bundle) -> list[Problem]:
    bank, protocol, settings = bundle.bank, bundle.protocol, bundle.settings
    problems: list[Problem] = []

    def need(
        qid: str, path: Path, what: str, types: Iterable[str] | None = None
    ) -> Question | None:
        question = bank.by_id.get(qid)
        if question is None:
            problems.append(
                Problem(
                    f"{what} names unknown question '{qid}'",
                    path,
                    _line_of(path, f'"{qid}"'),
                )
            )
            return None
        if types is not None and question.type not in types:
            problems.append(
                Problem(
                    f"{what}: '{qid}' is {question.type}, expected {'/'.join(types)}",
                    path,
                    _line_of(path, f'"{qid}"'),
                )
            )
            return None
        return question

    depth_path = _protocol_path(bundle, "depth")
    tier_ids = protocol.depth.tier_index
    concern_q = need(
        protocol.depth.concern_question, depth_path, "depth.concern_question", ["multiple"]
    )
    area_questions: set[str] = set()
    for row in protocol.depth.concerns:
        line = _line_of(depth_path, f'"{row.concern}"')
        if row.tier not in tier_ids:
            problems.append(
                Problem(
                    f"concern '{row.concern}' names unknown tier '{row.tier}'", depth_path, line
                )
            )
        if concern_q is not None and row.concern not in concern_q.option_values:
            problems.append(
                Problem(f"'{concern_q.id}' has no option '{row.concern}'", depth_path, line)
            )
        area_q = need(row.area_question, depth_path, f"concern '{row.concern}'", ["multiple"])
        if area_q is not None:
            area_questions.add(area_q.id)
    for area_qid in sorted(area_questions):
        for value in bank.by_id[area_qid].option_values:
            if value not in protocol.depth.area_caps:
                problems.append(
                    Problem(f"area '{value}' of '{area_qid}' has no depth cap", depth_path)
                )
    if concern_q is not None:
        covered = {row.concern for row in protocol.depth.concerns if row.when is None}
        for value in concern_q.option_values:
            if value not in covered:
                problems.append(
                    Problem(
                        f"concern '{value}' has no default tier row (one without 'when')",
                        depth_path,
                    )
                )
    timeline_path = _protocol_path(bundle, "timeline")
    need(protocol.timeline.start_question, timeline_path, "timeline.start_question", ["date"])
    if all(plan.when is not None for plan in protocol.timeline.plans):
        problems.append(
            Problem("timeline needs one plan without 'when' (the default)", timeline_path)
        )
    facts_path = _protocol_path(bundle, "facts")
    need(protocol.facts.age_question, facts_path, "facts.age_question", ["integer"])
    self_q = need(
        protocol.facts.phototype.self_question, facts_path, "phototype.self_question", ["single"]
    )
    if self_q is not None:
        for value in protocol.facts.phototype.self_types:
            if value not in self_q.option_values:
                problems.append(
                    Problem(
                        f"'{self_q.id}' has no option '{value}'",
                        facts_path,
                        _line_of(facts_path, "self_types"),
                    )
                )
    device = protocol.facts.home_device
    device_q = need(device.question, facts_path, "home_device", ["single"]) if device else None
    if device is not None and device_q is not None:
        problems += [
            Problem(
                f"'{device_q.id}' has no option '{value}'", facts_path, _line_of(facts_path, "mm =")
            )
            for value in device.mm
            if value not in device_q.option_values
        ]
    for qid in protocol.facts.phototype.quiz_questions:
        quiz_q = need(qid, facts_path, "phototype.quiz_questions", ["single"])
        if quiz_q is not None and any(o.score is None for o in quiz_q.options):
            problems.append(_at(quiz_q, "every option of a quiz question needs a score"))
    settings_path = bundle.root / SETTINGS_FILE
    setting_q = need(settings.setting_question, settings_path, "setting_question", ["single"])
    if setting_q is not None:
        for value in setting_q.option_values:
            if value not in settings.by_value:
                problems.append(
                    Problem(f"setting '{value}' has no [[settings]] profile", settings_path)
                )
    for add_on in settings.add_ons:
        add_q = need(
            add_on.question, settings_path, f"add-on '{add_on.label}'", ["single", "yes_no"]
        )
        if add_q is not None and add_on.value not in add_q.option_values:
            problems.append(
                Problem(
                    f"'{add_q.id}' has no option '{add_on.value}'",
                    settings_path,
                    _line_of(settings_path, f'"{add_on.value}"'),
                )
            )
    return problems


def _duplicate_protocol_ids(bundle: Bundle) -> list[Problem]:
    """Rows that replace each other silently when an id appears twice."""
    protocol, settings = bundle.protocol, bundle.settings
    tables = {
        "rules": [r.id for r in protocol.rules],
        "depth": [t.id for t in protocol.depth.tiers] + [a.area for a in protocol.depth.areas],
        "timeline": [p.id for p in protocol.timeline.plans]
        + [m.id for m in protocol.timeline.milestones],
        "longevity": [f.id for f in protocol.longevity.factors],
        "aftercare": [a.id for a in protocol.aftercare],
    }
    problems = []
    for name, ids in tables.items():
        path = _protocol_path(bundle, name)
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(Problem(f"id '{dup}' appears twice", path, _line_of(path, f'"{dup}"')))
    values = [p.value for p in settings.settings]
    settings_path = bundle.root / SETTINGS_FILE
    for dup in sorted({v for v in values if values.count(v) > 1}):
        problems.append(Problem(f"setting '{dup}' appears twice", settings_path))
    return problems


def _read_values(bundle: Bundle, uses: list[_Use]) -> tuple[set[str], set[tuple[str, str]]]:
    """Questions and (question, option) pairs that something in the bundle reads."""
    protocol, settings = bundle.protocol, bundle.settings
    questions: set[str] = set()
    options: set[tuple[str, str]] = set()
    for use in uses:
        for leaf in leaves(use.condition):
            if leaf.question:
                questions.add(leaf.question)
                options |= _options_read(bundle.bank, leaf)
    for deps in fact_dependencies(protocol).values():
        questions |= deps
    questions |= {
        protocol.depth.concern_question,
        protocol.timeline.start_question,
        settings.setting_question,
    }
    options |= {(protocol.depth.concern_question, row.concern) for row in protocol.depth.concerns}
    for row in protocol.depth.concerns:
        questions.add(row.area_question)
        area_q = bundle.bank.by_id.get(row.area_question)
        if area_q is not None:
            options |= {
                (area_q.id, a) for a in area_q.option_values if a in protocol.depth.area_caps
            }
    options |= {(settings.setting_question, profile.value) for profile in settings.settings}
    options |= {(a.question, a.value) for a in settings.add_ons}
    questions |= {a.question for a in settings.add_ons}
    self_q = protocol.facts.phototype.self_question
    options |= {(self_q, value) for value in protocol.facts.phototype.self_types}
    device = protocol.facts.home_device
    if device is not None:
        options |= {(device.question, value) for value in device.mm}
    return questions, options


def _options_read(bank: Bank, leaf: Leaf) -> set[tuple[str, str]]:
    """'equals x' and 'in [x, y]' read those; 'not_equals x' reads every other option too."""
    question = bank.by_id.get(leaf.question or "")
    compared = [value for value in leaf.values if isinstance(value, str)]
    if question is None or not compared:
        return set()
    if leaf.operator in NEGATED_OPERATORS:
        return {(question.id, v) for v in question.option_values}
    return {(question.id, v) for v in compared}


def _unread(bundle: Bundle, uses: list[_Use]) -> list[Problem]:
    read_questions, read_options = _read_values(bundle, uses)
    problems: list[Problem] = []
    for q in bundle.bank.questions:
        if not q.asks or q.purpose == "record":
            continue
        if q.id not in read_questions:
            problems.append(_at(q, "no rule, score or table reads this question", "warning"))
            continue
        for option in q.options:
            unread = (q.id, option.value) not in read_options
            if unread and not (
                option.neutral or option.score is not None or option.value in NEUTRAL_OPTION_VALUES
            ):
                problems.append(_at(q, f"option '{option.value}' is read by no rule", "warning"))
    return problems
