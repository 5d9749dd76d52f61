"""Messages screens post: what a person meant (``Intended``), and what was painted.

``Painted`` is for observers only: the benchmark (and tests) watch it through
Textual's message hook to time "key press -> next screen painted".
"""

from __future__ import annotations

from time import perf_counter
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.screen import Screen

    from intake_tui.core.controller import Intent


class Intended(Message):
    """A key press or click on ``screen`` meant ``intent``; the app applies it through
    the core controller. The screen is named so that an intent from a screen that is
    no longer on top (a key auto-repeated past a transition) is dropped."""

    def __init__(self, intent: Intent, screen: Screen[Any]) -> None:
        super().__init__()
        self.intent = intent
        self.screen = screen


class Painted(Message):
    """A screen set new content (``what`` says which) and has refreshed since.

    ``content_set_at`` is when the content was set: the first frame Textual composes
    after it shows the new content, which is what the benchmark times up to.
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.content_set_at = perf_counter()
