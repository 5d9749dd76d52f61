"""Messages screens post once their content has been painted.

Nothing in the app needs them; the benchmark (and tests) observe them through
Textual's message hook to time "key press -> next screen painted".
"""

from __future__ import annotations

from textual.message import Message


class Painted(Message):
    """A screen finished painting new content (``what`` says which)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
