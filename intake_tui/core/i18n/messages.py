"""The app's own words: found in the source, kept in a catalogue per language.

Every ``_("...")``, ``N_("...")`` and ``_n("...", "...", n)`` with literal English in
the package is a message; ``intake_tui/locale/<language>.toml`` maps each to its
translation (``""``: not translated yet, English shown). ``update_catalogue`` adds new
messages, drops gone ones and keeps every translation; tests check that the shipped
catalogues are complete and keep each message's {placeholders}.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from intake_tui.core.errors import Problem
from intake_tui.core.files import write_atomic
from intake_tui.core.i18n import LOCALE_DIR, catalogue_path
from intake_tui.core.i18n.bank_files import LISTED_KEYS, placeholders

PACKAGE_DIR = LOCALE_DIR.parent
MARKERS = {"_": 1, "N_": 1, "_n": 2}  # the function, and how many literal messages it takes


def _messages_in(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        count = MARKERS.get(node.func.id, 0)
        for argument in node.args[:count]:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.append(argument.value)
    return found


def source_messages(package: Path = PACKAGE_DIR) -> dict[str, str]:
    """Every message in the package's Python files, with the first file that has it."""
    messages: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for message in _messages_in(tree):
            messages.setdefault(message, path.relative_to(package.parent).as_posix())
    return messages


def read_catalogue(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    messages = tomllib.loads(path.read_text(encoding="utf-8")).get("messages", {})
    return {k: v for k, v in messages.items() if isinstance(v, str)}


def render_catalogue(language: str, entries: dict[str, tuple[str, str]]) -> str:
    """``entries``: message -> (translation, where it is used)."""
    from intake_tui.core.i18n.bank_files import toml_string

    lines = [
        f"# The app's own words in '{language}': English message = translation. Fill in",
        '# each ""; keep {placeholders} as they are. Regenerate the list (new messages',
        "# added, translations kept): python -m intake_tui.core.i18n --catalogue " + language,
        "[messages]",
    ]
    for message, (translation, where) in sorted(entries.items(), key=lambda e: (e[1][1], e[0])):
        lines.append(f"# {where}")
        lines.append(f"{toml_string(message)} = {toml_string(translation)}")
    return "\n".join(lines) + "\n"


def update_catalogue(language: str) -> Path:
    path = catalogue_path(language)
    old = read_catalogue(path)
    entries = {m: (old.get(m, ""), where) for m, where in source_messages().items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render_catalogue(language, entries))
    return path


def catalogue_gaps(language: str) -> tuple[list[str], list[str]]:
    """The messages ``language`` has no translation for, and those whose translation
    names other {placeholders} than the English."""
    translated = read_catalogue(catalogue_path(language))
    missing, broken = [], []
    for message in source_messages():
        text = translated.get(message, "")
        if not text:
            missing.append(message)
        elif placeholders(text) != placeholders(message):
            broken.append(message)
    return missing, broken


def unused_messages(language: str) -> list[str]:
    """Catalogue entries no code asks for any more (a message reworded or removed)."""
    used = source_messages()
    return [m for m in read_catalogue(catalogue_path(language)) if m not in used]


def catalogue_problems() -> list[Problem]:
    """Every shipped catalogue's gaps, as warnings (English shows instead): the missing
    messages (counted, the first few named), each broken one, each unused one."""
    problems: list[Problem] = []
    for path in sorted(LOCALE_DIR.glob("*.toml")):
        language = path.stem
        missing, broken = catalogue_gaps(language)
        if missing:
            named = "; ".join(repr(m[:40]) for m in missing[:LISTED_KEYS])
            more = f" and {len(missing) - LISTED_KEYS} more" if len(missing) > LISTED_KEYS else ""
            words = f"{len(missing)} message(s) of the app not translated: {named}{more}"
            problems.append(Problem(f"{language}: {words}", file=path, severity="warning"))
        kinds = (
            ("has other {placeholders} than the English (English shown)", broken),
            ("is not used by the app any more (the catalogue's --update drops it)",
             unused_messages(language)),
        )  # fmt: skip
        for words, messages in kinds:
            problems += [
                Problem(f"{language}: message {m[:60]!r} {words}", file=path, severity="warning")
                for m in messages
            ]
    return problems
