"""Plain mode in-process (StringIO in, StringIO out): whole intakes on the fixture bank
and on the bundled bank with every sample session's answers, giving the report
`intake report` gives; a bad answer, back, review and change, help, quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_tui.core.answers import problem_with
from intake_tui.core.answers_file import read_answers_file
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.document import text
from intake_tui.core.document.build import build_document
from intake_tui.core.resources import bundled_questions_dir
from intake_tui.plain import words
from tests.plain_support import (
    PLAIN_NOW,
    cli_report,
    lines_for,
    only_report,
    run_lines,
    same_results,
    write_answers,
)
from tests.support import FIXTURE_BANK, bundled, fixture_answers, fixture_bundle

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_sessions").glob("*.answers.toml"))


def in_bank_order(bundle: Bundle, answers: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
    def ordered(question_id: str, value: AnswerValue) -> AnswerValue:
        if not isinstance(value, list):
            return value
        return [v for v in bundle.bank.by_id[question_id].option_values if v in value]

    return {question_id: ordered(question_id, value) for question_id, value in answers.items()}


def fixture_lines() -> list[str]:
    return lines_for(fixture_bundle(), fixture_answers(), "self")


def test_a_whole_fixture_intake_gives_the_report_intake_report_gives(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run = run_lines(fixture_lines(), data, questions=FIXTURE_BANK)
    assert run.status == 0
    saved = only_report(data)
    assert saved.status == "completed"
    answers_file = write_answers(tmp_path / "a.toml", fixture_answers(), "self")
    same_results(saved, cli_report(answers_file, tmp_path / "r.toml", questions=FIXTURE_BANK))
    # The results are the client's document as plain text, then where it was saved.
    client_copy = text.render(build_document(saved, fixture_bundle(), "client"), None)
    assert client_copy in run.output
    assert run.output.rstrip().endswith(f"Saved to {data / f'intake-{saved.session_id}.toml'}")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_sample_session_gives_the_same_report_as_intake_report(
    sample: Path, tmp_path: Path
) -> None:
    bundle: Bundle = bundled()
    given = read_answers_file(sample, bundle, PLAIN_NOW.date())
    run = run_lines(
        lines_for(bundle, given.answers, given.mode),
        tmp_path / "data",
        questions=None,
        mode=given.mode,
    )
    assert run.status == 0, run.output[-400:]
    saved = only_report(tmp_path / "data")
    assert saved.mode == given.mode and saved.status == "completed"
    # Ticked options are recorded in the bank's order, by the app as here; the sample
    # file lists some in another order, so `intake report` gets them in the bank's.
    as_ticked = write_answers(tmp_path / "a.toml", in_bank_order(bundle, given.answers), given.mode)
    same_results(saved, cli_report(as_ticked, tmp_path / "r.toml", questions=None))
    assert "\x1b" not in run.output


def test_a_bad_answer_shows_the_apps_message_then_a_good_one_is_taken(tmp_path: Path) -> None:
    lines = fixture_lines()
    age_at = 1  # after the welcome note
    lines[age_at:age_at] = ["200", "thirty"]
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    age = fixture_bundle().bank.by_id["age"]
    out_of_range = problem_with(age, 200)
    assert out_of_range is not None and out_of_range in run.output
    assert "Please enter a whole number, like 34." in run.output  # the core's typed-input check
    assert only_report(tmp_path).answers["age"] == 35


def test_enter_on_an_unanswered_choice_says_what_to_type_here(tmp_path: Path) -> None:
    lines = fixture_lines()
    lines[2:2] = [""]  # Enter alone at the skin type
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    assert "Choose an answer first: type a number from 1 to 7." in run.output
    assert "↑↓" not in run.output and "press 1-7" not in run.output  # the app's keys
    assert run.status == 0 and only_report(tmp_path).status == "completed"


def test_b_goes_back_with_the_earlier_answer_kept(tmp_path: Path) -> None:
    lines = fixture_lines()
    # age, skin type, then back twice (to the age), Enter keeps 35, Enter keeps type 3
    lines[3:3] = ["b", "b", "", ""]
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    assert words.CURRENT_ANSWER.format(answer="35") in run.output
    assert run.status == 0
    assert only_report(tmp_path).answers["skin_tone_self"] == "type_3"


def test_b_at_the_first_question_says_there_is_nothing_before(tmp_path: Path) -> None:
    run = run_lines(["b"], tmp_path, questions=FIXTURE_BANK)
    assert words.FIRST_QUESTION in run.output


def test_r_reviews_and_a_number_changes_that_answer(tmp_path: Path) -> None:
    lines = fixture_lines()
    # after age and skin type: review, change answer 1 (age) to 40; back at the review,
    # Enter goes on from the changed question (as the app's Esc does): Enter keeps 40,
    # Enter keeps the skin type
    lines[3:3] = ["r", "1", "40", "", "", ""]
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    assert words.REVIEW_TITLE in run.output
    age_prompt = fixture_bundle().bank.by_id["age"].prompt
    assert f"1. {age_prompt} Answer: 35." in run.output
    assert f"1. {age_prompt} Answer: 40." in run.output
    report = only_report(tmp_path)
    assert report.status == "completed" and report.answers["age"] == 40


def test_question_mark_explains_why_and_the_keys(tmp_path: Path) -> None:
    run = run_lines(["", "?"], tmp_path, questions=FIXTURE_BANK)
    age = fixture_bundle().bank.by_id["age"]
    assert run.output.count(f"Why we ask: {age.why}") == 2  # with the question, and on ?
    assert words.KEYS_HELP in run.output


def test_options_the_expected_input_and_a_label_or_value_answer(tmp_path: Path) -> None:
    bank = fixture_bundle().bank
    skin = bank.by_id["skin_tone_self"]
    concerns = bank.by_id["concerns"]
    lines = fixture_lines()
    lines[2] = skin.options[2].label.upper()  # the label, in any case
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    assert f"1. {skin.options[0].label}" in run.output
    assert words.TYPE_A_NUMBER.format(last=len(skin.options)) in run.output
    assert words.TYPE_NUMBERS.format(last=len(concerns.options)) in run.output
    assert words.TYPE_NUMBER_RANGE.format(low=0, high=120) in run.output
    assert only_report(tmp_path).answers["skin_tone_self"] == skin.options[2].value


def test_several_choices_as_1_3_or_1_space_3(tmp_path: Path) -> None:
    bank = fixture_bundle().bank
    answers = {
        **fixture_answers(),
        "concerns": ["fine_lines", "acne_scars"],
        "scar_look": "flat_marks",
    }
    lines = lines_for(fixture_bundle(), answers, "self")
    concerns = bank.by_id["concerns"]
    numbers = [str(concerns.option_values.index(v) + 1) for v in ("acne_scars", "fine_lines")]
    typed_at = lines.index(",".join(sorted(numbers, key=int)))
    lines[typed_at] = " ".join(reversed(numbers))  # "3 1": any order, spaces
    run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    ordered = [v for v in concerns.option_values if v in answers["concerns"]]
    assert only_report(tmp_path).answers["concerns"] == ordered


def test_q_saves_and_quits_keeping_the_draft(tmp_path: Path) -> None:
    run = run_lines(["", "35", "q"], tmp_path, questions=FIXTURE_BANK)
    assert run.status == 0
    assert run.output.rstrip().endswith(words.QUIT_SAVED)
    draft = only_report(tmp_path)
    assert draft.status == "in_progress" and draft.answers == {"age": 35}


def test_end_of_input_mid_intake_keeps_the_draft(tmp_path: Path) -> None:
    run = run_lines(["", "35", "3"], tmp_path, questions=FIXTURE_BANK)
    assert run.status == 0
    assert run.output.rstrip().endswith(words.END_OF_INPUT)
    draft = only_report(tmp_path)
    assert draft.status == "in_progress"
    assert draft.answers == {"age": 35, "skin_tone_self": "type_3"}
    assert draft.current_question == "fitz_quiz_offer"


def test_end_of_input_before_any_answer_saves_nothing(tmp_path: Path) -> None:
    run = run_lines([""], tmp_path, questions=FIXTURE_BANK)
    assert run.output.rstrip().endswith(words.END_OF_INPUT_NOTHING)
    assert not list(tmp_path.glob("intake-*.toml"))


def test_front_desk_asks_initials_and_records_them(tmp_path: Path) -> None:
    answers = {**fixture_answers(), "client_reference": "K-1"}
    lines = lines_for(fixture_bundle(), answers, "front_desk")
    lines[0:0] = ["J5"]  # not initials: asked again
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK, mode="front_desk")
    assert words.INITIALS_AGAIN in run.output
    report = only_report(tmp_path)
    assert report.staff_initials == "AB" and report.mode == "front_desk"
    assert report.answers["client_reference"] == "K-1"


def test_the_bundled_bank_runs_by_default(tmp_path: Path) -> None:
    run = run_lines([], tmp_path, questions=None)
    assert bundled().bank.title in run.output
    assert str(bundled_questions_dir())  # the folder the default run loads
