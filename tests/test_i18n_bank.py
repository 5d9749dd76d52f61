"""Bank translations: the skeleton's keys, loading a language, falling back to English,
stale and broken translations, and identical recommendations in every language."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import BankError
from intake_tui.core.i18n.bank_files import (
    coverage,
    english_hash,
    read_entries,
    translation_path,
    update_language,
)
from intake_tui.core.i18n.bank_text import text_strings
from tests.support import copy_bank, edit, fixture_bundle

LANGUAGE = "es"


def fill(folder: Path, source: str, texts: dict[str, str]) -> None:
    """Translate the given keys of one skeleton file, as a translator would."""
    path = translation_path(folder, LANGUAGE, source)
    text = path.read_text(encoding="utf-8")
    for key, translated in texts.items():
        block = re.compile(rf'(\[texts\."{re.escape(key)}"\]\n(?:.*\n)*?text = )""')
        text, count = block.subn(lambda m, t=translated: f'{m[1]}"{t}"', text, count=1)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = copy_bank(tmp_path)
    update_language(folder, LANGUAGE)
    return folder


def test_keys_come_from_ids_not_positions(bank: Path) -> None:
    data = tomllib.loads((bank / "sections/01-about-you.toml").read_text(encoding="utf-8"))
    keys = text_strings(data, "sections/01-about-you.toml")
    assert keys["questions[age].prompt"] == "Fixture age?"
    assert keys["questions[age].validation.message"].startswith("Fixture")
    assert keys["section.title"] == "Fixture: about you"
    # Ids, values, operators and conditions are never text.
    assert not any(key.endswith((".id", ".type", ".value", ".operator")) for key in keys)


def test_option_keys_survive_reordering(bank: Path) -> None:
    path = bank / "sections/02-health.toml"
    before = text_strings(
        tomllib.loads(path.read_text(encoding="utf-8")), "sections/02-health.toml"
    )
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for question in data["questions"]:
        question.get("options", []).reverse()
    data["questions"].reverse()
    after = text_strings(data, "sections/02-health.toml")
    assert after == before


def test_every_source_with_text_gets_its_own_file(bank: Path) -> None:
    files = {
        p.relative_to(bank / "translations" / LANGUAGE).as_posix()
        for p in (bank / "translations" / LANGUAGE).rglob("*.toml")
    }
    assert "sections/01-about-you.toml" in files
    assert "protocol/rules.toml" in files
    assert "settings.toml" in files
    assert "protocol/facts.toml" not in files  # no text in it
    entries, problems = read_entries(translation_path(bank, LANGUAGE, "protocol/rules.toml"))
    assert problems == []
    assert entries and all(
        e.text == "" and e.hash == english_hash(e.english) for e in entries.values()
    )


def test_a_language_replaces_texts_and_keeps_ids_values_and_numbers(bank: Path) -> None:
    english = fixture_bundle()
    fill(bank, "sections/01-about-you.toml", {"questions[age].prompt": "¿Edad de prueba?"})
    key = next(
        k for k in _keys(bank, "sections/02-health.toml") if k.endswith("options[yes].label")
    )
    fill(bank, "sections/02-health.toml", {key: "Sí"})
    spanish = load_bundle(bank, language=LANGUAGE)
    assert spanish.language == LANGUAGE
    assert spanish.bank.question("age").prompt == "¿Edad de prueba?"
    question_id = key.split("]")[0].removeprefix("questions[")
    assert spanish.bank.question(question_id).label_for("yes") == "Sí"
    # Untranslated: English.
    assert spanish.bank.question("age").why == english.bank.question("age").why
    # The same questions, values, rules and hashes.
    assert [q.id for q in spanish.bank.questions] == [q.id for q in english.bank.questions]
    assert [q.option_values for q in spanish.bank.questions] == [
        q.option_values for q in english.bank.questions
    ]
    assert spanish.bank.question("age").validation == english.bank.question("age").validation
    assert spanish.bank.content_hash == english.bank.content_hash
    assert [r.id for r in spanish.protocol.rules] == [r.id for r in english.protocol.rules]


def test_a_yes_no_question_without_options_gets_translated_labels(bank: Path) -> None:
    data = tomllib.loads((bank / "sections/02-health.toml").read_text(encoding="utf-8"))
    bare = next(q["id"] for q in data["questions"] if q["type"] == "yes_no" and "options" not in q)
    fill(bank, "sections/02-health.toml", {f"questions[{bare}].options[no].label": "No (es)"})
    question = load_bundle(bank, language=LANGUAGE).bank.question(bare)
    assert question.option_values == ("yes", "no")
    assert question.label_for("no") == "No (es)"
    assert question.label_for("yes") == "Yes"


def test_a_changed_english_prompt_is_stale_and_shown_in_english(bank: Path) -> None:
    fill(bank, "sections/01-about-you.toml", {"questions[age].prompt": "¿Edad de prueba?"})
    assert _gaps(bank, "stale") == []
    edit(
        bank / "sections/01-about-you.toml",
        'prompt = "Fixture age?"',
        'prompt = "Fixture age now?"',
    )
    assert _gaps(bank, "stale") == ["questions[age].prompt"]
    assert load_bundle(bank, language=LANGUAGE).bank.question("age").prompt == "Fixture age now?"
    # Updating the skeleton shows the new English and keeps it stale until revised.
    update_language(bank, LANGUAGE)
    assert _gaps(bank, "stale") == ["questions[age].prompt"]
    path = translation_path(bank, LANGUAGE, "sections/01-about-you.toml")
    entry = read_entries(path)[0]["questions[age].prompt"]
    assert entry.english == "Fixture age now?" and entry.text == "¿Edad de prueba?"
    # Revised: the translator deletes the hash line; the update records the current one.
    text = path.read_text(encoding="utf-8").replace(f'hash = "{entry.hash}"\n', "", 1)
    path.write_text(text, encoding="utf-8")
    update_language(bank, LANGUAGE)
    assert _gaps(bank, "stale") == []


def test_a_translation_that_drops_a_placeholder_is_not_used(bank: Path) -> None:
    wording = _keys(bank, "protocol/wording.toml")
    key, english = next((k, v) for k, v in wording.items() if "{date}" in v)
    fill(bank, "protocol/wording.toml", {key: "Sin fecha."})
    assert _gaps(bank, "broken") == [key]
    spanish = load_bundle(bank, language=LANGUAGE)
    field = key.rsplit(".", 1)[1]
    assert getattr(spanish.protocol.wording, field) == english


def test_every_text_missing_is_listed_until_translated(bank: Path) -> None:
    missing = _gaps(bank, "missing")
    assert "questions[age].prompt" in missing
    assert len(missing) == sum(len(_keys(bank, part.source)) for part in coverage(bank, LANGUAGE))


def test_an_unknown_language_is_one_clear_problem(bank: Path) -> None:
    with pytest.raises(BankError) as raised:
        load_bundle(bank, language="fr")
    message = str(raised.value.problems[0])
    assert "no translation into 'fr'" in message and "es" in message


def _keys(folder: Path, source: str) -> dict[str, str]:
    return text_strings(tomllib.loads((folder / source).read_text(encoding="utf-8")), source)


def _gaps(folder: Path, kind: str) -> list[str]:
    return [key for part in coverage(folder, LANGUAGE) for key in getattr(part, kind)]
