"""The limits every value read from a file or typed by a person must keep.

Checked at the boundary, before any arithmetic or model validation, so a hostile
value gets one sentence instead of an overflow, a recursion error or a hang.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from intake_tui.core.safe_text import has_control_characters, shown

MAX_DEPTH = 32  # tables and arrays inside each other; real files use 4 or 5
MAX_ITEMS = 10_000  # entries in one table or array; a bank has a few hundred
MAX_INTEGER = 10**9  # |n| below this: ages, days, prices; far from any overflow
# A client's birth date is after 1900, a plan date a few years ahead; within these
# years date arithmetic (plans add months and years) can never leave date's range.
MIN_YEAR, MAX_YEAR = 1900, 2200


def integer_problem(value: int) -> str | None:
    if abs(value) >= MAX_INTEGER:
        return f"a number too large (at most {MAX_INTEGER - 1:,} either way)"
    return None


def year_problem(value: date) -> str | None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"a date outside the years {MIN_YEAR} to {MAX_YEAR}"
    return None


def text_problem(value: str) -> str | None:
    if has_control_characters(value):
        return "text with control characters (only letters, digits, spaces and punctuation)"
    return None


def answer_problem(value: object, *, text: bool = True) -> str | None:
    """Why an answer (or each item of a list answer) breaks a limit, or None: checked
    before any other use of the value, so no arithmetic runs on a hostile one.
    ``text``: check text for control characters too."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, bool):
            continue
        if isinstance(item, int) and (problem := integer_problem(item)):
            return problem
        if isinstance(item, date) and (problem := year_problem(item)):
            return problem
        if text and isinstance(item, str) and (problem := text_problem(item)):
            return problem
    return None


def value_problem(value: object) -> str | None:
    """Why a single parsed value breaks a limit, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return integer_problem(value)
    if isinstance(value, datetime | date):
        return year_problem(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "a number that is not finite (inf or nan)"
    if isinstance(value, str) and "\x00" in value:
        return "text with a NUL character"
    return None


def shape_problem(data: Any, *, check_values: bool = True) -> str | None:
    """Why parsed data is too deep, too long or holds an out-of-range value, or None.
    Iterative, so a hostile depth cannot exhaust the stack here."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        node, depth, where = stack.pop()
        children: list[tuple[str, Any]]
        if isinstance(node, dict):
            children = [(f"{where}.{key}" if where else str(key), v) for key, v in node.items()]
        elif isinstance(node, list):
            children = [(f"{where}[{i}]", v) for i, v in enumerate(node)]
        else:
            problem = value_problem(node) if check_values else None
            if problem:
                return f"{_place(where)}: {problem}"
            continue
        if depth >= MAX_DEPTH:
            return f"{_place(where)}: nested more than {MAX_DEPTH} levels deep"
        if len(children) > MAX_ITEMS:
            return f"{_place(where)}: more than {MAX_ITEMS:,} entries"
        stack.extend((child, depth + 1, name) for name, child in children)
    return None


def _place(where: str) -> str:
    return shown(where, 60) if where else "the file"
