"""Languages on the command line: --lang, the clinic's default, the report's language
field, exports in the report's language, and validate's missing and stale translations."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.bundle import load_bundle
from intake_tui.core.i18n import _, speaking
from intake_tui.core.i18n.bank_files import update_language
from intake_tui.core.report.toml_io import read_report
from tests.support import copy_bank, copy_bundled_bank, edit

SAMPLE = Path(__file__).resolve().parents[1] / "sample_sessions" / "01-go-ahead.answers.toml"
FIXED = ["--now", "2026-11-26T09:00:00+00:00", "--session-id", "0123456789abcdef"]


def spanish_report(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "es.toml"
    assert main(["report", str(SAMPLE), "-o", str(out), *FIXED, "--lang", "es", *extra]) == 0
    return out


def test_a_spanish_report_records_its_language_and_an_english_one_reads_as_english(
    tmp_path: Path,
) -> None:
    spanish = read_report(spanish_report(tmp_path))
    assert spanish.language == "es"
    english_path = tmp_path / "en.toml"
    assert main(["report", str(SAMPLE), "-o", str(english_path), *FIXED]) == 0
    assert "language" not in tomllib.loads(english_path.read_text("utf-8"))  # as before
    assert read_report(english_path).language == "en"
    # Its words are the Spanish bank's; its values the English report's.
    bundle = load_bundle(language="es")
    assert spanish.recommendation is not None
    title = bundle.protocol.wording.decision(spanish.recommendation.gate.decision)
    assert spanish.recommendation.gate.headline == title.headline


def test_an_export_is_in_the_reports_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = spanish_report(tmp_path)
    capsys.readouterr()
    assert main(["export", str(report), "--format", "html", "--for", "client"]) == 0
    html = capsys.readouterr().out
    with speaking("es"):
        title = _("Your microneedling plan")
    assert '<html lang="es">' in html and title in html
    assert title != "Your microneedling plan"
    # --lang does not mix a second language into it (tests/test_i18n_review_fixes.py).


def test_dates_and_money_are_written_for_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    args = ["report", str(SAMPLE), *FIXED, "--format", "txt", "--for", "client"]
    assert main([*args, "--lang", "es"]) == 0
    spanish = capsys.readouterr().out
    assert main(args) == 0
    english = capsys.readouterr().out
    assert "Dec 2026" in english and "dic 2026" in spanish and "Dec 2026" not in spanish
    assert "USD " in english and "US$" in spanish


def test_a_recomputed_report_keeps_its_language(tmp_path: Path) -> None:
    original = spanish_report(tmp_path)
    out = tmp_path / "amended.toml"
    assert main(["report", "--from-session", str(original), "-o", str(out), *FIXED[:2]]) == 0
    assert read_report(out).language == "es"


def test_the_clinics_default_language_comes_from_its_settings(tmp_path: Path) -> None:
    folder = copy_bundled_bank(tmp_path)
    edit(folder / "settings.toml", 'language = "en"', 'language = "es"')
    out = tmp_path / "report.toml"
    assert main(["--questions", str(folder), "report", str(SAMPLE), "-o", str(out), *FIXED]) == 0
    assert read_report(out).language == "es"


def test_an_unknown_language_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(SAMPLE), *FIXED, "--lang", "fr"]) == 1
    err = capsys.readouterr().err
    assert "no translation into 'fr'" in err and "Traceback" not in err


def test_validate_lists_missing_and_stale_translations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_bank(tmp_path)
    update_language(folder, "es")
    assert main(["validate", str(folder)]) == 0  # missing translations warn: English shows
    out = capsys.readouterr().out
    assert "es: " in out and "missing translation(s) of sections/01-about-you.toml" in out
    # Translate one prompt, then change its English: it is stale.
    path = folder / "translations/es/sections/01-about-you.toml"
    text = path.read_text("utf-8")
    start = text.index('[texts."questions[age].prompt"]')
    at = text.index('text = ""', start)
    path.write_text(text[:at] + 'text = "¿Edad?"' + text[at + len('text = ""') :], "utf-8")
    edit(folder / "sections/01-about-you.toml", 'prompt = "Fixture age?"', 'prompt = "Age?"')
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "stale translation 'questions[age].prompt'" in out


def test_the_shipped_spanish_validates_with_nothing_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "missing translation" not in out and "stale translation" not in out
