"""The option-order warning: Yes / No / Not sure in one order across a bank.

Copies of the fixture bank, each reordered one way. The fixture bank's yes/no
questions list Yes, then No (keloid: then Not sure).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.models import Option
from intake_tui.core.bank.option_order import answer_kind, order_problems
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import Problem
from tests.support import copy_bank, edit, fixture_bundle, question_line

HEALTH = "sections/02-health.toml"
GOALS = "sections/03-goals.toml"
KELOID_OPTIONS = """options = [
    { value = "yes", label = "Fixture yes" },
    { value = "no", label = "Fixture no" },
    { value = "not_sure", label = "Fixture not sure" },
]"""
NO_THEN_YES = 'options = [{ value = "no", label = "No" }, { value = "yes", label = "Yes" }]'


def keloid_options(*values: str) -> str:
    lines = [f'    {{ value = "{v}", label = "Fixture {v.replace("_", " ")}" }},' for v in values]
    return "options = [\n" + "\n".join(lines) + "\n]"


def order_warnings(root: Path) -> list[Problem]:
    return [p for p in lint_bundle(load_bundle(root, lint=False)) if "before" in p.message]


def test_the_fixture_bank_keeps_one_order() -> None:
    assert order_problems(fixture_bundle().bank) == []


def test_a_question_that_breaks_the_order_is_named_with_file_and_line(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(root / HEALTH, KELOID_OPTIONS, keloid_options("no", "yes", "not_sure"))
    [problem] = order_warnings(root)
    assert problem.severity == "warning" and problem.question_id == "keloid"
    assert problem.file == root / HEALTH
    assert problem.line == question_line(root / HEALTH, "keloid")
    assert '"No" before "Yes"' in problem.message


def test_intake_validate_warns_and_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bank(tmp_path)
    edit(root / HEALTH, KELOID_OPTIONS, keloid_options("no", "yes", "not_sure"))
    assert main(["validate", str(root)]) == 0
    out = capsys.readouterr().out
    line = question_line(root / HEALTH, "keloid")
    assert f"{root / HEALTH}:{line}: warning: question 'keloid'" in out
    assert "(1 warning(s))" in out


def test_the_majority_sets_the_order(tmp_path: Path) -> None:
    """Four yes/no questions turned to No-first: now keloid, Yes-first, is the odd one."""
    root = copy_bank(tmp_path)
    for path, question_id in [
        (HEALTH, "fitz_quiz_offer"),
        (HEALTH, "skin_flaring"),
        (HEALTH, "isotretinoin"),
        (GOALS, "prp_interest"),
    ]:
        edit(root / path, f'id = "{question_id}"\n', f'id = "{question_id}"\n{NO_THEN_YES}\n')
    assert [(p.question_id, '"Yes" before "No"' in p.message) for p in order_warnings(root)] == [
        ("keloid", True)
    ]


def test_a_pair_only_one_question_lists_is_its_own_order(tmp_path: Path) -> None:
    """Only keloid has both No and Not sure: whichever comes first is the bank's order."""
    root = copy_bank(tmp_path)
    edit(root / HEALTH, KELOID_OPTIONS, keloid_options("yes", "not_sure", "no"))
    assert order_warnings(root) == []


def test_one_warning_per_question_however_many_pairs_it_breaks(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(root / HEALTH, KELOID_OPTIONS, keloid_options("not_sure", "no", "yes"))
    assert [p.question_id for p in order_warnings(root)] == ["keloid"]


def test_labels_say_yes_or_no_where_values_do_not(tmp_path: Path) -> None:
    """A "Do you smoke?" with values never/current, labelled "No, never" and "Yes"."""
    root = copy_bank(tmp_path)
    edit(
        root / HEALTH,
        '{ value = "never", label = "Fixture never" },\n    { value = "current", label = "Fixture current" },',
        '{ value = "never", label = "No, never" },\n    { value = "current", label = "Yes" },',
    )
    [problem] = order_warnings(root)
    assert problem.question_id == "smoking"


@pytest.mark.parametrize(
    ("value", "label", "kind"),
    [
        ("yes", "Fixture", "yes"),
        ("yes_controlled", "Fixture", "yes"),
        ("current", "Yes", "yes"),
        ("no", "Fixture", "no"),
        ("never", "No, never", "no"),
        ("not_sure", "Fixture", "not_sure"),
        ("unsure", "Not sure, or a mix", "not_sure"),
        ("none", "None of these", None),
        ("nose", "Nose", None),
        ("former", "I used to", None),
    ],
)
def test_answer_kinds(value: str, label: str, kind: str | None) -> None:
    assert answer_kind(Option(value=value, label=label)) == kind
