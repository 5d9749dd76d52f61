"""``python -m intake_tui.core.i18n LANGUAGE [FOLDER] [--update] [--catalogue]``.

What is left to translate in LANGUAGE: the bank's texts in FOLDER (default: the bundled
questions) and, with --catalogue, the app's own words (intake_tui/locale/LANGUAGE.toml).
--update first writes or refreshes the files (new keys added, the English refreshed,
every translation kept). How to translate: docs/translations.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intake_tui.core.i18n.bank_files import coverage, update_language
from intake_tui.core.i18n.messages import catalogue_gaps, unused_messages, update_catalogue
from intake_tui.core.resources import bundled_questions_dir

FLAGS = ("--update", "--catalogue")


def _bank_gaps(folder: Path, language: str) -> int:
    gaps = 0
    for part in coverage(folder, language):
        for problem in part.problems:
            print(problem)
        kinds = (
            ("missing", part.missing),
            ("stale", part.stale),
            ("placeholders differ from the English", part.broken),
        )
        for kind, keys in kinds:
            for key in keys:
                print(f"{part.path}: {kind}: {key}")
            gaps += len(keys)
        for key in part.unused:  # not to translate: --update drops them
            print(f"{part.path}: unused (its English is gone): {key}")
    return gaps


def _catalogue_gaps(language: str) -> int:
    missing, broken = catalogue_gaps(language)
    for message in missing:
        print(f"catalogue {language}: missing: {message}")
    for message in broken:
        print(f"catalogue {language}: placeholders differ from the English: {message}")
    for message in unused_messages(language):  # not to translate: --update drops them
        print(f"catalogue {language}: unused: {message}")
    return len(missing) + len(broken)


def main(argv: list[str]) -> int:
    args = [a for a in argv if a not in FLAGS]
    if not args:
        print(__doc__)
        return 2
    language = args[0]
    folder = Path(args[1]) if len(args) > 1 else bundled_questions_dir()
    catalogue = "--catalogue" in argv
    if "--update" in argv:
        update_language(folder, language)
        if catalogue:
            update_catalogue(language)
    gaps = _bank_gaps(folder, language) + (_catalogue_gaps(language) if catalogue else 0)
    print(f"{gaps} text(s) to translate in {language}")
    return 1 if gaps else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
