"""A fuzz harness for hostile input (issue 16): answers files, session files and bank
edits full of markup, escape sequences, bidi overrides, NUL, deep nesting, huge
numbers and wrong types. Only the program's own errors may come out: on the command
line an exit code of 0, 1 or 2 with nothing raw printed; in the core an IntakeError;
in the app the list and the results open. Bounded: a few seconds on a busy machine.

Cases found here are kept as named regression tests in tests/test_hostile_input.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import shutil
import tomllib
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.cli.main import main
from intake_tui.core.answers_file import read_answers_file
from intake_tui.core.errors import IntakeError
from intake_tui.core.report.build import build_report
from intake_tui.core.report.toml_io import dumps_report, read_report
from intake_tui.core.store import save_report
from tests.app_support import make_app
from tests.strategies import examples
from tests.support import (
    FIXTURE_BANK,
    TODAY,
    cli_reuses_the_fixture_bank,
    fixture_answers,
    short_front_desk_report,
)
from tests.support import fixture_bundle as fixture

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
RAW_TERMINAL_BYTES = ("\x1b", "\x07", "\x9b", "\u202e")
FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- strategies ------------------------------------------------------------------------

PAYLOADS = [
    "\x1b]0;PWNED\x07",
    "\x1b[31m",
    "\x1b[2J",
    "\x9b31m",
    "\u202eevil",
    "\u2066x\u2069",
    "\x00",
    "[bold red]X[/",
    "[link=http://evil.example]x[/link]",
    "[@click=app.quit]x",
    "[x](http://evil.example)",
    "<script>",
    "**b** _i_ # h",
    "../../../../etc/passwd",
    "x" * 300,
]
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(
        alphabet=st.sampled_from(["a", " ", "[", "]", "/", "=", "\x1b", "\x07", "\u202e", "\n"]),
        max_size=30,
    ),
    st.lists(st.sampled_from(PAYLOADS), min_size=1, max_size=3).map("".join),
)
hostile_scalar = st.one_of(
    hostile_text,
    st.sampled_from([10**30, -(10**30), 2**63 - 1, 10**9, -1, 0]),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31), date(2201, 1, 1)]),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
)
hostile_value = st.recursive(
    hostile_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(hostile_text, inner, max_size=3)
    ),
    max_leaves=6,
)


def deep(depth: int, kind: str) -> Any:
    """A value nested ``depth`` levels deep: lists or tables."""
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


nested = st.builds(deep, st.sampled_from([33, 100, 900]), st.sampled_from(["list", "table"]))
any_hostile = st.one_of(hostile_value, nested)


def toml_text(data: dict[str, Any]) -> str:
    """TOML for ``data``; very deep data is written by hand (tomli_w recurses)."""
    try:
        return tomli_w.dumps(data)
    except (RecursionError, TypeError, ValueError):
        return "[answers]\ndeep = " + "[" * 900 + "1" + "]" * 900 + "\n"


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fixture_bank_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example's subject is a hostile file, not the bank: parse the bank once."""
    cli_reuses_the_fixture_bank(monkeypatch)


_counter = itertools.count()


def fresh_folder(tmp_path: Path) -> Path:
    """A new folder under the test's own tmp_path for each example."""
    folder = tmp_path / f"case-{next(_counter)}"
    folder.mkdir()
    return folder


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    code = main(argv)
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert code in (0, 1, 2)
    assert "internal error" not in printed and "Traceback" not in printed
    assert not any(raw in printed for raw in RAW_TERMINAL_BYTES), repr(printed[:300])
    return code


def set_path(data: Any, path: list[Any], value: Any) -> None:
    """Put ``value`` at ``path``, if an earlier edit left the path there."""
    node = data
    for part in path:
        if not isinstance(node, dict | list) or isinstance(node, list) != isinstance(part, int):
            return
        if isinstance(node, list) and part >= len(node):
            return
        if part is path[-1]:
            node[part] = value
            return
        node = node[part]


def paths_in(data: Any, prefix: list[Any] | None = None) -> list[list[Any]]:
    """Every key path in nested tables and arrays: each is a place to put a hostile value."""
    prefix = prefix or []
    found: list[list[Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        found.append([*prefix, key])
        if isinstance(value, dict | list) and value:
            found += paths_in(value, [*prefix, key])
    return found


# --- answers files ---------------------------------------------------------------------


def answers_data() -> dict[str, Any]:
    return {"answers": dict(fixture_answers()), "context": {"mode": "self"}}


ANSWER_PATHS = paths_in(answers_data())


@FUZZ
@given(
    where=st.lists(st.sampled_from(ANSWER_PATHS), min_size=1, max_size=2),
    values=st.lists(any_hostile, min_size=2, max_size=2),
    extra_key=st.one_of(st.none(), hostile_text),
)
def test_fuzz_answers_files(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    where: list[list[Any]],
    values: list[Any],
    extra_key: str | None,
) -> None:
    data = answers_data()
    for path, value in zip(where, values, strict=False):
        set_path(data, path, value)
    if extra_key is not None and isinstance(data["answers"], dict):
        data["answers"][extra_key] = values[-1]
    path = fresh_folder(tmp_path) / "answers.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    with contextlib.suppress(IntakeError):  # and nothing else
        read_answers_file(path, fixture(), TODAY)
    cli(
        ["report", str(path), "--questions", str(FIXTURE_BANK), "--now", "2026-11-26T09:30"], capsys
    )


# --- session files ---------------------------------------------------------------------

SESSION_ID = "4e90000000000002"


def session_data() -> dict[str, Any]:
    """A completed fixture report's data, fresh to edit for each example."""
    return tomllib.loads(session_toml())


@cache
def session_toml() -> str:
    report = build_report(
        fixture(), fixture_answers(), status="completed", now=NOW, session_id=SESSION_ID
    )
    return dumps_report(report)


SESSION_PATHS = paths_in(session_data())


@FUZZ
@given(
    where=st.lists(st.sampled_from(SESSION_PATHS), min_size=1, max_size=3),
    values=st.lists(any_hostile, min_size=3, max_size=3),
)
def test_fuzz_session_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: list[list[Any]], values: list[Any]
) -> None:
    data = session_data()
    for path, value in zip(where, values, strict=False):
        set_path(data, path, value)
    folder = fresh_folder(tmp_path)
    path = folder / f"intake-{SESSION_ID}.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    with contextlib.suppress(IntakeError):  # and nothing else
        read_report(path)
    cli(["report", "--from-session", str(path), "--questions", str(FIXTURE_BANK)], capsys)
    cli(["rescore", str(folder), "--questions", str(FIXTURE_BANK)], capsys)


# --- raw TOML: values no TOML writer makes, in any line of a file ----------------------

RAW_LEXEMES = [
    "1" + "0" * 5000,
    "-" + "9" * 40,
    "inf",
    "-nan",
    "1e99999",
    "0000-01-01",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00-23:59",
    "[" * 500 + "]" * 500,
    "{ a = " * 200 + "1" + " }" * 200,
    '"\\u0000"',
    '"\\u001b]0;PWNED\\u0007"',
    "'[bold red]X[/'",
    '"' + "x" * 20_000 + '"',
]


def with_raw_value(text: str, line_number: int, lexeme: str) -> str:
    """``text`` with the value of one ``key = value`` line replaced by ``lexeme``."""
    lines = text.splitlines()
    assignments = [i for i, line in enumerate(lines) if " = " in line]
    index = assignments[line_number % len(assignments)]
    key = lines[index].split(" = ", 1)[0]
    lines[index] = f"{key} = {lexeme}"
    return "\n".join(lines) + "\n"


@FUZZ
@given(
    line_number=st.integers(min_value=0, max_value=500),
    lexeme=st.sampled_from(RAW_LEXEMES),
    session=st.booleans(),
)
def test_fuzz_raw_toml_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line_number: int, lexeme: str, session: bool
) -> None:
    folder = fresh_folder(tmp_path)
    if session:
        path = folder / f"intake-{SESSION_ID}.toml"
        path.write_text(with_raw_value(tomli_w.dumps(session_data()), line_number, lexeme))
        cli(["report", "--from-session", str(path), "--questions", str(FIXTURE_BANK)], capsys)
        cli(["rescore", str(folder), "--questions", str(FIXTURE_BANK)], capsys)
    else:
        path = folder / "answers.toml"
        path.write_text(with_raw_value(tomli_w.dumps(answers_data()), line_number, lexeme))
        cli(["report", str(path), "--questions", str(FIXTURE_BANK)], capsys)


# --- bank edits ------------------------------------------------------------------------

BANK_FILES = sorted(p.relative_to(FIXTURE_BANK) for p in FIXTURE_BANK.rglob("*.toml"))


def bank_paths(name: Path) -> list[list[Any]]:
    return paths_in(tomllib.loads((FIXTURE_BANK / name).read_text(encoding="utf-8")))


BANK_EDITS = [(name, path) for name in BANK_FILES for path in bank_paths(name)]


@FUZZ
@given(edit=st.sampled_from(BANK_EDITS), value=any_hostile)
def test_fuzz_bank_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: tuple[Path, list[Any]], value: Any
) -> None:
    name, where = edit
    bank = fresh_folder(tmp_path) / "bank"
    shutil.copytree(FIXTURE_BANK, bank)
    data = tomllib.loads((bank / name).read_text(encoding="utf-8"))
    set_path(data, where, value)
    (bank / name).write_text(toml_text(data), encoding="utf-8")
    cli(["validate", str(bank)], capsys)


# --- the app ---------------------------------------------------------------------------


def hostile_report(session_number: int, reference: str, note: str) -> Any:
    report = short_front_desk_report(session_number, reference)
    return report.model_copy(update={"staff_initials": note})


async def open_every_report(folder: Path, count: int) -> None:
    app = make_app(folder, mode="front_desk")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        for row in range(count):
            await pilot.press("down" if row == 0 else "escape", *(["down"] if row else []))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)


# Three different reports an example (the first, simplest example would otherwise be
# three copies of one payload); short reports, as each one opened builds a results screen.
@settings(FUZZ, max_examples=examples(2))
@given(
    references=st.lists(hostile_text, min_size=3, max_size=3, unique=True),
    notes=st.lists(hostile_text, min_size=3, max_size=3, unique=True),
)
def test_fuzz_the_saved_reports_list_and_results(
    tmp_path: Path, references: list[str], notes: list[str]
) -> None:
    folder = fresh_folder(tmp_path)
    for number, (reference, note) in enumerate(zip(references, notes, strict=True), start=1):
        save_report(folder, hostile_report(number, reference, note))
    (folder / "intake-[@click=app.quit]x[link=y.toml").write_text(references[0][:50])
    asyncio.run(open_every_report(folder, len(references)))
