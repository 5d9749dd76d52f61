"""Headless commands say everything once: validate lists every problem of every file,
each once and root causes first; report names every missing answer and says when a
session is a draft; options are accepted before or after the command name."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.report.build import build_report
from intake_tui.core.store import save_report, session_file_name
from tests.support import FIXTURE_BANK, copy_bank, edit, fixture_answers, fixture_bundle
from tests.test_cli import baseline_toml

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
LOCATED = re.compile(r"^(?P<file>\S+\.toml):(?P<line>\d+): error: ")


def validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    status = main(["validate", str(root)])
    captured = capsys.readouterr()
    return status, captured.err.splitlines(), captured.out


def error_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line]


def test_validate_lists_the_schema_problems_of_every_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bank(tmp_path)
    edit(root / "questionnaire.toml", 'version = "0.1.0"', 'version = "0.1.0"\nedition = 2')
    health = root / "sections" / "02-health.toml"
    edit(health, 'title = "Fixture: skin and health"', 'titel = "Fixture: skin and health"')
    goals = root / "sections" / "03-goals.toml"
    edit(goals, 'id = "prp_interest"\ntype = "yes_no"', 'id = "prp_interest"\ntype = "yes_or_no"')
    edit(
        root / "protocol" / "rules.toml",
        'id = "gate.minor"\naction = "block"',
        'id = "gate.minor"\naction = "stop"',
    )
    edit(root / "settings.toml", 'currency = "USD"', "currency = 840")
    status, err, _ = validate(root, capsys)
    errors = error_lines(err)
    assert status == 1
    expected = [  # (file, what) in the order the files are read
        ("questionnaire.toml", "edition"),
        ("02-health.toml", "title: Field required"),
        ("02-health.toml", "titel"),
        ("03-goals.toml", "question 'prp_interest': type"),
        ("rules.toml", "action"),
        ("settings.toml", "currency"),
    ]
    assert len(errors) == len(expected), "\n".join(err)
    for line, (file_name, what) in zip(errors, expected, strict=True):
        located = LOCATED.match(line)
        assert located is not None, f"no file and line: {line}"
        assert located["file"].endswith(file_name) and what in line, line
    assert err[-1] == f"{len(errors)} error(s), 0 warning(s)"


def test_each_problem_line_names_the_line_of_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bank(tmp_path)
    edit(root / "settings.toml", 'currency = "USD"', "currency = 840")
    _, err, _ = validate(root, capsys)
    (line,) = error_lines(err)
    settings_lines = (root / "settings.toml").read_text().splitlines()
    number = int(line.split(":")[1])
    assert settings_lines[number - 1].startswith("currency")


def test_a_duplicated_id_is_one_root_cause_and_nothing_is_printed_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bank(tmp_path)
    # 'setting' renamed to the id of the question before it: the tiers of depth.toml
    # all name 'treatment_areas', which is now also a single-choice question.
    edit(root / "sections" / "03-goals.toml", 'id = "setting"', 'id = "treatment_areas"')
    status, err, out = validate(root, capsys)
    assert status == 1
    printed = err + out.splitlines()
    assert len(printed) == len(set(printed)), "a problem printed more than once"
    errors = error_lines(err)
    assert "duplicate id" in errors[0] and "'treatment_areas'" in errors[0]
    others = errors[1:]
    assert others, "the dangling references to 'setting' are still listed"
    assert all("'setting'" in line and "treatment_areas" not in line for line in others)
    assert any(
        line.startswith("note: ") and "'treatment_areas'" in line and "not listed" in line
        for line in err
    )


def test_report_names_every_missing_answer_with_its_prompt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dropped = ["skin_tone_self", "smoking", "sunscreen", "concerns"]
    path = tmp_path / "answers.toml"
    path.write_text(baseline_toml(**dict.fromkeys(dropped, "<drop>")), encoding="utf-8")
    assert main(["--questions", str(FIXTURE_BANK), "report", str(path)]) == 1
    err = capsys.readouterr().err
    assert "more)" not in err
    bank = fixture_bundle().bank
    for question_id in dropped:
        prompt = bank.by_id[question_id].prompt
        (line,) = [line for line in err.splitlines() if f"'{question_id}'" in line]
        assert prompt in line
    assert f"{len(dropped)} required answer(s) missing" in err


def draft_file(tmp_path: Path, answers: dict[str, object]) -> Path:
    draft = build_report(
        fixture_bundle(),
        answers,  # type: ignore[arg-type]
        status="in_progress",
        now=NOW,
        session_id="d1a0000000000001",
    )
    save_report(tmp_path, draft)
    return tmp_path / session_file_name(draft.session_id)


def test_report_from_a_draft_says_it_is_unfinished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = draft_file(tmp_path, {"age": 35, "skin_tone_self": "type_3"})
    assert main(["report", "--questions", str(FIXTURE_BANK), "--from-session", str(path)]) == 1
    err = capsys.readouterr().err
    assert "this intake is unfinished" in err
    assert "smoking" in err and "more)" not in err


def test_a_draft_with_every_answer_is_still_called_unfinished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = draft_file(tmp_path, dict(fixture_answers()))
    assert main(["report", "--from-session", str(path), "--questions", str(FIXTURE_BANK)]) == 0
    assert "this intake is unfinished" in capsys.readouterr().err


def test_options_are_accepted_after_the_command_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft_file(tmp_path, {"age": 35})
    assert main(["rescore", "--questions", str(FIXTURE_BANK), str(tmp_path)]) == 0
    after = capsys.readouterr().out
    assert main(["--questions", str(FIXTURE_BANK), "rescore", str(tmp_path)]) == 0
    assert capsys.readouterr().out == after
    assert "1 draft(s) skipped" in after


def test_an_option_given_before_the_command_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    """Sub-commands must not reset it to their default (argparse.SUPPRESS)."""
    assert main(["--questions", str(FIXTURE_BANK), "questions"]) == 0
    listing = capsys.readouterr().out
    assert main(["questions", "--questions", str(FIXTURE_BANK)]) == 0
    assert capsys.readouterr().out == listing
    assert listing.startswith(fixture_bundle().bank.title)
