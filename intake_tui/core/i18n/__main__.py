"""``python -m intake_tui.core.i18n LANGUAGE [FOLDER] [--update]``: what is left to translate.

For translators working before ``intake validate`` reports translations; --update writes
or refreshes the skeleton files (new keys, current English) first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intake_tui.core.i18n.bank_files import coverage, update_language
from intake_tui.core.resources import bundled_questions_dir


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--update"]
    if not args:
        print("usage: python -m intake_tui.core.i18n LANGUAGE [FOLDER] [--update]")
        return 2
    language = args[0]
    folder = Path(args[1]) if len(args) > 1 else bundled_questions_dir()
    if "--update" in argv:
        update_language(folder, language)
    gaps = 0
    for part in coverage(folder, language):
        for problem in part.problems:
            print(problem)
        for kind, keys in (
            ("missing", part.missing),
            ("stale", part.stale),
            ("placeholders differ from the English", part.broken),
        ):
            for key in keys:
                print(f"{part.path}: {kind}: {key}")
            gaps += len(keys)
    print(f"{gaps} text(s) to translate in {language}")
    return 1 if gaps else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
