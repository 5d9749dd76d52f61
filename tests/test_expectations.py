"""The expectations module: loading a clinic's expected outcomes and saying which no longer hold.

Each test works on a copy of the bundled question folder under tmp_path, with
cases appended to (or the file replaced in) its expectations.toml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import BankError, Problem
from intake_tui.core.expectations.check import check_expectations
from intake_tui.core.expectations.loader import expectations_path, load_expectations
from tests.support import copy_bundled_bank, edit


def without_bundled_cases(folder: Path) -> Path:
    """The folder with its expectations cut to the answer sets, before the first case:
    tests of what one appended case reports need not run the ~190 bundled ones each
    (test_bundled_expectations_all_hold runs those)."""
    path = expectations_path(folder)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n[[cases]]\n") + 1], encoding="utf-8")
    return folder


def with_case(folder: Path, case: str) -> Path:
    """Append a case to the folder's expectations; the path of the file."""
    path = expectations_path(folder)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + case, encoding="utf-8")
    return path


def last_case_line(path: Path) -> int:
    """The line of the last ``[[cases]]`` header: the appended case."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, start=1) if line == "[[cases]]")


def problems_in(folder: Path) -> list[Problem]:
    return check_expectations(load_bundle(folder))


def case_about(case_id: str, expect: str, answers: str = "{}") -> str:
    return f'[[cases]]\nid = "{case_id}"\nabout = "A test case."\nanswers = {answers}\nexpect = {expect}\n'


def test_bundled_expectations_all_hold() -> None:
    assert check_expectations(load_bundle()) == []


def test_a_folder_without_expectations_validates_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_bundled_bank(tmp_path)
    expectations_path(folder).unlink()
    assert problems_in(folder) == []
    assert main(["validate", str(folder)]) == 0
    assert "OK" in capsys.readouterr().out


# The healthy baseline, with one wrong expectation each: the sentence that says so.
WRONG_EXPECTATIONS = [
    ('{ decision = "not_now" }', "expected gate decision not_now, got go_ahead"),
    ("{ physician_review = true }", "expected physician review yes, got no"),
    ('{ fires = ["ci.keloid"] }', "expected [ci.keloid] to fire, got [note.first_time]"),
    (
        '{ not_fired = ["note.first_time"] }',
        "expected [note.first_time] not to fire, got [note.first_time]",
    ),
    (
        '{ notes = { only = ["note.young_adult"] } }',
        "expected notes to be exactly [note.young_adult], got [note.first_time]",
    ),
    ('{ reasons = ["ci.keloid"] }', "expected reasons to include [ci.keloid], got none"),
    ("{ depths = [] }", "expected depth plans for none, got [fine_lines on cheeks]"),
    (
        '{ depths = [{ concern = "fine_lines", area = "cheeks", mm = [0.5, 1.0] }] }',
        "expected the depth (mm) for fine_lines on cheeks 0.5-1.0, got 1.0-1.0",
    ),
    (
        '{ depths = [{ concern = "fine_lines", area = "cheeks", narrowings = [] }] }',
        "expected the narrowings for fine_lines on cheeks none, "
        "got [depth.area.cheeks from 1.0-1.5 mm to 1.0-1.0 mm]",
    ),
    ("{ timeline = false }", "expected no session plan, got plan.photoaging"),
    ("{ timeline = { planned = 3 } }", "expected planned sessions 3, got 4"),
    (
        '{ timeline = { milestones = { "milestone.remodelling_ends" = [2027-01-01, 2027-01-02] } } }',
        "expected the dates of milestone.remodelling_ends 2027-01-01 to 2027-01-02, "
        "got 2027-03-01 to 2027-10-11",
    ),
    ('{ longevity = { outlook = "shorter" } }', "expected longevity outlook shorter, got typical"),
    (
        "{ longevity = { interval_months = 12 } }",
        "expected advised months between top-ups 12, got 9",
    ),
    (
        '{ longevity = { shortening = ["longevity.sunscreen_daily"] } }',
        "expected longevity.sunscreen_daily to say it shortens, got lengthens",
    ),
    ("{ cost = false }", "expected no cost estimate, got one for medical"),
    ("{ cost = { series = [1, 2] } }", "expected series cost 1-2, got 900-4200"),
    ("{ cost = { priced = false } }", "expected a priced estimate no, got yes"),
]


@pytest.mark.parametrize(
    ("expect", "sentence"), [pytest.param(*row, id=row[1][:40]) for row in WRONG_EXPECTATIONS]
)
def test_a_failing_expectation_names_file_line_case_expected_and_got(
    tmp_path: Path, expect: str, sentence: str
) -> None:
    folder = without_bundled_cases(copy_bundled_bank(tmp_path))
    path = with_case(folder, case_about("wrong", expect))
    assert [str(p) for p in problems_in(folder)] == [
        f"{path}:{last_case_line(path)}: error: case 'wrong': {sentence}"
    ]


def test_validate_reports_every_failing_expectation_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = without_bundled_cases(copy_bundled_bank(tmp_path))
    path = with_case(folder, case_about("wrong", '{ decision = "not_now", cost = false }'))
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err
    assert "case 'wrong': expected gate decision not_now, got go_ahead" in err
    assert "case 'wrong': expected no cost estimate, got one for medical" in err
    assert "2 error(s)" in err


def test_an_answer_the_bank_would_refuse_is_reported_not_run(tmp_path: Path) -> None:
    folder = without_bundled_cases(copy_bundled_bank(tmp_path))
    with_case(folder, case_about("typo", "{}", answers='{ pregnancy = "yess", shoe_size = 9 }'))
    messages = [p.message for p in problems_in(folder)]
    assert len(messages) == 2
    assert messages[0].startswith("case 'typo': the answer to 'pregnancy' does not fit the bank: ")
    assert "'yess' is not one of the options" in messages[0]
    assert (
        messages[1]
        == "case 'typo': the answer to 'shoe_size' does not fit the bank: no such question"
    )


def test_an_id_the_protocol_does_not_define_is_reported_not_passed(tmp_path: Path) -> None:
    """A renamed rule would make 'not fired' true for ever: name it instead."""
    folder = without_bundled_cases(copy_bundled_bank(tmp_path))
    expect = '{ not_fired = ["ci.renamed"], aftercare = { excludes = ["no_such_item"] } }'
    with_case(folder, case_about("stale", expect))
    assert [p.message for p in problems_in(folder)] == [
        "case 'stale': names the rule 'ci.renamed', which the protocol does not define",
        "case 'stale': names the aftercare item 'no_such_item', which the protocol does not define",
    ]


# A broken file: (what is appended, the problem's message).
BROKEN_CASES = [
    pytest.param(
        case_about("bad", '{ decison = "go_ahead" }'),
        "case 'bad': expect.decison: Extra inputs are not permitted",
        id="misspelt_expectation",
    ),
    pytest.param(
        case_about("bad", '{ decision = "maybe" }'),
        "case 'bad': expect.decision: Input should be 'go_ahead', 'nothing_planned', "
        "'physician_first' or 'not_now'",
        id="unknown_decision",
    ),
    pytest.param(
        '[[cases]]\nid = "bad"\nabout = "No expect table."\n',
        "case 'bad': expect: Field required",
        id="missing_expect",
    ),
    pytest.param(
        '[[cases]]\nid = "bad"\nabout = "."\nbase = "nobody"\nexpect = {}\n',
        "case 'bad': base: no answer set named 'nobody'",
        id="unknown_base",
    ),
    pytest.param(
        case_about("baseline.gate", "{}"),
        "case 'baseline.gate': the id is used more than once",
        id="repeated_id",
    ),
]


@pytest.mark.parametrize(("case", "message"), BROKEN_CASES)
def test_a_broken_case_names_file_line_and_case(tmp_path: Path, case: str, message: str) -> None:
    folder = copy_bundled_bank(tmp_path)
    path = with_case(folder, case)
    with pytest.raises(BankError) as raised:
        load_expectations(path)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.message) == (path, last_case_line(path), message)
    assert problems_in(folder) == [problem]


def test_a_file_that_is_not_toml_names_the_line(tmp_path: Path) -> None:
    folder = copy_bundled_bank(tmp_path)
    path = with_case(folder, "[[cases]\n")
    problems = problems_in(folder)
    assert len(problems) == 1
    assert problems[0].file == path
    assert problems[0].line == len(path.read_text(encoding="utf-8").splitlines())
    assert "is not valid TOML" in problems[0].message


def test_an_unknown_default_base_is_reported(tmp_path: Path) -> None:
    folder = copy_bundled_bank(tmp_path)
    path = expectations_path(folder)
    edit(path, 'base = "healthy"\n', 'base = "nobody"\n')
    with pytest.raises(BankError) as raised:
        load_expectations(path)
    assert [p.message for p in raised.value.problems] == ["base: no answer set named 'nobody'"]
