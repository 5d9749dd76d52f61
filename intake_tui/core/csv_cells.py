"""A CSV cell a spreadsheet shows as text, apart from csv_export (and its pydantic) so
`intake due --csv` starts fast (issue 14.5)."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
