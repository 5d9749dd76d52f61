"""Small widget subclasses: Enter continues instead of toggling."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList, SelectionList, Static


class MultiChoice(SelectionList[str]):
    """Several choices: Space or a digit toggles, Enter continues."""

    BINDINGS = [
        Binding("enter", "screen.continue", "Continue", show=False),
        Binding("space", "select", "Toggle", show=False),
    ]


class SingleChoice(OptionList):
    """One choice: Enter picks the highlighted option and continues."""


class NoteCard(Static, can_focus=True):
    """A display-only note; Enter continues."""

    BINDINGS = [Binding("enter", "screen.continue", "Continue", show=False)]
