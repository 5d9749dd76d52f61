"""Client records (issue 14, point 1): found by any identifier, normalised, created with
a random id, holding identifiers and session ids but never answers; a saved session
names its client; the front desk finds, creates and starts an intake for a client;
self-assessment never sees them; and an erasure request removes a client and nothing
else. Mechanics run on the fixture bank."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from intake_tui.app.app import IntakeApp
from intake_tui.app.dialogs.new_client import NewClientDialog
from intake_tui.app.screens.clients import ClientScreen, ClientsScreen
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.cli.main import main
from intake_tui.core.audit import audit_path
from intake_tui.core.bundle import load_bundle
from intake_tui.core.clients import ClientBook, ClientError, client_path, read_client
from intake_tui.core.erasure import erase, erasure_plan
from intake_tui.core.errors import BankError, IntakeError
from intake_tui.core.identifiers import identifiers_problem, normalised, value_problem
from intake_tui.core.index import index_path
from intake_tui.core.report.toml_io import dumps_report, read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import SessionStore
from tests.support import FIXTURE_BANK, copy_bank, edit, fixture_answers, fixture_bundle
from tests.test_front_desk import SIZE, desk_app, option_texts, type_initials
from tests.waiting import wait_until

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
NAMES = ("reference", "date_of_birth")


def audit_lines(folder: Path) -> list[dict[str, Any]]:
    path = audit_path(folder)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def book_with(folder: Path, *references: str) -> tuple[ClientBook, list[str]]:
    book = ClientBook(folder)
    ids = [book.create({"reference": r}, names=NAMES, at=NOW).client_id for r in references]
    return book, ids


# --- normalising and finding ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "compared"),
    [
        ("K. Mensah", "k mensah"),
        ("k mensah", "k mensah"),
        ("  K  MENSAH ", "k mensah"),
        ("#1042", "1042"),
        ("1042", "1042"),
        ("O'Brien-Smith", "o brien smith"),
        ("\uff2b\uff2d", "km"),  # full-width K M, as some keyboards type them
        ("", ""),
    ],
)
def test_identifiers_are_compared_without_case_spaces_or_punctuation(
    typed: str, compared: str
) -> None:
    assert normalised(typed) == compared


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("k mensah", ["K. Mensah"]),
        ("K.MENSAH", ["K. Mensah"]),
        ("1042", ["#1042"]),
        ("#1042", ["#1042"]),
        ("mensah", ["K. Mensah", "Ama Mensah"]),  # a list to choose from, never one picked
        ("nobody", []),
    ],
)
def test_find_matches_any_identifier_normalised(
    tmp_path: Path, query: str, found: list[str]
) -> None:
    book, _ = book_with(tmp_path, "K. Mensah", "#1042", "Ama Mensah")
    assert sorted(c.identifiers["reference"] for c in book.listing().find(query)) == sorted(found)


def test_an_exact_match_comes_first(tmp_path: Path) -> None:
    book, _ = book_with(tmp_path, "Mensah Family", "Mensah")
    assert book.listing().find("mensah")[0].identifiers["reference"] == "Mensah"


def test_the_date_of_birth_is_an_identifier_too(tmp_path: Path) -> None:
    book = ClientBook(tmp_path)
    book.create({"reference": "A", "date_of_birth": "1984-03-07"}, names=NAMES, at=NOW)
    assert [c.identifiers["reference"] for c in book.listing().find("1984-03-07")] == ["A"]


# --- creating ------------------------------------------------------------------------------


def test_a_new_client_has_a_random_id_a_private_file_and_an_audit_line(tmp_path: Path) -> None:
    _, (first, second) = book_with(tmp_path, "K. Mensah", "K. Mensah")
    assert first != second and len(first) == 16  # the same name twice: two people
    path = client_path(tmp_path, first)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "K. Mensah" in text and "answers" not in text.replace("never answers", "")
    created = audit_lines(tmp_path)[0]
    assert (created["action"], created["client_id"], created["session_id"]) == (
        "client_created",
        first,
        "",
    )
    assert "K. Mensah" not in audit_path(tmp_path).read_text(encoding="utf-8")


def test_only_the_identifiers_the_settings_choose_are_kept(tmp_path: Path) -> None:
    book = ClientBook(tmp_path)
    client = book.create({"reference": "R1", "name": "Kept Out"}, names=NAMES, at=NOW)
    assert dict(read_client(client_path(tmp_path, client.client_id)).identifiers) == {
        "reference": "R1"
    }


@pytest.mark.parametrize(
    ("name", "value", "refused"),
    [
        ("reference", "K. Mensah", False),
        ("reference", "[/x] [b]bold[/b]", False),  # markup is text: shown as typed
        ("reference", "\x1b]0;owned\x07", True),
        ("reference", "a\u202eb", True),
        ("reference", "x" * 81, True),
        ("initials", "KM", False),
        ("initials", "K1", True),
        ("birth_year", "1984", False),
        ("birth_year", "84", True),
        ("birth_year", "2099", True),
        ("date_of_birth", "1984-03-07", False),
        ("date_of_birth", "07/03/1984", True),
        ("date_of_birth", "2099-01-01", True),
        ("date_of_birth", "", False),  # not known yet
    ],
)
def test_identifier_values_are_checked(name: str, value: str, refused: bool) -> None:
    problem = value_problem(name, value, today=date(2026, 11, 26))
    assert (problem is not None) == refused
    if problem and len(value) > 4:
        assert value not in problem  # the reason, never the value


def test_a_client_needs_an_identifier(tmp_path: Path) -> None:
    with pytest.raises(ClientError, match="at least one identifier"):
        ClientBook(tmp_path).create({"reference": "  "}, names=NAMES, at=NOW)
    assert not (tmp_path / "clients").exists() or not any((tmp_path / "clients").iterdir())


@pytest.mark.parametrize(
    ("names", "problem"),
    [
        (("reference", "date_of_birth"), None),
        (("initials", "birth_year"), None),
        ((), "at least one"),
        (("reference", "reference"), "twice"),
        (("shoe_size",), "unknown identifier"),
    ],
)
def test_the_settings_identifier_list_is_checked(
    names: tuple[str, ...], problem: str | None
) -> None:
    found = identifiers_problem(names)
    assert found is None if problem is None else problem in (found or "")


def test_settings_choose_the_identifiers_and_a_bad_choice_fails_the_load(tmp_path: Path) -> None:
    assert fixture_bundle().settings.client_identifiers == NAMES  # the default
    bank = copy_bank(tmp_path)
    settings = bank / "settings.toml"
    edit(settings, 'mode_switch = "with_initials"', 'mode_switch = "with_initials"\n'
         'client_identifiers = ["initials", "birth_year"]')  # fmt: skip
    assert load_bundle(bank).settings.client_identifiers == ("initials", "birth_year")
    edit(settings, '["initials", "birth_year"]', '["initials", "shoe_size"]')
    with pytest.raises(BankError, match="shoe_size"):
        load_bundle(bank)


# --- hostile client files ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "not toml [",
        'client_id = "0000000000000000"\nidentifiers = {}\n',  # no times, id not its name
        "\x00\x01binary",
    ],
)
def test_a_bad_client_file_is_skipped_with_one_sentence(tmp_path: Path, body: str) -> None:
    book, (good,) = book_with(tmp_path, "K. Mensah")
    bad = tmp_path / "clients" / "abcdefabcdefabcd.toml"
    bad.write_text(body, encoding="utf-8")
    listing = book.listing()
    assert [c.client_id for c in listing.clients] == [good]
    (reason,) = listing.unreadable
    assert str(bad) in reason and "\n" not in reason and "Traceback" not in reason


def test_an_escape_written_into_a_client_file_by_hand_is_refused(tmp_path: Path) -> None:
    book, (client_id,) = book_with(tmp_path, "K. Mensah")
    path = client_path(tmp_path, client_id)
    path.write_text(path.read_text().replace("K. Mensah", "\\u001b]0;owned\\u0007"))
    with pytest.raises(ClientError) as caught:
        book.get(client_id)
    assert "\x1b" not in str(caught.value)


def test_a_client_id_must_be_16_hex(tmp_path: Path) -> None:
    with pytest.raises(ClientError, match="not a client id"):
        ClientBook(tmp_path).get("../../etc/passwd")


# --- the session names its client ---------------------------------------------------------


def test_a_session_attached_to_a_client_names_it_and_one_without_does_not() -> None:
    bundle = fixture_bundle()
    attached = IntakeSession.start(bundle, "front_desk", NOW, "JS", client_id="0123456789abcdef")
    plain = IntakeSession.start(bundle, "self", NOW)
    attached_report = attached.to_report(NOW)
    assert attached_report.client_id == "0123456789abcdef"
    assert 'client_id = "0123456789abcdef"' in dumps_report(attached_report)
    assert "client_id" not in dumps_report(plain.to_report(NOW))  # absent, not empty


def test_a_resumed_draft_stays_attached(tmp_path: Path) -> None:
    bundle = fixture_bundle()
    session = IntakeSession(
        bundle, "5e551000000000ab", "front_desk", NOW, answers=fixture_answers(),
        client_id="0123456789abcdef",
    )  # fmt: skip
    store = SessionStore(tmp_path)
    path = store.save(session.to_report(NOW))
    resumed, _ = IntakeSession.resume(bundle, read_report(path))
    assert resumed.client_id == "0123456789abcdef"
    assert resumed.complete(NOW).completed_report.client_id == "0123456789abcdef"  # type: ignore[union-attr]


def test_a_client_id_in_a_session_file_must_be_16_hex(tmp_path: Path) -> None:
    session = IntakeSession(
        fixture_bundle(), "5e551000000000ab", "front_desk", NOW, answers=fixture_answers()
    )
    path = SessionStore(tmp_path).save(session.to_report(NOW))
    path.write_text(path.read_text() + 'client_id = "../x"\n')
    with pytest.raises(IntakeError, match="client_id"):
        read_report(path)


def test_a_recomputed_report_stays_with_its_client(tmp_path: Path) -> None:
    session = IntakeSession(
        fixture_bundle(), "5e551000000000ab", "front_desk", NOW, answers=fixture_answers(),
        client_id="0123456789abcdef",
    )  # fmt: skip
    path = SessionStore(tmp_path / "data").save(session.to_report(NOW, status="completed"))
    out = tmp_path / "amended.toml"
    assert main(["--questions", str(FIXTURE_BANK), "report", "--from-session", str(path),
                 "-o", str(out)]) == 0  # fmt: skip
    assert read_report(out).client_id == "0123456789abcdef"


def test_attaching_lists_a_session_once_and_history_is_newest_first(tmp_path: Path) -> None:
    book, (client_id,) = book_with(tmp_path, "K. Mensah")
    store = SessionStore(tmp_path)
    bundle = fixture_bundle()
    for number, (session_id, status) in enumerate(
        [("5e551000000000a1", "completed"), ("5e551000000000a2", "in_progress")]
    ):
        at = NOW.replace(day=1 + number)
        session = IntakeSession(
            bundle, session_id, "front_desk", at, answers=fixture_answers(), client_id=client_id
        )
        store.save(session.to_report(at, status=status))  # type: ignore[arg-type]
        book.attach(client_id, session_id, at=at)
        book.attach(client_id, session_id, at=at)
    assert book.get(client_id).session_ids == ("5e551000000000a1", "5e551000000000a2")
    assert [s.session_id for s in book.history(client_id, store)] == [
        "5e551000000000a2",
        "5e551000000000a1",
    ]
    last = book.last_completed_report(client_id, store)
    assert last is not None and last.session_id == "5e551000000000a1"


# --- erasure ----------------------------------------------------------------------------------


def client_with_sessions(
    store: SessionStore, book: ClientBook, reference: str, ids: list[str]
) -> str:
    client_id = book.create({"reference": reference}, names=NAMES, at=NOW).client_id
    for number, session_id in enumerate(ids):
        session = IntakeSession(
            fixture_bundle(), session_id, "front_desk", NOW, answers=fixture_answers(),
            client_id=client_id,
        )  # fmt: skip
        status = "completed" if number == 0 else "in_progress"
        store.save(session.to_report(NOW, status=status))
        if number < 2:  # the third only names the client in its own file
            book.attach(client_id, session_id, at=NOW)
    return client_id


def every_file(folder: Path) -> dict[Path, bytes]:
    """Each file's bytes (a link: where it points), to tell what an erasure changed."""
    return {
        p: str(p.readlink()).encode() if p.is_symlink() else p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() or p.is_symlink()
    }


def test_erasing_a_client_removes_them_and_leaves_every_other_file_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    store, book = SessionStore(folder), ClientBook(folder)
    gone = ["e1a5e00000000001", "e1a5e00000000002", "e1a5e00000000003"]
    erased = client_with_sessions(store, book, "Erase Me", gone)
    kept = client_with_sessions(store, book, "Keep Me", ["4ee900000000000a", "4ee900000000000b"])
    unattached = IntakeSession(fixture_bundle(), "0a0a0a0a0a0a0a0a", "self", NOW, fixture_answers())
    store.save(unattached.to_report(NOW))
    store.listing()  # writes the index, which then holds the erased client's rows
    exports = folder / "exports"
    exports.mkdir()
    erased_copy = exports / f"2026-11-26-{gone[0]}-practitioner.pdf"
    for name in (erased_copy.name, "2026-11-26-4ee900000000000a-client.html", "table.csv"):
        (exports / name).write_bytes(b"copy")
    (exports / f"2026-11-26-{gone[1]}-client.md").symlink_to(exports / "table.csv")
    before = every_file(folder)
    assert index_path(folder) in before

    code = main(
        ["--questions", str(FIXTURE_BANK), "delete", "--client", erased, "--yes",
         "--staff", "ab", "--data-dir", str(folder)]
    )  # fmt: skip

    assert code == 0
    after = every_file(folder)
    removed = {client_path(folder, erased), erased_copy, *(store.path_for(s) for s in gone)}
    assert set(before) - set(after) == removed
    changed = {p for p in after if p in before and after[p] != before[p]}
    assert changed <= {audit_path(folder), index_path(folder)}
    assert not set(after) - set(before) - {audit_path(folder)}
    index_bytes = index_path(folder).read_bytes() if index_path(folder).exists() else b""
    assert not any(s.encode() in index_bytes for s in gone)  # not even in a free page
    assert [c.client_id for c in book.listing().clients] == [kept]
    lines = [line for line in audit_lines(folder) if line["staff_initials"] == "AB"]
    assert lines[0] == {**lines[0], "action": "client_erased", "client_id": erased}
    assert sorted(line["session_id"] for line in lines[1:]) == gone
    log = audit_path(folder).read_text(encoding="utf-8")
    assert "Erase Me" not in log and "fine_lines" not in log
    out = capsys.readouterr().out
    assert "Erase Me" in out and "Client erased" in out


def test_erasure_without_a_terminal_needs_yes_and_an_unknown_client_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, book = SessionStore(tmp_path), ClientBook(tmp_path)
    client_id = client_with_sessions(store, book, "Erase Me", ["e1a5e00000000001"])
    base = ["--questions", str(FIXTURE_BANK), "delete", "--data-dir", str(tmp_path)]
    assert main([*base, "--client", client_id]) == 2
    assert client_path(tmp_path, client_id).exists() and store.path_for("e1a5e00000000001").exists()
    assert main([*base, "--client", "ffffffffffffffff", "--yes"]) != 0
    assert main([*base, "--client", client_id, "e1a5e00000000001", "--yes"]) != 0
    assert main(base) != 0
    err = capsys.readouterr().err
    assert "no such client" in err and "not both" in err and "name the sessions" in err
    assert "Traceback" not in err


def test_erasure_waits_while_a_draft_of_theirs_is_open_elsewhere(tmp_path: Path) -> None:
    store, book = SessionStore(tmp_path), ClientBook(tmp_path)
    client_id = client_with_sessions(store, book, "Erase Me", ["e1a5e00000000001"])
    other_terminal = SessionStore(tmp_path)
    assert other_terminal.hold("e1a5e00000000001") is None  # this process: alive
    with pytest.raises(ClientError, match="open in another terminal"):
        erasure_plan(store, book, client_id)
    other_terminal.release()
    plan = erasure_plan(store, book, client_id)
    erase(plan, store, book, at=NOW)
    assert not store.path_for("e1a5e00000000001").exists()
    assert not client_path(tmp_path, client_id).exists()


# --- the front desk, driven ---------------------------------------------------------------


async def test_self_assessment_never_offers_clients(tmp_path: Path) -> None:
    ClientBook(tmp_path).create({"reference": "Someone Else"}, names=NAMES, at=NOW)
    app = desk_app(tmp_path, mode="self")
    async with app.run_test(size=SIZE) as pilot:
        assert "Clients" not in option_texts(app, "#menu")
        assert app.screen.check_action("clients", ()) is False
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.open_clients()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_switching_mode_takes_the_clients_entry_away_and_back(tmp_path: Path) -> None:
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "Clients" in option_texts(app, "#menu")
        await pilot.press("m")
        await type_initials(pilot, "ab")
        assert app.mode == "self" and "Clients" not in option_texts(app, "#menu")
        await pilot.press("m")
        await type_initials(pilot, "ab")
        assert app.mode == "front_desk" and "Clients" in option_texts(app, "#menu")


async def test_while_locked_the_clients_open_only_after_staff_initials(tmp_path: Path) -> None:
    ClientBook(tmp_path).create({"reference": "Someone"}, names=NAMES, at=NOW)
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.lock()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("escape")  # no initials: no clients
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.locked
        await pilot.press("l")
        await pilot.pause()
        await type_initials(pilot, "cd")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        assert not app.locked and "Someone" in option_texts(app, "#clients")


async def test_front_desk_creates_a_client_starts_their_intake_and_finds_it(
    tmp_path: Path,
) -> None:
    hostile = "[/x] [b]K. Mensah"
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "Clients" in option_texts(app, "#menu")
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewClientDialog), "new client")
        await pilot.press(*"K", "enter")  # Enter on the first field moves to the next
        assert app.screen.focused is app.screen.query_one("#identifier-date_of_birth", Input)
        app.screen.query_one("#identifier-reference", Input).value = hostile
        app.screen.query_one("#identifier-date_of_birth", Input).value = "2099-01-01"
        app.screen.query_one("#identifier-date_of_birth", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewClientDialog)  # a future birth date is refused
        app.screen.query_one("#identifier-date_of_birth", Input).value = "1984-03-07"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientScreen), "client page")
        assert hostile in str(app.screen.query_one("#client-title").render())  # literally
        (client,) = app.clients.listing().clients
        await pilot.press("n")
        await pilot.pause()
        await type_initials(pilot, "js")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the walk")
        assert app.session is not None and app.session.client_id == client.client_id
        await pilot.press("enter")  # the welcome note
        await pilot.press(*"ref-1", "enter")  # the client reference: the first answer saves
        await pilot.pause()
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "home")

        assert app.clients.get(client.client_id).session_ids == (app.config.new_id(),)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        await pilot.press(*"k mensah")
        await pilot.pause()
        found = option_texts(app, "#clients")
        assert hostile in found and "1 intake(s)" in found
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientScreen), "client page")
        intakes = app.screen.query_one("#client-intakes", OptionList)
        assert intakes.option_count == 1 and "Draft" in option_texts(app, "#client-intakes")
    saved = read_report(SessionStore(tmp_path).path_for(app.config.new_id()))
    assert saved.client_id == client.client_id
    actions = [line["action"] for line in audit_lines(tmp_path)]
    assert actions[:2] == ["client_created", "intake_started"]


async def test_a_clients_next_intake_starts_from_their_last_completed_one(
    tmp_path: Path,
) -> None:
    """Issue 14.2: starting from a client, last visit's answers are offered again."""
    book = ClientBook(tmp_path)
    client = book.create({"reference": "K. Mensah"}, names=NAMES, at=NOW)
    finished = IntakeSession(
        fixture_bundle(), "00000000000000c1", "front_desk", NOW, answers=fixture_answers()
    )
    report = finished.to_report(NOW, status="completed")
    SessionStore(tmp_path).save(report.model_copy(update={"client_id": client.client_id}))
    book.attach(client.client_id, report.session_id, at=NOW)
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientScreen), "client page")
        await pilot.press("n")
        await pilot.pause()
        await type_initials(pilot, "js")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the walk")
        session = app.session
        assert session is not None
        assert session.follows == report.session_id and session.client_id == client.client_id
        assert session.offers  # last visit's answers, offered


def test_a_session_saved_while_the_erasure_waits_for_its_yes_goes_too(tmp_path: Path) -> None:
    """The plan is shown, someone saves a new intake for the client before the "yes":
    the erasure lists the sessions again when it runs, so nothing of theirs survives."""
    book, store = ClientBook(tmp_path), SessionStore(tmp_path)
    client = book.create({"reference": "K. Mensah"}, names=NAMES, at=NOW)
    finished = IntakeSession(fixture_bundle(), "0" * 15 + "1", "front_desk", NOW)
    for session_id in ("0" * 15 + "1", "0" * 15 + "2"):
        if session_id.endswith("2"):
            plan = erasure_plan(store, book, client.client_id)  # shown before the yes
        report = finished.to_report(NOW, status="completed")
        report = report.model_copy(update={"session_id": session_id, "client_id": client.client_id})
        store.save(report)
        book.attach(client.client_id, session_id, at=NOW)
    assert [s.session_id for s in plan.sessions] == ["0" * 15 + "1"]
    erase(plan, store, book, at=NOW)
    assert not list(tmp_path.glob("intake-*.toml"))
    assert not client_path(tmp_path, client.client_id).exists()


async def open_new_client_dialog(app: IntakeApp, pilot: Pilot[None]) -> NewClientDialog:
    """Home -> Clients -> Ctrl+N: the new client dialog, on top."""
    await pilot.press("l")
    await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
    await pilot.press("ctrl+n")
    await wait_until(pilot, lambda: isinstance(app.screen, NewClientDialog), "new client")
    assert isinstance(app.screen, NewClientDialog)
    return app.screen


async def test_enter_pressed_twice_on_a_new_client_creates_one(tmp_path: Path) -> None:
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_new_client_dialog(app, pilot)
        dialog.query_one("#identifier-reference", Input).value = "K"
        dialog.query_one("#identifier-date_of_birth", Input).focus()
        await pilot.pause()
        # Two Enters on the last field before the first has closed the dialog.
        dialog.action_enter()
        dialog.action_enter()
        await wait_until(pilot, lambda: isinstance(app.screen, ClientScreen), "client page")
        await pilot.pause()
        assert len(app.clients.listing().clients) == 1


async def test_keys_typed_after_enter_go_to_the_next_field(tmp_path: Path) -> None:
    """A fast typist or a paste: every key queued at once, as a terminal sends them."""
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_new_client_dialog(app, pilot)
        for key in ["K", "enter", *"1984-03-07"]:
            character = "\r" if key == "enter" else key
            app.post_message(events.Key(key if key != "-" else "minus", character))
        birth = dialog.query_one("#identifier-date_of_birth", Input)
        await wait_until(pilot, lambda: birth.value == "1984-03-07", "the date typed")
        assert dialog.query_one("#identifier-reference", Input).value == "K"
