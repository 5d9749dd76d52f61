"""Hostile input (issue 16): every byte from a file is data, never a command, a crash or
a hang. One test (or one named case) per way in which something went wrong."""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.widgets import OptionList, Static

from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.cli.main import main
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.limits import MAX_DEPTH
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import dumps_report, read_report
from intake_tui.core.safe_text import printable, shown
from intake_tui.core.store import save_report
from intake_tui.core.tomlfile import read_toml
from tests.app_support import make_app
from tests.model_support import render_markdown
from tests.support import (
    FIXTURE_BANK,
    baseline_answers,
    bundled,
    copy_bank,
    fixture_answers,
    short_front_desk_report,
)
from tests.support import fixture_bundle as fixture
from tests.test_app_flows import results_text
from tests.waiting import wait_until

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
REPORT_ID = "4e90000000000002"
TITLE_AND_COLOUR = "\\u001b]0;PWNED\\u0007\\u001b[31m"  # as escaped in TOML text
RAW_TERMINAL_BYTES = ("\x1b", "\x07", "\x9b", "\u202e")
SIZE = (100, 40)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and everything printed; nothing raw may reach the terminal."""
    code = main(argv)
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert not any(raw in printed for raw in RAW_TERMINAL_BYTES), shown(printed, 200)
    assert "Traceback" not in printed and "internal error" not in printed
    return code, printed


def answers_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(body, encoding="utf-8")
    return path


def toml_answers(**changes: str) -> str:
    """The fixture adult as an answers file, some values replaced by TOML literals."""
    lines = ["[answers]"]
    for key, value in fixture_answers().items():
        literal = changes.pop(key, None)
        if literal is None:
            literal = f'"{value}"' if isinstance(value, str) else str(value).replace("'", '"')
            literal = value.isoformat() if hasattr(value, "isoformat") else literal
        lines.append(f"{key} = {literal}")
    lines += [f"{key} = {literal}" for key, literal in changes.items()]
    return "\n".join(lines) + "\n"


def report_cli(tmp_path: Path, body: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = answers_file(tmp_path, body)
    return run(
        ["report", str(path), "--questions", str(FIXTURE_BANK), "--now", "2026-11-26T09:30"], capsys
    )


# --- one way out: the terminal -------------------------------------------------------


def test_the_fixture_answers_file_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = report_cli(tmp_path, toml_answers(), capsys)
    assert code == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"setting": f'"{TITLE_AND_COLOUR}clinic"'},
        {"concerns": f'["{TITLE_AND_COLOUR}"]'},
        {f'"{TITLE_AND_COLOUR}"': '"x"'},
        {"setting": '"clinic\\u202eevil"'},
    ],
    ids=["in-a-value", "in-a-list", "in-an-id", "bidi-override"],
)
def test_escape_sequences_in_an_answers_file_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, str]
) -> None:
    code, _ = report_cli(tmp_path, toml_answers(**changes), capsys)
    assert code == 1  # and nothing raw printed (run checks)


def test_an_echoed_answer_is_a_short_excerpt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "diagnosed with " + "x" * 500
    code, printed = report_cli(tmp_path, toml_answers(setting=f'"{secret}"'), capsys)
    assert code == 1 and "diagnosed with" in printed and "x" * 60 not in printed


def test_rescore_prints_a_hand_edited_session_id_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    data = saved_data(folder)
    data["session_id"] = "\x1b]0;PWNED\x07"
    data["recommendation"]["gate"]["decision"] = "other"  # so that it is listed as changed
    del data["outputs_digest"]  # hand-edited outputs: compared in full, as an older report
    rewrite(folder, data)
    code, printed = run(["rescore", str(folder), "--questions", str(FIXTURE_BANK)], capsys)
    assert code == 0 and "\\x1b]0;PWNED\\x07" in printed


# --- one way in: internal errors become one sentence ------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"age": "1" + "0" * 30}, "too large"),
        ({"start_date": "9999-12-31"}, "outside the years"),
        ({"start_date": '"9999-12-31"'}, "outside the years"),
        ({"start_date": "0001-01-01"}, "outside the years"),
        ({"setting": '"cli\\u0000nic"'}, "NUL"),
        ({"setting": '"cli\\u0007nic"'}, "control characters"),
        ({"concerns": "[" * 1000 + "]" * 1000}, "nested"),
        ({"deep": "{a=" * 1000 + "1" + "}" * 1000}, "nested"),
        ({"concerns": "[" + ", ".join(['"x"'] * 10_001) + "]"}, "entries"),
        ({"age": "1" + "0" * 5000}, "cannot be read"),
        ({"extra": "inf"}, "not finite"),
    ],
    ids=[
        "age-10-to-the-30",
        "date-9999",
        "date-9999-as-text",
        "date-0001",
        "nul-in-a-string",
        "bell-in-a-string",
        "1000-nested-arrays",
        "1000-nested-tables",
        "10001-items",
        "5000-digit-number",
        "infinity",
    ],
)
def test_out_of_range_values_get_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, str], expected: str
) -> None:
    code, printed = report_cli(tmp_path, toml_answers(**changes), capsys)
    assert code == 1 and expected in printed and len(printed.splitlines()) == 1


def test_a_deep_dotted_key_is_refused_before_any_model(tmp_path: Path) -> None:
    path = answers_file(tmp_path, "[answers]\n" + ".".join(["a"] * (MAX_DEPTH + 5)) + " = 1\n")
    problem = read_toml(path)
    assert not isinstance(problem, dict) and "nested more than" in problem.message


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("linked", [False, True], ids=["direct", "symlink"])
def test_a_device_as_the_answers_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], device: str, linked: bool
) -> None:
    path = Path(device)
    if linked:
        path = tmp_path / "answers.toml"
        path.symlink_to(device)
    argv = ["report", str(path), "--questions", str(FIXTURE_BANK)]
    code, printed = run(argv, capsys)
    assert code == 1 and "a device, not a regular file" in printed


def test_a_fifo_as_the_answers_file_is_refused_without_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "answers.toml"
    os.mkfifo(fifo)
    code, printed = run(["report", str(fifo), "--questions", str(FIXTURE_BANK)], capsys)
    assert code == 1 and "a pipe (FIFO), not a regular file" in printed


def test_a_fifo_as_a_session_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "intake-0000000000000001.toml"
    os.mkfifo(fifo)
    with pytest.raises(Exception, match="a pipe") as raised:
        read_report(fifo)
    assert type(raised.value).__name__ == "SessionFileError"


def test_a_condition_nested_1000_deep_in_a_bank_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = copy_bank(tmp_path)
    deep = "{ all = [" * 1000 + '"adult"' + "] }" * 1000
    (bank / "conditions.toml").write_text(f"[conditions]\ndeep = {deep}\n", encoding="utf-8")
    code, printed = run(["validate", str(bank)], capsys)
    assert code == 1 and "nested" in printed


def saved_data(folder: Path) -> dict[str, Any]:
    save_report(folder, fixture_report())
    return tomllib.loads(next(folder.glob("intake-*.toml")).read_text())


def rewrite(folder: Path, data: dict[str, Any]) -> None:
    next(folder.glob("intake-*.toml")).write_text(tomli_w.dumps(data))


def fixture_report(**answers: AnswerValue) -> SessionReport:
    return build_report(
        fixture(),
        {**fixture_answers(), **answers},
        status="completed",
        now=NOW,
        session_id=REPORT_ID,
    )


def test_depths_written_as_a_number_is_an_unreadable_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    data = saved_data(folder)
    data["recommendation"]["depths"] = 3
    rewrite(folder, data)
    code, printed = run(["rescore", str(folder), "--questions", str(FIXTURE_BANK)], capsys)
    assert code == 0 and "unreadable" in printed


# --- accepted though wrong ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('today = "2026-11-26"', 'today = "9999-12-31"', "outside the years"),
        ('today = "2026-11-26"', 'today = "0001-01-01"', "outside the years"),
        ("created_at = 2026-11-26", "created_at = 0001-11-26", "outside the years"),
        ('today = "2026-11-26"', 'today = "not a day"', "expected a date"),
    ],
    ids=["today-far-future", "today-far-past", "created-at-year-1", "today-not-a-date"],
)
def test_session_file_dates_out_of_range_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    path = tmp_path / "session.toml"
    text = dumps_report(fixture_report())
    assert old in text
    path.write_text(text.replace(old, new))
    argv = ["report", "--from-session", str(path), "--questions", str(FIXTURE_BANK)]
    code, printed = run(argv, capsys)
    assert code == 1 and expected in printed


@pytest.mark.parametrize(
    "option",
    [["--now", "0001-01-01T00:00"], ["--now", "9999-12-31T23:59"], ["--today", "2999-01-01"]],
)
def test_a_clock_far_in_the_past_or_future_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    path = answers_file(tmp_path, toml_answers())
    code, printed = run(["report", str(path), "--questions", str(FIXTURE_BANK), *option], capsys)
    assert code == 1 and "outside the years" in printed


# --- paths inside their folder ----------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    ["../../../../etc/passwd", "/etc/passwd", "linked.toml"],
    ids=["dots", "absolute", "symlink"],
)
def test_a_section_outside_the_question_folder_is_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str
) -> None:
    bank = copy_bank(tmp_path)
    secret = tmp_path / "secret.toml"
    secret.write_text('[section]\nid = "s"\ntitle = "TOP SECRET LINE"\n')
    (bank / "linked.toml").symlink_to(secret)
    header = bank / "questionnaire.toml"
    text = header.read_text()
    header.write_text(text.replace("sections = [", f'sections = ["{entry}", ', 1))
    code, printed = run(["validate", str(bank)], capsys)
    assert code == 1 and "outside the question folder" in printed
    assert "root:" not in printed and "TOP SECRET" not in printed


# --- one way out: the app ----------------------------------------------------------------

HOSTILE_REFERENCES = [
    "[bold red]X[/",
    "[link=http://evil.example]click[/link]",
    "[x](http://evil.example)",
    "R-7\x1b[2J\u202e",
]


def seed_hostile(folder: Path, number: int, reference: str) -> None:
    save_report(folder, short_front_desk_report(number, reference))


async def test_hostile_references_show_as_text_in_the_list_and_the_results(
    tmp_path: Path,
) -> None:
    """Each hostile reference in a report of its own, all opened in one app (an app start
    per reference bought nothing but time)."""
    for number, reference in enumerate(HOSTILE_REFERENCES, start=1):
        seed_hostile(tmp_path, number, reference)
    app = make_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        listed = app.screen.query_one("#reports", OptionList)
        assert listed.option_count == len(HOSTILE_REFERENCES)
        seen: set[str] = set()  # each reference, as typed (escapes shown), in its results
        for row in range(len(HOSTILE_REFERENCES)):
            await pilot.press("down", "enter")  # the next row (from the filter: the first)
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen), f"row {row}"
            shown = " ".join(results_text(app).split())
            seen |= {ref for ref in HOSTILE_REFERENCES if printable(ref) in shown}
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ReportsScreen), f"row {row}"
            assert listed.highlighted == row
        assert seen == set(HOSTILE_REFERENCES)


def test_markdown_shows_a_reference_as_typed_never_as_a_link() -> None:
    from markdown_it import MarkdownIt

    report = build_report(
        bundled(),
        {**baseline_answers(), "client_reference": "[x](http://evil.example) a@b.example"},
        status="completed",
        now=NOW,
        session_id=REPORT_ID,
        mode="front_desk",
    )
    tokens = MarkdownIt("gfm-like").parse(render_markdown(report, bundled()))
    inline = [child for token in tokens for child in (token.children or [])]
    assert not any(child.type == "link_open" for child in inline)
    text = "".join(child.content for child in inline if child.type in ("text", "text_special"))
    assert "[x](http://evil.example) a@b.example" in text


def test_printable_and_shown() -> None:
    assert printable("a\x1b[31mb\u202ec") == "a\\x1b[31mb\\u202ec"
    assert shown("x" * 100, limit=10) == "x" * 9 + "…"
    assert shown("a\nb") == "a\\x0ab"


@pytest.mark.parametrize("screen_key", ["b", None], ids=["saved-reports", "welcome"])
async def test_an_unreadable_file_named_like_markup_is_listed_as_text(
    tmp_path: Path, screen_key: str | None
) -> None:
    seed_hostile(tmp_path, 1, "R-7")
    (tmp_path / "intake-[@click=app.quit]X[link=x.toml").write_text("not = [valid")
    app = make_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        if screen_key:
            await pilot.press(screen_key)
        status = "#reports-status" if screen_key else "#unreadable"

        def named() -> bool:  # the files are read in a thread (issue 18)
            return "[@click=app.quit]X[link=x" in str(app.screen.query_one(status, Static).render())

        await wait_until(pilot, named, "the unreadable file named as text")


# --- found by the fuzz harness (tests/test_fuzz_hostile.py) ------------------------------


@pytest.mark.parametrize(
    ("file_name", "old", "new"),
    [
        (
            "protocol/aftercare.toml",
            'question = "smoking"',
            'question = "\\u001b]0;PWNED\\u0007"',
        ),
        (
            "questionnaire.toml",
            'id = "fixture-intake"',
            'id = "fixture-intake"\n"\\u001b[2J" = 1',
        ),
    ],
    ids=["escape-in-a-condition-question", "escape-in-an-unknown-key"],
)
def test_bank_values_quoted_in_problems_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file_name: str, old: str, new: str
) -> None:
    bank = copy_bank(tmp_path)
    path = bank / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, printed = run(["validate", str(bank)], capsys)
    assert code == 1 and "\\x1b" in printed


@pytest.mark.parametrize("template", [[], ["--template"]], ids=["listing", "template"])
def test_bank_text_printed_by_questions_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: list[str]
) -> None:
    bank = copy_bank(tmp_path)
    header = bank / "questionnaire.toml"
    text = header.read_text(encoding="utf-8")
    header.write_text(text.replace('title = "', 'title = "\\u001b]0;PWNED\\u0007', 1))
    code, printed = run(["questions", "--questions", str(bank), *template], capsys)
    assert code == 0 and "\\x1b]0;PWNED\\x07" in printed
