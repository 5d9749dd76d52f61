"""Clinical knowledge lives in the question data: code only applies it.

Phototype reconciliation, the fact table, the client-reference role, which rules
make a depth gentler, and the result's wording. Expected values are read from
the data, never written here, so a clinic's edit of the words breaks nothing.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import ValidationError

from intake_tui.app.screens.reports import row_text
from intake_tui.core.bank.header import read_header
from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.models import Bank, Question, Section
from intake_tui.core.bank.roles import CLIENT_REFERENCE
from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.errors import BankError
from intake_tui.core.facts import FACTS, derive_facts, fact_dependencies, reconcile_phototypes
from intake_tui.core.protocol.models import PhototypeReconcile, Protocol, Rule, Wording
from intake_tui.core.recommend.gate import decide
from intake_tui.core.recommend.models import Decision, Finding, Narrowing
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from intake_tui.core.store import SessionStore, save_report
from tests.model_support import render_markdown
from tests.support import baseline_answers, bundled, copy_bank

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CITED = ("suggested", "facts:§3a")


def with_protocol(bundle: Bundle, **changes: Any) -> Bundle:
    """The bundle with some protocol tables replaced (a fresh model: no cached values)."""
    fields = {name: getattr(bundle.protocol, name) for name in Protocol.model_fields}
    return dataclasses.replace(bundle, protocol=Protocol(**(fields | changes)))


def drop_lines(path: Path, starting: str, *, after: str = "") -> None:
    """Remove the first line starting with ``starting`` (after the line ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(after + "\n") if after else 0
    index = next(n for n in range(start, len(lines)) if lines[n].startswith(starting))
    path.write_text("".join(lines[:index] + lines[index + 1 :]), encoding="utf-8")


def load_problems(root: Path) -> list[tuple[Path | None, str]]:
    with pytest.raises(BankError) as caught:
        load_bundle(root, lint=False)
    return [(p.file, p.message) for p in caught.value.problems]


def bank_of(*questions: Question) -> Bundle:
    """A tiny bank of these questions, with the bundled protocol and settings."""
    base = bundled()
    section = Section(id="only", title="Only", questions=questions)
    bank = Bank(id="tiny", version="1.0.0", title="Tiny", sections=(section,))
    return dataclasses.replace(base, bank=bank)


# --- phototype reconciliation ------------------------------------------------------


@pytest.mark.parametrize(
    ("prefer", "self_type", "quiz_type", "expected"),
    [
        ("higher", 2, 5, 5),
        ("higher", 5, 2, 5),
        ("lower", 2, 5, 2),
        ("lower", 5, 2, 2),
        ("quiz", 2, 5, 5),
        ("self", 2, 5, 2),
        ("quiz", 3, None, 3),
        ("self", None, 4, 4),
        ("higher", None, None, None),
    ],
)
def test_reconcile_modes(
    prefer: str, self_type: int | None, quiz_type: int | None, expected: int | None
) -> None:
    rule = PhototypeReconcile(prefer=prefer, sources=CITED)
    assert reconcile_phototypes(rule, self_type, quiz_type) == expected


@pytest.mark.parametrize("prefer", ["higher", "lower", "quiz", "self"])
def test_derive_facts_applies_the_protocols_reconciliation(prefer: str) -> None:
    bundle = bundled()
    scoring = bundle.protocol.facts.phototype
    # The palest quiz answers against the darkest self-description: they differ.
    answers: dict[str, Any] = {
        qid: min(bundle.bank.question(qid).options, key=lambda o: o.score or 0).value
        for qid in scoring.quiz_questions
    }
    answers[scoring.self_question] = max(scoring.self_types, key=scoring.self_types.__getitem__)
    reconcile = PhototypeReconcile(prefer=prefer, sources=CITED)
    facts_table = scoring.model_copy(update={"reconcile": reconcile})
    rules = bundle.protocol.facts.model_copy(update={"phototype": facts_table})
    found = derive_facts(bundle.bank, with_protocol(bundle, facts=rules).protocol, answers)
    self_type, quiz_type = found["phototype_self"], found["phototype_quiz"]
    assert self_type != quiz_type
    assert isinstance(self_type, int) and isinstance(quiz_type, int)
    assert found["phototype"] == reconcile_phototypes(reconcile, self_type, quiz_type)


def test_an_unknown_reconciliation_is_refused() -> None:
    with pytest.raises(ValidationError):
        PhototypeReconcile(prefer="darker", sources=CITED)


def test_a_missing_reconciliation_is_a_load_error_naming_facts_toml(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    drop_lines(root / "protocol/facts.toml", "reconcile =")
    problems = load_problems(root)
    assert any(
        file == root / "protocol/facts.toml" and "reconcile" in message
        for file, message in problems
    ), problems


# --- one table of facts ------------------------------------------------------------


def test_every_derived_fact_in_the_table_is_found_and_nothing_else() -> None:
    bundle = bundled()
    found = derive_facts(bundle.bank, bundle.protocol, baseline_answers(), {"mode": "self"})
    derived = {name for name, spec in FACTS.items() if spec.kind != "outcome"}
    assert set(found) <= derived
    assert set(fact_dependencies(bundle.protocol)) == set(FACTS)


@pytest.mark.parametrize(
    ("fact", "operator", "value", "expected"),
    [
        ("no_such_fact", "equals", 1, "unknown fact"),
        ("deepest_mm", "greater_than", 1, "only known after the recommendation"),
        ("mode", "greater_than", "self", "does not apply to the text fact"),
        ("phototype", "equals", "four", "compared with a number"),
    ],
)
def test_fact_checks_follow_the_fact_table(
    fact: str, operator: str, value: object, expected: str
) -> None:
    condition = {"all": [{"fact": fact, "operator": operator, "value": value}]}
    question = Question.model_validate(
        {"id": "probe", "type": "text", "prompt": "?", "enable_when": condition}
    )
    messages = [p.message for p in lint_bundle(bank_of(question)) if p.question_id == "probe"]
    assert any(expected in m for m in messages), messages


# --- the client-reference role -----------------------------------------------------


def asked(question_id: str, kind: str, role: str | None = None) -> Question:
    return Question.model_validate(
        {"id": question_id, "type": kind, "prompt": "?", "why": "!", "role": role}
    )


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        ([asked("ref", "text", CLIENT_REFERENCE)], []),
        ([asked("ref", "text")], []),
        (
            [asked("ref", "text", CLIENT_REFERENCE), asked("other", "text", CLIENT_REFERENCE)],
            ["role 'client_reference' is already played by 'ref'"],
        ),
        ([asked("ref", "integer", CLIENT_REFERENCE)], ["needs a text question"]),
    ],
)
def test_each_role_is_played_by_at_most_one_question_of_its_type(
    questions: list[Question], expected: list[str]
) -> None:
    found = [p.message for p in lint_bundle(bank_of(*questions)) if "role" in p.message]
    assert len(found) == len(expected)
    assert all(want in got for want, got in zip(expected, found, strict=True)), found


def test_question_with_role_finds_the_question_or_none() -> None:
    with_role = bank_of(asked("a", "text"), asked("b", "text", CLIENT_REFERENCE)).bank
    assert (question := with_role.question_with_role(CLIENT_REFERENCE)) is not None
    assert question.id == "b"
    assert bank_of(asked("a", "text")).bank.question_with_role(CLIENT_REFERENCE) is None


def draft(bundle: Bundle, answers: dict[str, Any], number: int = 1) -> SessionReport:
    return build_report(bundle, answers, status="in_progress", now=NOW, session_id=f"{number:016x}")


@pytest.mark.parametrize("keep_role", [True, False])
def test_the_lists_show_the_answer_to_the_role_or_a_dash(tmp_path: Path, keep_role: bool) -> None:
    root = copy_bank(tmp_path)
    reference_id = bundled().bank.question_with_role(CLIENT_REFERENCE)
    assert reference_id is not None
    if not keep_role:
        for section in sorted((root / "sections").glob("*.toml")):
            text = section.read_text(encoding="utf-8")
            section.write_text(text.replace(f'role = "{CLIENT_REFERENCE}"\n', ""), "utf-8")
    bundle = load_bundle(root)  # a bank without the role is a good bank
    header = read_header(root)
    assert header.reference_question == (reference_id.id if keep_role else None)
    folder = tmp_path / "data"
    save_report(folder, draft(bundle, {reference_id.id: "Client 7"}))
    (summary,) = SessionStore(folder, header.reference_question).listing().reports
    assert summary.client_reference == ("Client 7" if keep_role else "")
    assert row_text(summary, header.decision_titles).endswith("Client 7" if keep_role else "—")


def test_the_index_reads_again_when_the_role_moves_to_another_question(tmp_path: Path) -> None:
    reference = bundled().bank.question_with_role(CLIENT_REFERENCE)
    assert reference is not None
    save_report(tmp_path, draft(bundled(), {reference.id: "Client 7", "nickname": "Kay"}))
    assert SessionStore(tmp_path, reference.id).listing().reports[0].client_reference == "Client 7"
    assert SessionStore(tmp_path, "nickname").listing().reports[0].client_reference == "Kay"
    assert SessionStore(tmp_path, None).listing().reports[0].client_reference == ""


def test_the_report_header_names_the_client_only_through_the_role(tmp_path: Path) -> None:
    bundle = bundled()
    reference = bundle.bank.question_with_role(CLIENT_REFERENCE)
    assert reference is not None
    report = draft(bundle, {reference.id: "Client 7"})
    no_role = bank_of(reference.model_copy(update={"role": None}))
    assert "client: Client 7" in render_markdown(report, bundle).splitlines()[2]
    assert "client:" not in render_markdown(report, no_role).splitlines()[2]


# --- which rules make a depth gentler ------------------------------------------------


def completed() -> SessionReport:
    return build_report(
        bundled(), baseline_answers(), status="completed", now=NOW, session_id="0" * 16
    )


@pytest.mark.parametrize("gentler", [True, False])
def test_only_a_rule_marked_gentler_says_gentler(gentler: bool) -> None:
    bundle = bundled()
    rule = next(r for r in bundle.protocol.rules if r.depth_effect is not None)
    rules = tuple(
        r.model_copy(update={"gentler": gentler and r is rule}) for r in bundle.protocol.rules
    )
    report = completed()
    assert report.recommendation is not None and report.recommendation.depths
    plan = report.recommendation.depths[0]
    narrowing = Narrowing(
        rule_id=rule.id,
        description="d",
        from_mm=(1.0, 1.5),
        to_mm=(1.0, 1.2),
        sources=["suggested"],
    )
    narrowed = plan.model_copy(update={"narrowings": [narrowing], "clinic_note": ""})
    rec = report.recommendation.model_copy(update={"depths": [narrowed]})
    text = render_markdown(
        report.model_copy(update={"recommendation": rec}), with_protocol(bundle, rules=rules)
    )
    assert (bundle.protocol.wording.gentler_depth_note in text) == gentler


def test_gentler_needs_a_depth_effect() -> None:
    when = {"all": [{"question": "q", "operator": "equals", "value": "x"}]}
    common = {"id": "r", "when": when, "message": "m", "sources": ["suggested", "facts:§1"]}
    Rule.model_validate(
        {**common, "action": "adjust", "depth_effect": "drop_tier", "gentler": True}
    )
    with pytest.raises(ValidationError, match="gentler"):
        Rule.model_validate({**common, "action": "warn", "gentler": True})


# --- the result's wording ------------------------------------------------------------


def test_every_decision_has_wording() -> None:
    assert set(get_args(Decision)) <= set(Wording.model_fields)


def finding(action: str) -> Finding:
    return Finding(rule_id=f"x.{action}", action=action, message="m", sources=["suggested"])


@pytest.mark.parametrize(
    ("actions", "decision"),
    [([], "go_ahead"), (["refer"], "physician_first"), (["refer", "block"], "not_now")],
)
def test_the_gate_headline_is_the_protocols_words(actions: list[str], decision: str) -> None:
    wording = bundled().protocol.wording
    gate = decide([finding(a) for a in actions], bundled().protocol.rules, wording)
    assert gate.decision == decision
    assert gate.headline == wording.decision(decision).headline


def test_the_notice_and_title_come_from_the_wording() -> None:
    bundle = bundled()
    report = completed()
    assert report.recommendation is not None
    wording = bundle.protocol.wording
    assert report.recommendation.notice == wording.notice
    title = wording.decision(report.recommendation.gate.decision).title
    assert f"## {title}" in render_markdown(report, bundle)
    assert read_header(bundle.root).decision_titles == {
        d: wording.decision(d).title for d in get_args(Decision)
    }


@pytest.mark.parametrize("decision", get_args(Decision))
@pytest.mark.parametrize("field", ["title", "headline"])
def test_missing_decision_wording_is_a_load_error_naming_the_file(
    tmp_path: Path, decision: str, field: str
) -> None:
    root = copy_bank(tmp_path)
    wording_file = root / "protocol/wording.toml"
    drop_lines(wording_file, f"{field} =", after=f"[wording.{decision}]")
    problems = load_problems(root)
    assert any(
        file == wording_file and decision in message and field in message
        for file, message in problems
    ), problems


def test_a_missing_wording_file_is_a_load_error(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    (root / "protocol/wording.toml").unlink()
    assert any(file == root / "protocol/wording.toml" for file, _ in load_problems(root))
