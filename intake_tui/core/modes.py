"""The two ways the intake is used, and how people may spell them.

Kept free of pydantic so the app launcher can read it before the first paint.
"""

from __future__ import annotations

from typing import Literal

Mode = Literal["self", "front_desk"]
_SPELLINGS: dict[str, Mode] = {
    "self": "self",
    "front_desk": "front_desk",
    "front-desk": "front_desk",
}


def parse_mode(text: str) -> Mode | None:
    """The mode written as 'self', 'front-desk' or 'front_desk'; None for anything else."""
    return _SPELLINGS.get(text)


# Staff initials, as the dialogs and `intake delete --staff` accept them.
STAFF_INITIALS_PATTERN = r"[A-Za-z]{1,4}"
