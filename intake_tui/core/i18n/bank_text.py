"""Which strings of a question folder's TOML files a person reads, and their stable keys.

One walk serves the extractor (which writes the translation skeletons) and the loader
(which swaps in a language's text before the models are built), so both always agree
on what is text and what its key is. Keys come from ids, never from positions where an
id exists: ``questions[age].prompt``, ``questions[age].options[yes].label``,
``rules[gate.minor].next_step.review``, ``settings[spa].label``, ``wording.notice``.
Ids, option values, operators, sources and numbers are never text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

# The keys whose string values people read, in every file but wording.toml.
TEXT_FIELDS: frozenset[str] = frozenset(
    {
        "title",
        "description",
        "intro",
        "prompt",
        "why",
        "label",
        "hint",
        "message",
        "required_message",
        "placeholder",
        "text",
        "change",
        "review",
        "practitioner",
        "headline",
        "notice",
        "price_note",
        "place",
        "reason",
        "promise",
        "advice",
        "habits_help",
        "moved_by",
        "never_permanent",
        "summary",
    }
)
# Files where every string is text (a table of sentences keyed by purpose or rule id).
ALL_TEXT_FILES: frozenset[str] = frozenset({"protocol/wording.toml"})
# Source files that hold no text: they are never given a translation file.
NO_TEXT_FILES: frozenset[str] = frozenset({"conditions.toml", "expectations.toml"})
# A yes/no question without options gets these from the model (bank/models.py); its
# translation keys are the ones it would have with the options written out.
YES_NO_VALUES = ("yes", "no")


def element_name(entry: dict[str, Any], index: int) -> str:
    """How one table of an array of tables is named in a key: its id, else what it is
    about (question and value, a value, a concern, an area), else its position."""
    if isinstance(entry.get("id"), str):
        return str(entry["id"])
    question, value = entry.get("question"), entry.get("value")
    if isinstance(question, str) and isinstance(value, str):
        return f"{question}.{value}"
    for field in ("value", "concern", "area"):
        if isinstance(entry.get(field), str):
            return str(entry[field])
    return str(index)


def _child(prefix: str, name: str) -> str:
    if "." in name or "[" in name:
        return f"{prefix}[{name}]"
    return f"{prefix}.{name}" if prefix else name


def _walk(node: Any, key: str, field: str, all_text: bool) -> Iterator[tuple[str, Any, str]]:
    """(key, parent container, field) for every text string under ``node``."""
    if isinstance(node, dict):
        for name, value in node.items():
            if isinstance(value, str):
                if all_text or name in TEXT_FIELDS:
                    yield _child(key, name), node, name
            else:
                yield from _walk(value, _child(key, name), name, all_text)
        if field == "questions":
            yield from _default_yes_no(node, key)
    elif isinstance(node, list):
        for index, entry in enumerate(node):
            if isinstance(entry, dict):
                yield from _walk(entry, f"{key}[{element_name(entry, index)}]", field, all_text)


def _is_bare_yes_no(node: dict[str, Any]) -> bool:
    return node.get("type") == "yes_no" and "options" not in node


def _default_yes_no(node: dict[str, Any], key: str) -> Iterator[tuple[str, Any, str]]:
    if not _is_bare_yes_no(node):
        return
    from intake_tui.core.bank.models import YES_NO_DEFAULT_LABELS

    # Written out, so a translation can replace the labels; values and order unchanged.
    node["options"] = [
        {"value": value, "label": YES_NO_DEFAULT_LABELS[value]} for value in YES_NO_VALUES
    ]
    for value, option in zip(YES_NO_VALUES, node["options"], strict=True):
        yield f"{key}.options[{value}].label", option, "label"


def text_strings(data: dict[str, Any], source: str) -> dict[str, str]:
    """Every text string of one parsed source file (``source``: its path in the folder,
    e.g. "sections/03-health.toml"), by key, in file order."""
    return {key: parent[field] for key, parent, field in _text_slots(data, source)}


def replace_texts(
    data: dict[str, Any], source: str, lookup: Callable[[str, str], str | None]
) -> None:
    """Swap each text string of ``data`` for ``lookup(key, english)`` where that gives
    one (in place)."""
    for key, parent, field in list(_text_slots(data, source)):
        translated = lookup(key, parent[field])
        if translated:
            parent[field] = translated


def _text_slots(data: dict[str, Any], source: str) -> Iterator[tuple[str, Any, str]]:
    if source in NO_TEXT_FILES:
        return iter(())
    return _walk(data, "", "", source in ALL_TEXT_FILES)
