"""Plain mode prints text from the bank, answers and files as text: markup-like
brackets as typed, escape sequences and bidi overrides escaped, never an ESC byte."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from intake_tui.core.answers import problem_with
from intake_tui.core.bundle import load_bundle
from intake_tui.plain import words
from intake_tui.plain.text import Console
from tests.plain_support import lines_for, only_report, run_lines
from tests.support import FIXTURE_BANK, copy_bank, edit, fixture_answers, fixture_bundle

ESC = "\x1b"
HOSTILE = "[/x][bold]Fixture\\u001b[31m red\\u202e"  # as written in a TOML string


def hostile_bank(tmp_path: Path) -> Path:
    questions = copy_bank(tmp_path)
    about = questions / "sections" / "01-about-you.toml"
    edit(about, 'title = "Fixture: about you"', f'title = "{HOSTILE} title"')
    edit(about, 'prompt = "Fixture age?"', f'prompt = "{HOSTILE} age?"')
    health = questions / "sections" / "02-health.toml"
    edit(health, 'label = "Fixture type 1"', f'label = "{HOSTILE} type 1"')
    return questions


def test_bank_text_with_markup_and_escapes_prints_safely(tmp_path: Path) -> None:
    questions = hostile_bank(tmp_path)
    bundle = load_bundle(questions)
    run = run_lines(
        lines_for(bundle, fixture_answers(), "self"), tmp_path / "data", questions=questions
    )
    assert run.status == 0
    assert ESC not in run.output and "\u202e" not in run.output
    assert "[/x][bold]Fixture\\x1b[31m red\\u202e age?" in run.output
    assert "[/x][bold]Fixture\\x1b[31m red\\u202e title" in run.output
    assert "1. [/x][bold]Fixture\\x1b[31m red\\u202e type 1" in run.output


def test_a_typed_answer_with_an_escape_is_refused_and_shown_escaped(tmp_path: Path) -> None:
    answers = {**fixture_answers(), "client_reference": "[/x] K-1"}
    lines = lines_for(fixture_bundle(), answers, "front_desk")
    reference_at = lines.index("[/x] K-1")
    lines[reference_at:reference_at] = [f"K{ESC}]0;owned{ESC}\\"]
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK, mode="front_desk")
    reference = fixture_bundle().bank.by_id["client_reference"]
    refused = problem_with(reference, f"K{ESC}]0;owned{ESC}\\")
    assert refused is not None and refused in run.output
    assert ESC not in run.output
    assert only_report(tmp_path).answers["client_reference"] == "[/x] K-1"
    assert "Answer: [/x] K-1." in run.output  # the review shows it as typed


def test_a_problem_quoting_an_answer_shows_a_short_escaped_excerpt(tmp_path: Path) -> None:
    lines = lines_for(fixture_bundle(), fixture_answers(), "self")
    lines[2:2] = [f"{ESC}[2J" + "x" * 200]  # not an option of the skin type
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    assert ESC not in run.output
    assert "'\\x1b[2J" in run.output and "x" * 100 not in run.output
    assert words.TYPE_A_NUMBER.format(last=7) in run.output


@pytest.mark.parametrize(
    ("width", "line", "printed"),
    [
        # A pipe (no width): one line, as a screen reader wants it.
        (None, "word " * 30, ["word " * 30]),
        # A terminal: broken between words, never inside one.
        (30, "Why we ask: skin renews more slowly", ["Why we ask: skin renews more", "            slowly"]),
        (20, "12. Olive or light brown; rarely", ["12. Olive or light", "    brown; rarely"]),
        (12, "a verylongwordindeed b", ["a", "verylongwordindeed", "b"]),
    ],
)  # fmt: skip
def test_on_a_terminal_long_lines_break_between_words(
    width: int | None, line: str, printed: list[str]
) -> None:
    out = io.StringIO()
    Console(io.StringIO(), out, pad_after_input=False, width=width).say(line)
    assert out.getvalue().splitlines() == printed
