"""The headless command line: outputs, and one clear line for every bad input.

Answers files are read against the fixture bank, whose wording belongs to the tests.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intake_tui.cli.main import _parser, main
from tests.support import FIXTURE_BANK, TODAY, bundled, fixture_answers

SAMPLE = Path(__file__).resolve().parents[1] / "sample_sessions" / "01-go-ahead.answers.toml"


def intake(*args: str) -> int:
    """The command line on the fixture bank. Reports are made as of TODAY: the fixture's
    start date must not be in the past, whatever day the tests run."""
    as_of = (
        ["--today", TODAY.isoformat()] if args[:1] == ("report",) and "--today" not in args else []
    )
    return main(["--questions", str(FIXTURE_BANK), *args, *as_of])


def write_answers(tmp_path: Path, body: str, name: str = "answers.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def baseline_toml(**overrides: str) -> str:
    lines = ["[answers]"]
    answers = fixture_answers()
    for key, value in answers.items():
        if key in overrides:
            continue
        lines.append(f"{key} = {_toml(value)}")
    lines += [f"{key} = {value}" for key, value in overrides.items() if value != "<drop>"]
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return str(value)


def test_report_to_stdout_is_the_saved_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fixed = ["--now", "2026-11-26T09:00:00+00:00", "--session-id", "0123456789abcdef"]
    assert main(["report", str(SAMPLE), *fixed]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / "out.toml"
    assert main(["report", str(SAMPLE), "-o", str(out), *fixed]) == 0
    assert out.read_text(encoding="utf-8") == printed
    report = tomllib.loads(printed)
    assert report["status"] == "completed"
    assert report["recommendation"]["gate"]["decision"] == "go_ahead"
    assert out.stat().st_mode & 0o777 == 0o600


def test_start_date_defaults_to_today(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_answers(tmp_path, baseline_toml(start_date="<drop>"))
    assert intake("report", str(path), "--today", "2026-11-26") == 0
    report = tomllib.loads(capsys.readouterr().out)
    assert str(report["answers"]["start_date"]) == "2026-11-26"
    assert str(report["recommendation"]["timeline"]["sessions"][0]["earliest"]) == "2026-11-26"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (baseline_toml(favourite_colour='"blue"'), "unknown question id 'favourite_colour'"),
        (baseline_toml(age='"thirty"'), "question 'age': expected a whole number"),
        (baseline_toml(age="150"), "question 'age': Fixture: an age between 0 and 120."),
        (baseline_toml(setting='"moon"'), "question 'setting': 'moon' is not one of the options"),
        (
            baseline_toml(concerns='["fine_lines", "sunburn"]'),
            "question 'concerns': 'sunburn' is not one",
        ),
        (baseline_toml(skin_conditions='["none", "eczema"]'), "cannot be combined"),
        (baseline_toml(start_date='"next tuesday"'), "question 'start_date': expected a date"),
        (baseline_toml(smoking="<drop>"), "question 'smoking' is required"),
        (
            baseline_toml(smoking_amount='"over_10"'),
            "question 'smoking_amount' is not asked with these answers",
        ),
        (baseline_toml(welcome_note='"hi"'), "'welcome_note' is a note and takes no answer"),
        ("[answers\nage = 3", "is not valid TOML"),
        ("", "no [answers] table"),
        ("age = 34\n", "unknown table 'age'"),
        ('[context]\nmode = "robot"\n[answers]\nage = 30\n', "mode must be 'self' or 'front-desk'"),
    ],
    ids=[
        "unknown-id",
        "wrong-type",
        "out-of-range",
        "not-an-option",
        "option-in-list",
        "exclusive-combined",
        "bad-date",
        "missing-required",
        "disabled-question",
        "note",
        "malformed",
        "empty",
        "no-answers-table",
        "bad-mode",
    ],
)
def test_bad_answers_give_one_line_naming_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, expected: str
) -> None:
    path = write_answers(tmp_path, body)
    assert intake("report", str(path)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert str(path) in lines[0] and expected in lines[0]
    assert "Traceback" not in captured.err


def test_binary_and_missing_files_are_refused_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\x00\xff\xfe\x89PNG")
    assert main(["report", str(binary)]) == 1
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing.toml")]) == 1
    assert "file not found" in capsys.readouterr().err


def test_a_failed_write_leaves_the_existing_output_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.toml"
    out.write_text("previous report\n", encoding="utf-8")
    bad = write_answers(tmp_path, baseline_toml(age='"x"'))
    assert intake("report", str(bad), "-o", str(out)) == 1
    assert out.read_text(encoding="utf-8") == "previous report\n"


def test_questions_lists_ids_types_options_and_conditions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert intake("questions") == 0
    out = capsys.readouterr().out
    assert "  age: integer required" in out
    assert "type_1 (Fixture type 1)" in out
    assert "(age greater than 17 and smoking equals 'current')" in out


def test_questions_lists_every_bundled_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions"]) == 0
    out = capsys.readouterr().out
    for question in bundled().bank.questions:
        assert f"  {question.id}: {question.type}" in out
        for option in question.options:
            assert f"{option.value} ({option.label})" in out


def test_template_fills_in_to_a_valid_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert intake("questions", "--template") == 0
    template = capsys.readouterr().out
    assert tomllib.loads(template) == {"context": {"mode": "self"}, "answers": {}}
    chosen = {k: _toml(v) for k, v in fixture_answers().items()}
    lines = []
    for line in template.splitlines():
        key = line.removeprefix("# ").split(" = ")[0]
        if line.startswith("# ") and line.endswith(" = ") and key in chosen:
            line = f"{key} = {chosen[key]}"
        lines.append(line)
    filled = write_answers(tmp_path, "\n".join(lines))
    assert intake("report", str(filled)) == 0, capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--no-such-option"])
    assert exit_info.value.code == 2


def test_report_needs_exactly_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 1
    assert "an answers file or --from-session" in capsys.readouterr().err


def test_no_arguments_leaves_every_app_option_at_its_default() -> None:
    """`intake` alone starts the app without argparse; that is the same start only
    while the parser leaves every app option at None."""
    args = _parser().parse_args([])
    assert (args.command, args.questions, args.data_dir, args.mode, args.idle_timeout) == (
        None,
    ) * 5


def test_the_app_refuses_a_missing_question_folder_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--questions", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("intake: cannot start: ") and "nowhere" in err[0]
