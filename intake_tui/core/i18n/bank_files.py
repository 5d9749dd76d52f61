"""Translation files of a question folder: reading, writing the skeletons, and looking up.

Layout: ``<folder>/translations/<language>/<source path>``, one file per source file
(``translations/es/sections/03-health.toml`` translates ``sections/03-health.toml``), so
translators can work on separate files at once. Each entry, under its key::

    [texts."questions[age].prompt"]
    english = "How old are you?"     # the current English, for the translator to read
    hash = "sha256:1f0c..."          # the English the text was translated from
    text = "¿Qué edad tiene?"        # the translation; "" = not translated yet

A translation whose ``hash`` no longer matches the current English is stale: it is
reported by ``intake validate`` and not shown (the English is), because the English
may now say something else. Format and workflow: docs/translations.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_tui.core.errors import Problem
from intake_tui.core.files import write_atomic
from intake_tui.core.i18n import ENGLISH, LANGUAGE_PATTERN
from intake_tui.core.i18n.bank_text import NO_TEXT_FILES, replace_texts, text_strings
from intake_tui.core.resources import SETTINGS_FILE
from intake_tui.core.safe_text import shown
from intake_tui.core.tomlfile import read_toml

TRANSLATIONS_DIR = "translations"

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_PROTOCOL_FILES = ("rules", "depth", "timeline", "longevity", "aftercare", "facts", "wording")


@dataclass(frozen=True)
class Entry:
    english: str
    hash: str
    text: str


def placeholders(text: str) -> list[str]:
    """The {names} a text is filled in with, sorted: a translation keeps the same."""
    return sorted(_PLACEHOLDER.findall(text))


def english_hash(english: str) -> str:
    """What a translation records of the English it was made from."""
    return "sha256:" + hashlib.sha256(english.encode("utf-8")).hexdigest()[:16]


def source_files(folder: Path) -> list[str]:
    """The folder's source files that hold text, as paths inside it, in reading order."""
    header = read_toml(folder / "questionnaire.toml")
    listed = header.get("questionnaire", {}).get("sections", []) if isinstance(header, dict) else []
    sections = [name for name in listed if isinstance(name, str)]
    protocol = [f"protocol/{name}.toml" for name in _PROTOCOL_FILES]
    names = ["questionnaire.toml", *sections, *protocol, SETTINGS_FILE]
    return [name for name in names if name not in NO_TEXT_FILES and (folder / name).is_file()]


def translation_path(folder: Path, language: str, source: str) -> Path:
    return folder / TRANSLATIONS_DIR / language / source


def languages(folder: Path) -> list[str]:
    """The languages with a translation folder, sorted."""
    root = folder / TRANSLATIONS_DIR
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def english_texts(folder: Path, source: str) -> dict[str, str]:
    data = read_toml(folder / source)
    return text_strings(data, source) if isinstance(data, dict) else {}


def read_entries(path: Path) -> tuple[dict[str, Entry], list[Problem]]:
    """A translation file's entries by key, and its problems (a missing file has none)."""
    if not path.exists():
        return {}, []
    data = read_toml(path)
    if isinstance(data, Problem):
        return {}, [data]
    texts = data.get("texts", {})
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    for key, raw in texts.items() if isinstance(texts, dict) else []:
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(field, ""), str) for field in ("english", "hash", "text")
        ):
            problems.append(
                Problem(f"entry '{shown(key, 60)}' needs english, hash and text as strings", path)
            )
            continue
        entries[key] = Entry(raw.get("english", ""), raw.get("hash", ""), raw.get("text", ""))
    return entries, problems


def toml_string(text: str) -> str:
    import json  # only when writing skeletons: not at the app's start

    # JSON's escapes (\" \\ \n \t \uXXXX) are all valid in a TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def render_entries(language: str, source: str, entries: dict[str, Entry]) -> str:
    lines = [
        f"# {language} translation of {source}: fill in each `text`, leave every other",
        "# line as it is. How: docs/translations.md (placeholders such as {date} stay as",
        "# they are). Revised a stale entry? Delete its `hash` line; then",
        f"# `python -m intake_tui.core.i18n {language} --update` records the English you",
        "# translated from.",
        "[translation]",
        f"language = {toml_string(language)}",
        f"source = {toml_string(source)}",
    ]
    for key, entry in entries.items():
        lines += ["", f"[texts.{toml_string(key)}]", f"english = {toml_string(entry.english)}"]
        if entry.hash:
            lines.append(f"hash = {toml_string(entry.hash)}")
        lines.append(f"text = {toml_string(entry.text)}")
    return "\n".join(lines) + "\n"


def updated_entries(english: dict[str, str], old: dict[str, Entry]) -> dict[str, Entry]:
    """The entries for the current English: new keys empty, gone keys dropped, the English
    refreshed; a translation keeps the hash it was made from (so a changed English shows
    as stale) unless its hash was deleted, which records the current English's."""
    entries: dict[str, Entry] = {}
    for key, text in english.items():
        previous = old.get(key)
        current = english_hash(text)
        if previous is None or not previous.text:
            entries[key] = Entry(text, current, "")
        else:
            entries[key] = Entry(text, previous.hash or current, previous.text)
    return entries


def update_language(folder: Path, language: str) -> list[Path]:
    """Write (or bring up to date) every translation file of ``language``; the paths."""
    written = []
    for source in source_files(folder):
        english = english_texts(folder, source)
        if not english:
            continue
        path = translation_path(folder, language, source)
        old, problems = read_entries(path)
        if problems:
            raise ValueError(str(problems[0]))
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, render_entries(language, source, updated_entries(english, old)))
        written.append(path)
    return written


@dataclass(frozen=True)
class Coverage:
    """One language's gaps in one source file."""

    source: str
    path: Path
    missing: list[str]
    stale: list[str]
    # Translations whose {placeholders} differ from the English's: shown in English.
    broken: list[str]
    problems: list[Problem]
    # Entries whose English is gone (a question removed): never shown; --update drops them.
    unused: list[str] = field(default_factory=list)


def coverage(folder: Path, language: str) -> Iterator[Coverage]:
    for source in source_files(folder):
        path = translation_path(folder, language, source)
        entries, problems = read_entries(path)
        missing, stale, broken = [], [], []
        texts = english_texts(folder, source)
        for key, english in texts.items():
            entry = entries.get(key)
            if entry is None or not entry.text:
                missing.append(key)
            elif entry.hash != english_hash(english):
                stale.append(key)
            elif placeholders(entry.text) != placeholders(english):
                broken.append(key)
        unused = [key for key in entries if key not in texts]
        yield Coverage(source, path, missing, stale, broken, problems, unused)


def orphan_files(folder: Path, language: str) -> list[Path]:
    """Translation files whose English source file is gone: nothing reads them."""
    root = folder / TRANSLATIONS_DIR / language
    sources = {translation_path(folder, language, s) for s in source_files(folder)}
    return sorted(p for p in root.rglob("*.toml") if p not in sources) if root.is_dir() else []


def lookup(folder: Path, language: str, source: str) -> Callable[[str, str], str | None]:
    """A key's translation in ``language`` if there is a current one; None sends the
    reader to the English (untranslated, stale, or no file)."""
    entries, _reported_by_validate = read_entries(translation_path(folder, language, source))

    def translated(key: str, english: str) -> str | None:
        entry = entries.get(key)
        if entry is None or not entry.text or entry.hash != english_hash(english):
            return None
        if placeholders(entry.text) != placeholders(english):
            return None
        return entry.text

    return translated


@dataclass(frozen=True)
class BankTranslation:
    """A folder's translations into one language, swapped into its files as they load."""

    folder: Path
    language: str

    def swap(self, path: Path, data: dict[str, Any]) -> None:
        try:
            source = path.relative_to(self.folder).as_posix()
        except ValueError:  # not one of the folder's files: nothing translates it
            return
        replace_texts(data, source, lookup(self.folder, self.language, source))


def language_problem(folder: Path, language: str) -> Problem | None:
    """Why ``language`` cannot be used with ``folder``, or None (English always can)."""
    if language == ENGLISH:
        return None
    if not LANGUAGE_PATTERN.match(language):
        return Problem(f"'{shown(language, 20)}' is not a language code such as 'es' or 'pt_BR'")
    if not (folder / TRANSLATIONS_DIR / language).is_dir():
        known = ", ".join([ENGLISH, *languages(folder)])
        return Problem(
            f"no translation into '{language}' (languages here: {known}); "
            f"see docs/translations.md to add one",
            file=folder / TRANSLATIONS_DIR,
        )
    return None


LISTED_KEYS = 5  # missing keys named per file; the rest are counted


STALE = "stale_translation"  # Problem.kind: validate's summary counts them


def translation_problems(folder: Path) -> list[Problem]:
    """Every language's gaps, as warnings (the English shows instead): per file, the
    missing texts (counted, the first few named), and each stale or broken one."""
    problems: list[Problem] = []
    for language in languages(folder):
        if (problem := language_problem(folder, language)) is not None:
            problems.append(problem)
            continue
        for part in coverage(folder, language):
            problems += part.problems
            problems += _gap_problems(language, part)
        problems += [
            Problem(
                f"{language}: translation file without an English source file (unused)",
                file=path,
                severity="warning",
            )
            for path in orphan_files(folder, language)
        ]
    return problems


def _gap_problems(language: str, part: Coverage) -> list[Problem]:
    found = []
    if part.missing:
        named = ", ".join(part.missing[:LISTED_KEYS])
        more = (
            f" and {len(part.missing) - LISTED_KEYS} more"
            if len(part.missing) > LISTED_KEYS
            else ""
        )
        found.append(
            Problem(
                f"{language}: {len(part.missing)} missing translation(s) of {part.source}: "
                f"{named}{more}",
                file=part.path,
                severity="warning",
            )
        )
    stale = (
        "stale translation '{key}' (of {source}): its English changed since it was "
        "translated, so the English is shown; revise its text, then delete its hash line"
    )
    broken = "translation '{key}' has other {{placeholders}} than the English " + (
        "(English shown until they match)"
    )
    unused = (
        "unused translation '{key}': {source} has no such English text any more (a "
        f"question or text removed); `python -m intake_tui.core.i18n {language} --update` "
        "drops it"
    )
    for template, keys, kind in (
        (stale, part.stale, STALE),
        (broken, part.broken, ""),
        (unused, part.unused, ""),
    ):
        found += [
            _key_problem(language, part, template.format(key=key, source=part.source), key, kind)
            for key in keys
        ]
    return found


def _key_problem(language: str, part: Coverage, words: str, key: str, kind: str) -> Problem:
    line = _key_line(part.path, key)
    message = f"{language}: {words}"
    return Problem(message, file=part.path, line=line, severity="warning", kind=kind)


def _key_line(path: Path, key: str) -> int | None:
    from intake_tui.core.tomlfile import read_lines

    header = f"[texts.{toml_string(key)}]"
    return next((n for n, line in enumerate(read_lines(path), 1) if line.strip() == header), None)
