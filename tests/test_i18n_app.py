"""The app's own words in a language: the catalogue, `_`, the start-up cost in English,
and an intake taken in Spanish that saves the same values as one in English."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from intake_tui.core.bundle import Bundle, bundle_in, load_bundle
from intake_tui.core.document.model import Document
from intake_tui.core.i18n import ENGLISH, _, catalogue, current_language, speaking, use_language
from intake_tui.core.i18n.messages import catalogue_gaps, source_messages
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.store import session_file_name
from tests.app_support import FIXED_ID, FIXED_NOW, make_app
from tests.python_probe import fresh_python
from tests.support import baseline_answers
from tests.waiting import wait_until


def test_the_spanish_catalogue_translates_every_message_of_the_app() -> None:
    assert len(source_messages()) > 200
    missing, broken = catalogue_gaps("es")
    assert missing == [] and broken == []


def test_english_is_the_key_and_a_language_is_spoken_only_where_asked() -> None:
    assert current_language() == ENGLISH
    assert _("Continue") == "Continue"
    with speaking("es"):
        assert current_language() == "es"
        assert _("Continue") == catalogue("es")["Continue"] != "Continue"
        assert _("a message nobody wrote") == "a message nobody wrote"
    assert _("Continue") == "Continue"


def probe(code: str) -> list[str]:
    """What a fresh interpreter prints after running ``code`` (the app never runs)."""
    start = "import textual.app\ntextual.app.App.run = lambda self, *a, **k: None\n"
    return fresh_python(start + code, on_a_terminal=True).split("\n")


def test_the_english_start_loads_no_babel_and_reads_no_catalogue(tmp_path: Path) -> None:
    lines = probe(
        "import os, sys\n"
        f"os.environ['INTAKE_DATA_DIR'] = {str(tmp_path)!r}\n"
        "from intake_tui.cli.main import main\n"
        "assert main([]) == 0\n"
        "import intake_tui.core.i18n as i18n\n"
        "print(sorted(i18n._loaded))\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    assert lines[0] == "['en']"
    assert "intake_tui.app.app" in lines
    assert not [name for name in lines if name == "babel" or name.startswith("babel.")]
    assert "intake_tui.core.i18n.formats" not in lines


def test_a_spanish_start_words_the_app_and_its_keys_in_spanish(tmp_path: Path) -> None:
    lines = probe(
        "import os\n"
        f"os.environ['INTAKE_DATA_DIR'] = {str(tmp_path)!r}\n"
        "from intake_tui.cli.main import main\n"
        "assert main(['--lang', 'es']) == 0\n"
        "from intake_tui.app.app import IntakeApp\n"
        "from intake_tui.app.screens.question import QuestionScreen\n"
        "print(IntakeApp.TITLE)\n"
        "print(next(b.description for b in QuestionScreen.BINDINGS if b.action == 'back'))\n"
    )
    spanish = catalogue("es")
    assert lines[:2] == [spanish["Microneedling intake"], spanish["Back"]]


def test_an_unknown_language_does_not_start_the_app(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "intake_tui", "--lang", "xx", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "no translation into 'xx'" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def app_in_spanish() -> Iterator[None]:
    use_language("es")
    try:
        yield
    finally:
        use_language(ENGLISH)


async def test_an_intake_in_spanish_shows_spanish_and_saves_values(
    tmp_path: Path, app_in_spanish: None
) -> None:
    spanish = load_bundle(language="es")
    app = make_app(tmp_path, bundle=spanish)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # past the welcome note
        await pilot.pause()
        prompt = str(app.screen.query_one("#prompt", Static).render())
        assert prompt == spanish.bank.question("age").prompt
        assert prompt != load_bundle(language=ENGLISH).bank.question("age").prompt
        progress = str(app.screen.query_one("#progress-text", Static).render())
        assert progress.startswith(catalogue("es")["Question {number} of about {total}"][:8])
        await pilot.press(*str(baseline_answers()["age"]), "enter")
        await pilot.pause()
    draft = read_report(tmp_path / session_file_name(FIXED_ID))
    assert draft.language == "es"
    assert draft.answers["age"] == baseline_answers()["age"]


def test_a_bundle_in_another_language_is_loaded_once_and_never_fails() -> None:
    english = load_bundle(language=ENGLISH)
    assert bundle_in(english, ENGLISH) is english
    spanish = bundle_in(english, "es")
    assert spanish.language == "es" and bundle_in(english, "es") is spanish
    assert bundle_in(english, "fr") is english  # no French here: the English words


async def test_an_english_app_shows_and_exports_a_spanish_report_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake_tui.app.screens import results
    from intake_tui.app.screens.results import ResultsScreen

    shown_in: list[str] = []
    build = results.build_screen_document

    def recording(report: SessionReport, bundle: Bundle) -> Document:
        shown_in.append(bundle.language)
        return build(report, bundle)

    monkeypatch.setattr(results, "build_screen_document", recording)
    report = build_report(
        load_bundle(language="es"),
        baseline_answers(),
        status="completed",
        now=FIXED_NOW,
        session_id=FIXED_ID,
    )
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        path = app.store.save(report)
        app.open_report(path)
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen), "results shown")
    assert shown_in == ["es"]
