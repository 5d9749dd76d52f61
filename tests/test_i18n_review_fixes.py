"""The Spanish review's findings (issue 15, point 2): each one fixed and kept fixed."""

from __future__ import annotations

import io
import itertools
import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

import intake_tui.core.i18n as i18n
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.cli.main import main
from intake_tui.core.bundle import load_bundle
from intake_tui.core.i18n import (
    ENGLISH,
    _,
    catalogue,
    current_language,
    messages,
    speaking,
    use_language,
)
from intake_tui.core.i18n.__main__ import main as i18n_command
from intake_tui.core.i18n.messages import catalogue_gaps
from intake_tui.core.identifiers import identifier_label, value_problem
from intake_tui.core.lease import LeaseHolder
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.store import session_file_name
from intake_tui.plain import words
from intake_tui.plain.start import run_plain
from tests.app_support import make_app
from tests.plain_support import PLAIN_ID, PLAIN_NOW, lines_for
from tests.python_probe import fresh_python
from tests.support import baseline_answers, copy_bundled_bank
from tests.test_i18n_cli import FIXED, SAMPLE, spanish_report
from tests.waiting import wait_until


def test_the_new_client_labels_and_their_errors_speak_the_language() -> None:
    spanish = catalogue("es")
    with speaking("es"):
        assert identifier_label("reference") == spanish["Client reference"]
        too_long = value_problem("reference", "x" * 81, today=date(2026, 11, 26)) or ""
        bad_date = value_problem("date_of_birth", "07/03/1984", today=date(2026, 11, 26)) or ""
    assert too_long.startswith(spanish["Client reference"]) and "longer" not in too_long
    assert bad_date == spanish["Date of birth is a past date written YYYY-MM-DD, e.g. 1984-03-07"]
    assert identifier_label("reference") == "Client reference"  # English unchanged


def plain_run(lines: list[str], data: Path, language: str) -> str:
    """Plain mode launched in ``language`` as `intake --plain --lang` does it."""
    use_language(language)
    try:
        bundle = load_bundle(language=language)
        out = io.StringIO()
        run_plain(
            None,
            data,
            "self",
            lines=io.StringIO("\n".join(lines) + "\n"),
            out=out,
            clock=lambda: PLAIN_NOW,
            new_id=lambda: PLAIN_ID,
            language=bundle.language,
        )
        return out.getvalue()
    finally:
        use_language(ENGLISH)


def test_a_spanish_plain_draft_resumes_in_spanish_from_an_english_launch(tmp_path: Path) -> None:
    spanish = load_bundle(language="es")
    plain_run(lines_for(spanish, baseline_answers(), "self")[:3], tmp_path, "es")
    draft = read_report(tmp_path / session_file_name(PLAIN_ID))
    assert draft.language == "es" and draft.status == "in_progress"
    resumed = plain_run(["y"], tmp_path, ENGLISH).split("\n", 3)[-1]
    assert spanish.bank.question(draft.current_question).prompt in resumed
    assert catalogue("es")["Why we ask: {why}"].split("{")[0] in resumed
    assert read_report(tmp_path / session_file_name(PLAIN_ID)).language == "es"
    assert current_language() == ENGLISH and words.WHY == "Why we ask: {why}"


async def test_a_spanish_draft_resumes_in_spanish_in_an_english_app(tmp_path: Path) -> None:
    spanish = load_bundle(language="es")
    plain_run(lines_for(spanish, baseline_answers(), "self")[:3], tmp_path, "es")
    current = read_report(tmp_path / session_file_name(PLAIN_ID)).current_question
    app = make_app(tmp_path, bundle=load_bundle(language=ENGLISH))
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("r", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the resume")
            prompt = str(app.screen.query_one("#prompt", Static).render())
            assert prompt == spanish.bank.question(current).prompt
            assert app.bundle.language == "es"
    finally:
        use_language(ENGLISH)


def test_an_export_asked_in_another_language_stays_wholly_in_the_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = spanish_report(tmp_path)
    capsys.readouterr()
    assert main(["--lang", "en", "export", str(report), "--format", "txt"]) == 0
    shown = capsys.readouterr()
    with speaking("es"):
        spanish_heading = _("Your microneedling plan")
    assert main(["export", str(report), "--format", "txt"]) == 0
    assert shown.out == capsys.readouterr().out  # the same Spanish copy
    assert "Why this recommendation" not in shown.out and "Answers" not in shown.out
    assert "its own language (es)" in shown.err
    assert spanish_heading != "Your microneedling plan"


SPANISH_FOOTERS = """
import asyncio, sys, tempfile
from pathlib import Path
from intake_tui.core.i18n import use_language
use_language("es")  # before the screens' modules word their keys, as --lang es does
import intake_tui.core.i18n as i18n
from intake_tui.core.bundle import load_bundle
from intake_tui.core.i18n import messages
from intake_tui.core.i18n.__main__ import main as i18n_command
from intake_tui.core.i18n.messages import catalogue_gaps
from tests.app_support import make_app

async def footers():
    app = make_app(Path(tempfile.mkdtemp()), bundle=load_bundle(language="es"))
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in [(), ("n",), ("enter",), ("3", "5", "enter"), ("ctrl+r",)]:
            await pilot.press(*keys)
            await pilot.pause()
            regions = [k.region for k in app.screen.query("FooterKey") if k.display]
            print(type(app.screen).__name__, *(f"{r.x}+{r.width}" for r in regions))

asyncio.run(footers())
"""


def test_the_spanish_footer_keys_fit_side_by_side_at_80_columns() -> None:
    screens = fresh_python(SPANISH_FOOTERS, on_a_terminal=False).split("\n")[:-1]
    assert [line.split()[0] for line in screens][2:4] == ["QuestionScreen"] * 2
    for line in screens:
        name, *keys = line.split()
        spans = [tuple(map(int, key.split("+"))) for key in keys]
        assert spans, f"{name}: no footer keys"
        assert all(x + width <= 80 for x, width in spans), line
        assert all(a[0] + a[1] <= b[0] for a, b in itertools.pairwise(spans)), line


def test_the_two_ways_to_choose_have_two_words_in_spanish() -> None:
    spanish = catalogue("es")
    assert spanish["Choose"] != spanish["Pick"]


def exported(report: Path, capsys: pytest.CaptureFixture[str], fmt: str = "txt") -> str:
    """``intake export REPORT --format FMT``'s output alone."""
    capsys.readouterr()
    assert main(["export", str(report), "--format", fmt]) == 0
    return capsys.readouterr().out


def test_decimals_are_written_with_the_languages_mark_in_words_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = spanish_report(tmp_path)
    spanish = exported(report, capsys)
    assert re.search(r"\d,\d+ mm", spanish) and not re.search(r"\d\.\d+ mm", spanish)
    stored = read_report(report).recommendation
    assert (
        stored is not None
        and stored.depths
        and all(isinstance(d.max_mm, float) for d in stored.depths)
    )
    english = tmp_path / "en.toml"
    assert main(["report", str(SAMPLE), "-o", str(english), *FIXED]) == 0
    assert re.search(r"\d\.\d+ mm", exported(english, capsys))


def test_the_spanish_practitioner_copy_names_scores_mode_and_evidence_in_spanish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = exported(spanish_report(tmp_path), capsys)
    assert "phototype self" not in text and "glogau grade" not in text
    assert "front desk" not in text and "self" not in text.replace("self-", "")
    assert catalogue("es")["phototype self"] in text
    assert not re.search(r"\b(gate|depth|longevity|aftercare|cost):", text)
    assert not re.search(r"\b[a-z]+_[a-z_]+ = ", text)  # no field id in the evidence


def test_spanish_documents_and_the_resume_question_write_dates_in_spanish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = spanish_report(tmp_path)
    text = exported(report, capsys)
    assert "26 nov 2026 09:00" in text and "2026-11-26 09:00" not in text
    assert read_report(report).updated_at.isoformat().startswith("2026-11-26T09:00")
    spanish = load_bundle(language="es")
    data = tmp_path / "data"
    plain_run(lines_for(spanish, baseline_answers(), "self")[:3], data, "es")
    asked = plain_run(["n"], data, "es")
    assert "26 nov 2026" in asked and "2026-11-26" not in asked


def test_a_stale_translation_warns_naming_language_file_and_key_in_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_bundled_bank(tmp_path)
    source = folder / "sections/01-about-you.toml"
    text = source.read_text("utf-8")
    at = text.index('prompt = "') + len('prompt = "')
    source.write_text(text[:at] + "Changed: " + text[at:], "utf-8")
    assert main(["validate", str(folder)]) == 0  # a warning: the English is shown
    out = capsys.readouterr().out.splitlines()
    stale = [line for line in out if "stale translation '" in line]
    assert len(stale) == 1
    assert "translations/es/sections/01-about-you.toml:" in stale[0]
    assert "es: stale translation 'questions[" in stale[0]
    assert out[-1].endswith(
        "OK (1 warning(s), 1 stale translation(s) in translations/es/sections/01-about-you.toml)"
    )


def test_translation_headers_name_a_command_that_exists(tmp_path: Path) -> None:
    folder = copy_bundled_bank(tmp_path)
    headers = [
        path.read_text("utf-8").split("[translation]")[0]
        for path in sorted((folder / "translations/es").rglob("*.toml"))
    ]
    assert headers and all("intake translations" not in header for header in headers)
    command = "python -m intake_tui.core.i18n es --update"
    assert all(command in " ".join(h.replace("# ", "").split()) for h in headers)
    before = {p: p.read_bytes() for p in (folder / "translations/es").rglob("*.toml")}
    assert i18n_command(["es", str(folder), "--update"]) == 0  # the command runs
    assert {p: p.read_bytes() for p in before} == before  # and changes no text


def test_validate_warns_of_catalogue_gaps_unused_entries_and_removed_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = tmp_path / "locale"
    locale.mkdir()
    text = i18n.catalogue_path("es").read_text("utf-8")
    assert '\n"Continue" = "' in text
    text = re.sub(r'\n"Continue" = "[^"]*"', '\n"Continue" = ""', text)
    (locale / "es.toml").write_text(text + '"A message long gone" = "Un mensaje"\n', "utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setattr(messages, "LOCALE_DIR", locale)
    folder = copy_bundled_bank(tmp_path)
    translation = folder / "translations/es/sections/01-about-you.toml"
    translation.write_text(
        translation.read_text("utf-8")
        + '\n[texts."questions[gone].prompt"]\nenglish = "Gone?"\ntext = "¿Ya no?"\n',
        "utf-8",
    )
    (folder / "translations/es/sections/09-removed.toml").write_text("", "utf-8")
    assert main(["validate", str(folder)]) == 0  # warnings: the English shows
    out = capsys.readouterr().out
    assert "es: 1 message(s) of the app not translated: 'Continue'" in out
    assert "es: message 'A message long gone' is not used by the app" in out
    assert "unused translation 'questions[gone].prompt'" in out
    assert "09-removed.toml: warning: es: translation file without an English source" in out
    assert "OK (4 warning(s))" in out


def test_spanish_names_the_enter_key_one_way_everywhere() -> None:
    spanish = catalogue("es")
    texts = list(spanish.values())
    for path in sorted(load_bundle(language="es").root.glob("translations/es/**/*.toml")):
        entries = tomllib.loads(path.read_text("utf-8"))["texts"].values()
        texts += [entry["text"] for entry in entries]
    assert [t for t in texts if re.search(r"\bEnter\b", t)] == []
    assert "Intro" in spanish["press {keys}, or use ↑↓ and Enter"]
    assert "Intro" in spanish["Press Enter to continue"]  # plain mode


def test_the_spanish_cost_line_reads_plainly() -> None:
    line = catalogue("es")[
        "The series, {fewest} to {most} sessions (about {planned} planned), from the fewest "
        "at the lowest price to the most at the highest:"
    ]
    assert "las menos" not in line and "las más" not in line
    assert "la serie más corta al precio más bajo" in line
    assert catalogue_gaps("es") == ([], [])  # its {placeholders} as the English's


def test_a_spanish_fhir_response_says_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert json.loads(exported(spanish_report(tmp_path), capsys, "fhir"))["language"] == "es"


def test_a_lease_holder_is_described_in_the_language() -> None:
    holder = LeaseHolder("token", 4242, "desk-1", heartbeat=100.0)
    with speaking("es"):
        words = holder.describe(130.0)
    assert words == "proceso 4242 en desk-1, visto por última vez hace 30 s"
    assert holder.describe(130.0) == "process 4242 on desk-1, last seen 30 s ago"
