"""Loading a bundle: the question bank, protocol tables and clinic settings of one folder."""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path

from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.loader import load_bank
from intake_tui.core.bank.named import load_named_conditions
from intake_tui.core.bundle_cache import read_cached, write_cached
from intake_tui.core.bundle_model import Bundle
from intake_tui.core.errors import BankError, IntakeError, Problem
from intake_tui.core.i18n import ENGLISH
from intake_tui.core.i18n.bank_files import BankTranslation, language_problem
from intake_tui.core.launch_settings import clinic_language
from intake_tui.core.protocol.loader import load_protocol, load_settings
from intake_tui.core.resources import bundled_questions_dir

__all__ = ["Bundle", "load_bundle"]


def load_bundle(
    root: Path | None = None,
    *,
    lint: bool = True,
    language: str | None = None,
    cached: bool = True,
) -> Bundle:
    """Load everything in ``root`` (default: the bundled questions).

    With ``lint`` (the default), cross-reference errors raise BankError too, so
    a program never runs on a bank the linter would reject. ``language``: the texts
    people read come from its translations (questions/translations/), each missing
    one in English (None: the clinic's, settings.toml ``language``); ids, option values,
    rules and numbers are the same in every language, so the recommendations are too.
    A linted load is read from the compiled bank (core/bundle_cache.py) when the folder
    is unchanged since its last clean load in that language, unless ``cached`` is
    False; ``intake validate`` always loads the full way.
    """
    folder = root if root is not None else bundled_questions_dir()
    if not folder.is_dir():
        raise BankError([Problem("question folder not found", file=folder)])
    language = language or clinic_language(folder)
    if (problem := language_problem(folder, language)) is not None:
        raise BankError([problem])
    if lint and cached and (compiled := read_cached(folder, language)) is not None:
        return compiled
    bundle = _load(folder, language)
    if lint:
        errors = [p for p in lint_bundle(bundle) if p.severity == "error"]
        if errors:
            raise BankError(errors)
        if cached:
            write_cached(bundle)
    return bundle


def _load(folder: Path, language: str) -> Bundle:
    """The folder's bundle in ``language``, validated file by file (BankError with
    every problem)."""
    # Read once: the bank, the protocol and the linter all resolve these names.
    named, problems = load_named_conditions(folder)
    texts = None if language == ENGLISH else BankTranslation(folder, language).swap
    parts: dict[str, object] = {}
    for name, loader in (
        ("bank", partial(load_bank, named=named, texts=texts)),
        ("protocol", partial(load_protocol, named=named, texts=texts)),
        ("settings", partial(load_settings, texts=texts)),
    ):
        try:
            parts[name] = loader(folder)
        except BankError as error:
            problems += error.problems
    if problems:
        raise BankError(problems)
    return Bundle(root=folder, named=named, language=language, **parts)  # type: ignore[arg-type]


def bundle_in(bundle: Bundle, language: str) -> Bundle:
    """``bundle``'s folder with its texts in ``language``: a saved report is shown and
    exported in the language it was taken in, whatever the app speaks. ``bundle`` itself
    when it already is in it, or when that language cannot be loaded here."""
    if language == bundle.language:
        return bundle
    try:
        return _loaded_in(bundle.root, language)
    except IntakeError:
        return bundle


@lru_cache(maxsize=4)
def _loaded_in(root: Path, language: str) -> Bundle:
    return load_bundle(root, language=language)
