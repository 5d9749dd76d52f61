"""The question screen's answer widgets: explicit choices, ticks that read without
colour, and Enter that continues instead of toggling. Apart from the widgets every
screen shares (widgets.py): the welcome screen, the first frame, never imports these."""

from __future__ import annotations

from typing import Self

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Button, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from intake_tui.core.i18n import _

# One Space key on every question, so the footer keeps its shape (SteadyFooter).
CHOOSE_KEY_LABEL = _("Choose")
CHOOSE_TOOLTIP = _("Choose, or tick and untick, the highlighted option")
# Glyphs, not colour alone: they read the same under NO_COLOR and in a screenshot.
CHOSEN, UNCHOSEN = "(•) ", "( ) "
TICKED, UNTICKED = "[x] ", "[ ] "


class MultiChoice(SelectionList[str]):
    """Several choices: Space or a digit toggles, Enter continues. Each option shows
    ``[x]`` or ``[ ]`` in place of Textual's colour-only "X" button."""

    BINDINGS = [
        Binding("enter", "screen.continue", _("Continue")),
        Binding("space", "select", CHOOSE_KEY_LABEL, tooltip=CHOOSE_TOOLTIP),
    ]
    DEFAULT_CSS = """
    MultiChoice > .selection-list--button,
    MultiChoice > .selection-list--button-highlighted {
        color: $text;
        text-style: none;
    }
    MultiChoice > .selection-list--button-selected,
    MultiChoice > .selection-list--button-selected-highlighted {
        color: $text-success;
        text-style: bold;
    }
    """

    # Values that stand alone ("None of these"): ticking one clears the rest, and
    # ticking anything else clears it. Done as the tick happens, not in a message
    # handler: keys typed in one burst ("1 3 4") would otherwise be judged against
    # ticks made after them.
    exclusive: frozenset[str] = frozenset()

    def toggle(self, selection: Selection[str] | str) -> Self:
        super().toggle(selection)
        value = selection.value if isinstance(selection, Selection) else selection
        if value in self.selected:
            for other in self.selected:
                if other != value and (value in self.exclusive or other in self.exclusive):
                    self.deselect(other)
        return self

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt alone, without the "X" button
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self.selected
        component = "selection-list--button" + ("-selected" if ticked else "")
        if self.highlighted == index:
            component += "-highlighted"
        look = self.get_component_rich_style(component)
        base = next(iter(line)).style or self.rich_style
        # The prompt's background (the highlight bar), the glyph's own colour, and the
        # option index, so that a click on the glyph ticks like a click on the label.
        style = base + Style(color=look.color, bold=look.bold, meta={"option": index})
        return Strip([Segment(TICKED if ticked else UNTICKED, style), *line])


class SingleChoice(OptionList):
    """One choice: a digit, Space or a click chooses (the screen shows ``(•)``);
    Enter continues with the highlighted option."""

    BINDINGS = [
        Binding("enter", "screen.continue", _("Continue")),
        Binding("space", "select", CHOOSE_KEY_LABEL, tooltip=CHOOSE_TOOLTIP),
    ]


class ContinueButton(Button, can_focus=False):
    """The visible "continue" of every question, for the mouse; the keyboard's is Enter.
    Never focused, so that keys keep going to the answer."""


class AnswerInput(Input):
    """Typed answers; Enter checks the answer and continues."""

    BINDINGS = [Binding("enter", "submit", _("Continue"))]


class NoteCard(Static, can_focus=True):
    """A display-only note; Enter continues."""

    BINDINGS = [Binding("enter", "screen.continue", _("Continue"))]
