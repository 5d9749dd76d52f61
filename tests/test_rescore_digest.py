"""Rescore compares a stored digest of the key outputs (issue 18): an unchanged report's
[recommendation] tables are never parsed; a changed one is worded from them as before;
a report written before the digest is compared in full."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from intake_tui.core import rescore as rescore_module
from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.report.build import build_report
from intake_tui.core.report.digest import outputs_digest
from intake_tui.core.rescore import rescore_file
from intake_tui.core.store import save_report
from tests.support import copy_bank, edit, fixture_answers, fixture_bundle

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def saved(folder: Path) -> Path:
    report = build_report(
        fixture_bundle(),
        fixture_answers(),
        status="completed",
        now=NOW,
        session_id="00000000000000a1",
        mode="front_desk",
    )
    return save_report(folder, report)


def without_digest(path: Path) -> Path:
    """The same report as written before the digest existed."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("outputs_digest")), "utf-8")
    return path


def parsed_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    parse = rescore_module.parse_session_text

    def spy(text: str, source: str) -> dict[str, object]:
        texts.append(text)
        return parse(text, source)

    monkeypatch.setattr(rescore_module, "parse_session_text", spy)
    return texts


def cheaper_bank(tmp_path: Path) -> Bundle:
    root = copy_bank(tmp_path / "bank")
    edit(root / "settings.toml", "price_high = 700", "price_high = 800")
    return load_bundle(root)


def test_a_completed_report_stores_the_digest_of_its_outputs(tmp_path: Path) -> None:
    text = saved(tmp_path / "data").read_text(encoding="utf-8")
    report = build_report(
        fixture_bundle(), fixture_answers(), status="completed", now=NOW, session_id="0" * 16
    )
    assert report.recommendation is not None
    assert report.outputs_digest == outputs_digest(report.recommendation.model_dump())
    assert f'outputs_digest = "{report.outputs_digest}"' in text
    draft = build_report(
        fixture_bundle(), fixture_answers(), status="in_progress", now=NOW, session_id="0" * 16
    )
    assert draft.outputs_digest == ""


def test_an_unchanged_report_is_told_from_its_digest_without_parsing_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(tmp_path / "data")
    texts = parsed_texts(monkeypatch)
    outcome = rescore_file(fixture_bundle(), path)
    assert (outcome.error, outcome.changed) == ("", ())
    assert texts and not any("[recommendation" in text for text in texts)


@pytest.mark.parametrize("digest", ["stored", "absent"])
def test_a_changed_report_is_worded_from_its_tables_with_or_without_a_digest(
    tmp_path: Path, digest: str
) -> None:
    path = saved(tmp_path / "data")
    if digest == "absent":
        without_digest(path)
    outcome = rescore_file(cheaper_bank(tmp_path), path)
    assert outcome.changed == ("cost",)
    assert {change.output for change in outcome.changes} == {"cost"}


def test_a_report_without_a_digest_is_compared_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = without_digest(saved(tmp_path / "data"))
    texts = parsed_texts(monkeypatch)
    outcome = rescore_file(fixture_bundle(), path)
    assert (outcome.error, outcome.changed) == ("", ())
    assert any("[recommendation]" in text for text in texts)


def test_a_digest_that_does_not_match_falls_back_to_the_tables(tmp_path: Path) -> None:
    path = saved(tmp_path / "data")
    text = path.read_text(encoding="utf-8")
    stored = text.split('outputs_digest = "', 1)[1].split('"', 1)[0]
    path.write_text(text.replace(stored, "sha256:" + "0" * 32), encoding="utf-8")
    outcome = rescore_file(fixture_bundle(), path)
    assert (outcome.error, outcome.changed) == ("", ())  # the tables agree: unchanged


def test_broken_tables_behind_a_digest_are_an_error_when_they_must_be_read(
    tmp_path: Path,
) -> None:
    path = saved(tmp_path / "data")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "[recommendation.gate\n", encoding="utf-8")
    outcome = rescore_file(cheaper_bank(tmp_path), path)
    assert outcome.changed == ()
    assert "not a valid TOML file" in outcome.error
