"""lint_bundle on copies of the fixture bank, each broken in one way; and `intake validate`."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import BankError, Problem
from tests.support import copy_bank, edit, line_of, question_line

HEALTH = "sections/02-health.toml"
GOALS = "sections/03-goals.toml"
SMOKING_AMOUNT_WHEN = '{ question = "smoking", operator = "equals", value = "current" }'
IMPOSSIBLE_AGE = (
    '{ all = [{ question = "age", operator = "less_than", value = 10 }, '
    '{ question = "age", operator = "greater_than", value = 20 }] }'
)


def add_condition(path: Path, question_id: str, condition: str) -> None:
    """Give a question that has none an ``enable_when``."""
    edit(path, f'id = "{question_id}"\n', f'id = "{question_id}"\nenable_when = {condition}\n')


def lint(root: Path) -> list[Problem]:
    return lint_bundle(load_bundle(root, lint=False))


def errors(root: Path) -> list[Problem]:
    return [p for p in lint(root) if p.severity == "error"]


def warnings(root: Path) -> list[Problem]:
    return [p for p in lint(root) if p.severity == "warning"]


def question_block(path: Path, question_id: str) -> str:
    """The text of one ``[[questions]]`` table, without its header line."""
    blocks = path.read_text(encoding="utf-8").split("[[questions]]")
    return next(block for block in blocks if f'id = "{question_id}"\n' in block)


def find(problems: list[Problem], text: str) -> Problem:
    matching = [p for p in problems if text in p.message]
    assert len(matching) == 1, [str(p) for p in problems]
    return matching[0]


def smoking_amount_condition(tmp_path: Path, condition: str) -> tuple[Path, Path]:
    """A copy in which smoking_amount's enable_when leaf is replaced by ``condition``."""
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(path, SMOKING_AMOUNT_WHEN, condition)
    return root, path


# --- references between questions ---------------------------------------------------


def test_duplicate_question_id_across_two_files_names_both_places(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    habits, goals = root / HEALTH, root / GOALS
    first = question_line(habits, "sunscreen")
    block = question_block(habits, "sunscreen")
    goals.write_text(goals.read_text(encoding="utf-8") + "\n[[questions]]" + block)
    problem = find(errors(root), "duplicate id")
    assert problem.question_id == "sunscreen"
    assert (problem.file, problem.line) == (goals, question_line_last(goals, "sunscreen"))
    assert problem.message == f"duplicate id (first defined at {habits}:{first})"


def question_line_last(path: Path, question_id: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, start=1) if line == f'id = "{question_id}"') - 1


def test_duplicate_id_makes_load_bundle_refuse_the_bank(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    habits = root / HEALTH
    block = question_block(habits, "sunscreen")
    (root / GOALS).write_text(
        (root / GOALS).read_text(encoding="utf-8") + "\n[[questions]]" + block
    )
    with pytest.raises(BankError) as caught:
        load_bundle(root)
    assert any("duplicate id" in p.message for p in caught.value.problems)


# A condition put in place of smoking_amount's, what finds the one problem it
# causes, and that problem's whole message (always at smoking_amount's line).
BAD_CONDITIONS = [
    (
        '{ question = "smokes", operator = "equals", value = "current" }',
        "unknown question",
        "condition on unknown question 'smokes'",
    ),
    (
        '{ question = "smoking", operator = "equals", value = "currently" }',
        "has no option",
        "'smoking' has no option 'currently'",
    ),
    (
        '{ question = "smoking", operator = "includes", value = "current" }',
        "'includes'",
        "'includes' needs a multiple-choice question; 'smoking' is single",
    ),
    (
        '{ question = "smoking", operator = "greater_than", value = "current" }',
        "'greater_than'",
        "'greater_than' needs an integer or date question; 'smoking' is single",
    ),
    (
        '{ fact = "nicotine", operator = "equals", value = 1 }',
        "unknown fact",
        "condition on unknown fact 'nicotine'",
    ),
    (
        '{ fact = "deepest_mm", operator = "greater_than", value = 1.0 }',
        "deepest_mm",
        "fact 'deepest_mm' is only known after the recommendation "
        "(longevity factors, notes and warnings only)",
    ),
]


@pytest.mark.parametrize(("condition", "finder", "message"), BAD_CONDITIONS)
def test_a_bad_condition_is_named_at_its_question(
    tmp_path: Path, condition: str, finder: str, message: str
) -> None:
    root, path = smoking_amount_condition(tmp_path, condition)
    problem = find(errors(root), finder)
    assert (problem.file, problem.line) == (path, question_line(path, "smoking_amount"))
    assert problem.question_id == "smoking_amount"
    assert problem.message == message


def test_condition_on_a_later_question(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    add_condition(
        path,
        "smoking",
        '{ all = [{ question = "sunscreen", operator = "equals", value = "never" }] }',
    )
    problem = find(errors(root), "not asked before it")
    assert (problem.file, problem.line) == (path, question_line(path, "smoking"))
    assert problem.question_id == "smoking"
    assert problem.message == ("condition on 'sunscreen', which is not asked before it")


def test_equals_on_a_multiple_choice_question(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(
        path,
        'enable_when = { any = [{ question = "skin_conditions", operator = "includes", '
        'value = "eczema" }',
        'enable_when = { any = [{ question = "skin_conditions", operator = "equals", '
        'value = "eczema" }',
    )
    problem = find(errors(root), "use 'includes'")
    assert (problem.file, problem.line) == (path, question_line(path, "skin_flaring"))
    assert problem.question_id == "skin_flaring"


def test_integer_question_compared_with_text(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / "sections/01-about-you.toml"
    edit(
        path,
        '"age", operator = "less_than", value = 18',
        '"age", operator = "less_than", value = "18"',
    )
    problem = find(errors(root), "whole number")
    assert (problem.file, problem.line) == (path, question_line(path, "minor_note"))
    assert problem.question_id == "minor_note"


@pytest.mark.parametrize(
    ("rule_id", "question", "refused"),
    [
        # What decides the gate may not read what is known only after the depth.
        ("ci.keloid", "keloid", True),
        # Notes and warnings fire again once the depth is known (e.g. the home device).
        ("note.isotretinoin", "isotretinoin", False),
    ],
)
def test_outcome_fact_deepest_mm_in_a_rule(
    tmp_path: Path, rule_id: str, question: str, refused: bool
) -> None:
    root = copy_bank(tmp_path)
    path = root / "protocol/rules.toml"
    edit(
        path,
        f'{{ question = "{question}", operator = "equals", value = "yes" }}',
        '{ fact = "deepest_mm", operator = "greater_than", value = 2.0 }',
    )
    found = [p for p in errors(root) if "deepest_mm" in p.message]
    assert bool(found) == refused
    for problem in found:
        assert (problem.file, problem.line) == (path, line_of(path, f'"{rule_id}"'))
        assert problem.message.startswith(f"rule '{rule_id}': fact 'deepest_mm'")


def test_fact_read_before_its_questions_are_asked(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(
        path,
        'enable_when = { all = [{ question = "skin_tone_self", operator = "not_equals", '
        'value = "not_sure" }] }',
        'enable_when = { all = [{ fact = "phototype", operator = "greater_than", value = 3 }] }',
    )
    problem = find(errors(root), "fact 'phototype' depends on")
    assert (problem.file, problem.line) == (path, question_line(path, "fitz_quiz_offer"))
    assert problem.question_id == "fitz_quiz_offer"
    assert problem.message == (
        "fact 'phototype' depends on 'quiz_burn', which is not asked before it"
    )


# --- the dependency graph -------------------------------------------------------


def _cycle_copy(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    add_condition(
        path,
        "smoking",
        '{ all = [{ question = "sunscreen", operator = "equals", value = "daily" }] }',
    )
    add_condition(
        path,
        "sunscreen",
        '{ all = [{ question = "smoking", operator = "equals", value = "never" }] }',
    )
    return root, path


def test_two_questions_that_enable_each_other_form_a_cycle(tmp_path: Path) -> None:
    root, path = _cycle_copy(tmp_path)
    found = errors(root)
    later = find(found, "not asked before it")
    assert (later.file, later.line, later.question_id) == (
        path,
        question_line(path, "smoking"),
        "smoking",
    )
    cycle = find(found, "dependency cycle")
    assert cycle.message == "dependency cycle: smoking -> sunscreen -> smoking"


def test_cycle_problem_names_the_file_line_and_question(tmp_path: Path) -> None:
    root, path = _cycle_copy(tmp_path)
    cycle = find(errors(root), "dependency cycle")
    assert cycle.file == path
    assert cycle.line == question_line(path, "smoking")
    assert cycle.question_id == "smoking"


def test_question_no_answers_can_enable_is_unreachable(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    add_condition(path, "smoking", IMPOSSIBLE_AGE)
    problem = find(errors(root), "no answers can enable it")
    assert (problem.file, problem.line) == (path, question_line(path, "smoking"))
    assert problem.question_id == "smoking"
    assert problem.message == "unreachable: no answers can enable it"


def test_question_depending_on_an_unreachable_one_is_unreachable(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    add_condition(path, "smoking", IMPOSSIBLE_AGE)
    problem = find(errors(root), "depends on unreachable")
    assert (problem.file, problem.line) == (path, question_line(path, "smoking_amount"))
    assert problem.question_id == "smoking_amount"
    assert problem.message == "unreachable: depends on unreachable 'smoking'"


def test_any_condition_stays_reachable_through_its_other_branch(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(
        path,
        'enable_when = { all = [{ question = "skin_tone_self", operator = "not_equals", '
        'value = "not_sure" }] }',
        f"enable_when = {IMPOSSIBLE_AGE}",
    )
    flagged = {p.question_id for p in errors(root)}
    assert "fitz_quiz_offer" in flagged
    assert "quiz_eyes" not in flagged


# --- protocol tables that name things the bank lacks --------------------------------


def test_rule_condition_on_unknown_question(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / "protocol/rules.toml"
    edit(
        path,
        '{ question = "isotretinoin", operator = "equals", value = "yes" }',
        '{ question = "booze", operator = "equals", value = "yes" }',
    )
    problem = find(errors(root), "unknown question")
    assert (problem.file, problem.line) == (path, line_of(path, 'id = "note.isotretinoin"'))
    assert problem.question_id is None
    assert problem.message == "rule 'note.isotretinoin': condition on unknown question 'booze'"


def test_depth_row_naming_an_unknown_tier(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / "protocol/depth.toml"
    edit(
        path,
        'concern = "fine_lines"\ntier = "moderate"',
        'concern = "fine_lines"\ntier = "shallow"',
    )
    problem = find(errors(root), "unknown tier")
    assert (problem.file, problem.line) == (path, line_of(path, '"fine_lines"'))
    assert problem.message == "concern 'fine_lines' names unknown tier 'shallow'"


def test_concern_option_without_a_depth_row(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / GOALS,
        '{ value = "stretch_marks", label = "Fixture stretch marks" },',
        '{ value = "stretch_marks", label = "Fixture stretch marks" },\n'
        '    { value = "sagging", label = "Sagging" },',
    )
    problem = find(errors(root), "no default tier row")
    assert problem.file == root / "protocol/depth.toml"
    assert problem.message == "concern 'sagging' has no default tier row (one without 'when')"


def test_area_option_without_a_depth_cap(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / GOALS,
        '{ value = "cheeks", label = "Fixture cheeks" },',
        '{ value = "cheeks", label = "Fixture cheeks" },\n    { value = "scalp", label = "Scalp" },',
    )
    depth = root / "protocol/depth.toml"
    problems = [p for p in errors(root) if "has no depth cap" in p.message]
    # Once per area question, however many concern rows read it.
    assert [(p.message, p.file) for p in problems] == [
        ("area 'scalp' of 'treatment_areas' has no depth cap", depth)
    ]


def test_setting_option_without_a_settings_profile(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / GOALS,
        '{ value = "clinic", label = "Fixture clinic" },',
        '{ value = "clinic", label = "Fixture clinic" },\n'
        '    { value = "dentist", label = "At the dentist" },',
    )
    problem = find(errors(root), "[[settings]] profile")
    assert problem.file == root / "settings.toml"
    assert problem.message == "setting 'dentist' has no [[settings]] profile"


def test_quiz_question_option_without_a_score(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(
        path,
        '{ value = "hazel", label = "Fixture hazel", score = 2 },',
        '{ value = "hazel", label = "Fixture hazel" },',
    )
    problem = find(errors(root), "needs a score")
    assert (problem.file, problem.line) == (path, question_line(path, "quiz_eyes"))
    assert problem.question_id == "quiz_eyes"


def test_add_on_naming_a_missing_option(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / "settings.toml"
    edit(
        path,
        'value = "yes"\nlabel = "Fixture add-on"',
        'value = "definitely"\nlabel = "Fixture add-on"',
    )
    problem = find(errors(root), "has no option")
    assert (problem.file, problem.line) == (path, line_of(path, '"definitely"'))
    assert problem.message == "'prp_interest' has no option 'definitely'"


# --- warnings --------------------------------------------------------------------------


def test_option_no_rule_reads_is_a_warning_not_an_error(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(
        path,
        '{ value = "over_10", label = "Fixture over 10" },',
        '{ value = "over_10", label = "Fixture over 10" },\n'
        '    { value = "vape_only", label = "I only vape" },',
    )
    assert errors(root) == []
    problem = find(warnings(root), "vape_only")
    assert (problem.file, problem.line) == (path, question_line(path, "smoking_amount"))
    assert problem.question_id == "smoking_amount"
    assert problem.message == "option 'vape_only' is read by no rule"
    load_bundle(root)  # warnings never stop a bank from loading


def test_neutral_option_needs_no_rule(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / HEALTH,
        '{ value = "over_10", label = "Fixture over 10" },',
        '{ value = "over_10", label = "Fixture over 10" },\n'
        '    { value = "vape_only", label = "I only vape", neutral = true },',
    )
    assert lint(root) == []


def test_clinical_question_nothing_reads_is_a_warning(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[questions]]\nid = "hobbies"\ntype = "text"\nprompt = "Hobbies?"\n'
        'why = "To get to know you."\n',
        encoding="utf-8",
    )
    found = lint(root)
    assert [p.severity for p in found] == ["warning"]
    problem = found[0]
    assert (problem.file, problem.line) == (path, question_line(path, "hobbies"))
    assert problem.question_id == "hobbies"
    assert problem.message == "no rule, score or table reads this question"


def test_record_question_nothing_reads_is_fine(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[questions]]\nid = "hobbies"\ntype = "text"\npurpose = "record"\n'
        'prompt = "Hobbies?"\nwhy = "To get to know you."\n',
        encoding="utf-8",
    )
    assert lint(root) == []


def test_question_without_why_is_a_warning(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(path, 'why = "Fixture: healing."\n', "")
    found = lint(root)
    assert len(found) == 1
    problem = found[0]
    assert problem.severity == "warning"
    assert (problem.file, problem.line) == (path, question_line(path, "smoking"))
    assert problem.question_id == "smoking"
    assert problem.message == "has no 'why' hint explaining why we ask"


# --- intake validate ----------------------------------------------------------------------


def test_validate_bundled_bank_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out == "the bundled questions: OK (0 warning(s))\n"
    assert err == ""


def test_validate_clean_copy_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_bank(tmp_path)
    assert main(["validate", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{root}: OK (0 warning(s))\n"
    assert err == ""


def test_validate_broken_copy_exits_1_and_prints_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, path = smoking_amount_condition(
        tmp_path, '{ question = "smokes", operator = "equals", value = "current" }'
    )
    assert main(["validate", str(root)]) == 1
    _, err = capsys.readouterr()
    line = question_line(path, "smoking_amount")
    assert (
        f"{path}:{line}: error: question 'smoking_amount': condition on unknown question 'smokes'"
    ) in err.splitlines()
    assert err.splitlines()[-1] == "1 error(s), 0 warning(s)"


def test_condition_problem_renders_the_question_once(tmp_path: Path) -> None:
    root, path = smoking_amount_condition(
        tmp_path, '{ question = "smokes", operator = "equals", value = "current" }'
    )
    problem = find(errors(root), "unknown question")
    line = question_line(path, "smoking_amount")
    assert str(problem) == (
        f"{path}:{line}: error: question 'smoking_amount': condition on unknown question 'smokes'"
    )


def test_validate_prints_warnings_on_stdout_and_still_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(path, 'why = "Fixture: healing."\n', "")
    assert main(["validate", str(root)]) == 0
    out, err = capsys.readouterr()
    line = question_line(path, "smoking")
    assert out.splitlines() == [
        f"{path}:{line}: warning: question 'smoking': has no 'why' hint explaining why we ask",
        f"{root}: OK (1 warning(s))",
    ]
    assert err == ""


def test_validate_reports_loader_problems_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bank(tmp_path)
    (root / HEALTH).unlink()
    assert main(["validate", str(root)]) == 1
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{root / HEALTH}: error: file not found",
        "1 error(s), 0 warning(s)",
    ]
