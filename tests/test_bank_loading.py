"""The loader on broken copies of the fixture bank: every problem says where and what."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.errors import BankError, Problem
from tests.support import copy_bank, edit, line_of, question_line

HEALTH = "sections/02-health.toml"
GOALS = "sections/03-goals.toml"
RULES = "protocol/rules.toml"


def append(path: Path, extra: str) -> int:
    """Append ``extra`` to the file; return the line number its first line lands on."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    first_line = text.count("\n") + 1
    path.write_text(text + extra, encoding="utf-8")
    return first_line


def load_problems(root: Path) -> list[Problem]:
    with pytest.raises(BankError) as caught:
        load_bundle(root)
    return caught.value.problems


def only_problem(root: Path) -> Problem:
    problems = load_problems(root)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- the bundled bank and the fixture bank ------------------------------------------


def test_bundled_bank_loads_with_zero_lint_errors_and_zero_warnings(bundle: Bundle) -> None:
    assert lint_bundle(bundle) == []


def test_bundled_bank_has_the_expected_shape(bundle: Bundle) -> None:
    # Its wording and version are the clinic's to edit: only their form is checked.
    assert bundle.bank.id == "microneedling-intake"
    assert re.fullmatch(r"\d+\.\d+\.\d+", bundle.bank.version)
    assert [s.id for s in bundle.bank.sections] == [
        "about_you",
        "since_last_visit",
        "skin_tone",
        "health",
        "habits",
        "goals",
    ]
    assert bundle.bank.content_hash.startswith("sha256:")


def test_fixture_bank_loads_with_zero_lint_errors_and_zero_warnings(fixture_bank: Bundle) -> None:
    assert lint_bundle(fixture_bank) == []


def test_fixture_bank_has_the_expected_shape(fixture_bank: Bundle) -> None:
    assert fixture_bank.bank.id == "fixture-intake"
    assert fixture_bank.bank.version == "0.1.0"
    assert [s.id for s in fixture_bank.bank.sections] == [
        "about_you",
        "last_visit",
        "health",
        "goals",
    ]
    assert fixture_bank.bank.content_hash.startswith("sha256:")


def test_a_clean_copy_loads_like_the_original(tmp_path: Path, fixture_bank: Bundle) -> None:
    copy = load_bundle(copy_bank(tmp_path))
    assert [q.id for q in copy.bank.questions] == [q.id for q in fixture_bank.bank.questions]
    assert copy.bank.content_hash == fixture_bank.bank.content_hash


def test_questions_remember_their_file_and_header_line(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    smoking = load_bundle(root).bank.question("smoking")
    assert smoking.source_file == root / HEALTH
    assert smoking.source_line == question_line(root / HEALTH, "smoking")
    assert smoking.section_id == "health"


# --- Problem rendering ---------------------------------------------------------


def test_problem_renders_as_file_line_severity_question_message() -> None:
    problem = Problem("option 'x' appears twice", Path("q/s.toml"), 12, "smoking")
    assert str(problem) == "q/s.toml:12: error: question 'smoking': option 'x' appears twice"


def test_problem_without_line_or_question_renders_file_and_message_only() -> None:
    assert str(Problem("file not found", Path("q/s.toml"))) == "q/s.toml: error: file not found"


def test_warning_problem_renders_its_severity() -> None:
    problem = Problem("no hint", Path("a.toml"), 3, "age", "warning")
    assert str(problem) == "a.toml:3: warning: question 'age': no hint"


def test_bank_error_message_is_the_first_problem_and_a_count() -> None:
    error = BankError([Problem("first", Path("a.toml"), 1), Problem("second")])
    assert str(error) == "a.toml:1: error: first (and 1 more)"


# --- broken banks ----------------------------------------------------------------


def test_invalid_toml_names_the_file_and_the_parser_line(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    broken_line = line_of(path, 'id = "smoking"')
    edit(path, 'id = "smoking"\n', 'id = "smoking\n')
    problem = only_problem(root)
    assert problem.file == path
    assert problem.line == broken_line
    assert problem.message.startswith("is not valid TOML (")
    assert f"line {broken_line}" in problem.message


def test_invalid_toml_appended_garbage_is_located_at_its_line(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / GOALS
    garbage_line = append(path, "this is = = not toml\n")
    problem = only_problem(root)
    assert (problem.file, problem.line) == (path, garbage_line)
    assert "is not valid TOML" in problem.message


def test_missing_section_file_is_reported_as_not_found(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    (root / HEALTH).unlink()
    problem = only_problem(root)
    assert problem.file == root / HEALTH
    assert problem.line is None
    assert problem.message == "file not found"


def test_missing_question_folder_is_reported(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "nowhere")
    assert (problem.file, problem.message) == (tmp_path / "nowhere", "question folder not found")


def test_unknown_field_on_a_question_names_the_field(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(path, 'id = "smoking"\n', 'id = "smoking"\ncolour = "red"\n')
    problem = only_problem(root)
    assert problem.file == path
    assert problem.line == question_line(path, "smoking")
    assert problem.question_id == "smoking"
    assert problem.message == "colour: Extra inputs are not permitted"


def test_bad_question_id_is_rejected_with_the_id_rule(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / GOALS
    header = question_line(path, "prp_interest")
    edit(path, 'id = "prp_interest"', 'id = "Prp-Interest"')
    problem = only_problem(root)
    assert (problem.file, problem.line) == (path, header)
    assert problem.question_id == "Prp-Interest"
    assert problem.message == "id: ids are lower_snake_case, starting with a letter"


def test_single_choice_question_without_options_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    header = append(
        path,
        '\n[[questions]]\nid = "exercise"\ntype = "single"\nprompt = "How often?"\n'
        'why = "Sweat matters."\n',
    )
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.question_id) == (path, header + 1, "exercise")
    assert problem.message == "a single question needs options"


def test_duplicate_option_values_are_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(
        path,
        '{ value = "sometimes", label = "Fixture sometimes", neutral = true },',
        '{ value = "daily", label = "Fixture sometimes", neutral = true },',
    )
    problem = only_problem(root)
    assert (problem.file, problem.line) == (path, question_line(path, "sunscreen"))
    assert problem.question_id == "sunscreen"
    assert problem.message == "option value 'daily' appears twice"


def test_yes_no_question_without_yes_and_no_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / HEALTH
    edit(
        path,
        '{ value = "yes", label = "Fixture yes" },\n    { value = "no", label = "Fixture no" },\n'
        '    { value = "not_sure", label = "Fixture not sure" },\n]\n\n'
        '[[questions]]\nid = "isotretinoin"',
        '{ value = "y", label = "Fixture yes" },\n    { value = "n", label = "Fixture no" },\n]\n\n'
        '[[questions]]\nid = "isotretinoin"',
    )
    problem = only_problem(root)
    assert (problem.file, problem.line) == (path, question_line(path, "keloid"))
    assert problem.question_id == "keloid"
    assert problem.message == "a yes_no question has the options 'yes' and 'no'"


def test_yes_no_question_without_options_gets_yes_and_no(fixture_bank: Bundle) -> None:
    isotretinoin = fixture_bank.bank.question("isotretinoin")
    assert isotretinoin.option_values == ("yes", "no")
    assert isotretinoin.label_for("yes") == "Yes"


def test_non_semantic_version_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / "questionnaire.toml"
    edit(path, 'version = "0.1.0"', 'version = "0.1"')
    problem = only_problem(root)
    assert problem.file == path
    assert problem.message == (
        "[questionnaire] version: version is semantic: MAJOR.MINOR.PATCH, e.g. 1.0.0"
    )


def test_rule_with_unknown_source_kind_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / RULES
    edit(path, 'sources = ["facts:S2", "suggested", "facts:§1"]', 'sources = ["blog:x"]')
    problem = only_problem(root)
    assert problem.file == path
    assert problem.line == line_of(path, "[[rules]]")  # the first rule, gate.minor
    assert problem.message.startswith("'gate.minor' rules.0.sources: source 'blog:x' is not")
    assert "article:<section>, facts:S<n>, facts:§<n>, suggested" in problem.message


def test_rule_with_unknown_article_section_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / RULES
    edit(path, 'sources = ["article:skin-type"]', 'sources = ["article:pricing"]')
    problem = only_problem(root)
    assert problem.file == path
    assert problem.line == line_of(path, 'id = "adjust.sensitive_skin"') - 1
    assert "'adjust.sensitive_skin'" in problem.message
    assert "unknown article section in 'article:pricing'" in problem.message


def test_rule_citing_only_suggested_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / RULES
    edit(path, 'sources = ["facts:§3b", "suggested"]', 'sources = ["suggested"]')
    problem = only_problem(root)
    assert problem.file == path
    assert problem.line == line_of(path, 'id = "ci.keloid"') - 1
    assert problem.message.startswith("'ci.keloid' rules.")
    assert "'suggested' needs a fact-sheet or article pointer beside it" in problem.message


def test_settings_home_ceiling_above_half_a_millimetre_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / "settings.toml"
    edit(path, "home_max_depth_mm = 0.5", "home_max_depth_mm = 0.8")
    problem = only_problem(root)
    assert problem.file == path
    assert problem.message == "home_max_depth_mm: Input should be less than or equal to 0.5"


def test_home_setting_deeper_than_the_home_ceiling_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / "settings.toml"
    edit(path, "clinic = false\nmax_depth_mm = 0.5", "clinic = false\nmax_depth_mm = 1.0")
    problem = only_problem(root)
    assert problem.file == path
    assert "setting 'home' is not a clinic" in problem.message
    assert "may not exceed home_max_depth_mm (0.5)" in problem.message


def test_date_default_other_than_today_is_rejected(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    path = root / GOALS
    edit(path, 'default = "today"', 'default = "tomorrow"')
    problem = only_problem(root)
    assert (problem.file, problem.line) == (path, question_line(path, "start_date"))
    assert problem.question_id == "start_date"
    assert problem.message == "only date questions take a default, and only 'today'"


def test_problems_in_several_files_are_all_reported(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(root / GOALS, 'default = "today"', 'default = "tomorrow"')
    edit(root / "settings.toml", "home_max_depth_mm = 0.5", "home_max_depth_mm = 0.8")
    problems = load_problems(root)
    assert sorted(p.file.name for p in problems if p.file) == ["03-goals.toml", "settings.toml"]
