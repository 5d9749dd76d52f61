"""Small widget subclasses: Enter continues instead of toggling."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, SelectionList, Static

TICK_TOOLTIP = "Tick or untick the highlighted option"


class MultiChoice(SelectionList[str]):
    """Several choices: Space or a digit toggles, Enter continues."""

    BINDINGS = [
        Binding("enter", "screen.continue", "Continue"),
        Binding("space", "select", "Tick", tooltip=TICK_TOOLTIP),
    ]


class SingleChoice(OptionList):
    """One choice: Enter picks the highlighted option and continues."""

    BINDINGS = [Binding("enter", "select", "Continue")]


class AnswerInput(Input):
    """Typed answers; Enter checks the answer and continues."""

    BINDINGS = [Binding("enter", "submit", "Continue")]


class NoteCard(Static, can_focus=True):
    """A display-only note; Enter continues."""

    BINDINGS = [Binding("enter", "screen.continue", "Continue")]


class SteadyFooter(Footer):
    """A footer that rebuilds only when the keys it shows change.

    Textual's footer rebuilds every key (new widgets, styles, layout) whenever the
    screen's bindings are refreshed: after every action and focus change, two or
    three times per answered question. Here the same keys are left alone, and keys
    that only became enabled or dimmed are updated in place.
    """

    _shown: list[tuple[Any, ...]] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = self._shown_keys(screen)
        rebuilding = screen.app.app_focus and self.is_attached and screen is self.screen
        same_keys = self._shown is not None and [k for k, _ in shown] == [k for k, _ in self._shown]
        if rebuilding and self._bindings_ready and same_keys:
            self._set_enabled([enabled for _, enabled in shown])
            self._shown = shown
            return
        if rebuilding:
            self._shown = shown
        super().bindings_changed(screen)

    def _shown_keys(self, screen: Screen[Any]) -> list[tuple[Any, ...]]:
        """What each key of the footer shows, and whether it is enabled, in order: one
        per action, as Footer.compose lays them out. The action itself is left out:
        Enter continues through a different action on each answer widget, and a
        click on a footer key sends its key, not its action."""
        first_per_action: dict[str, tuple[Any, ...]] = {}
        for _, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in first_per_action:
                look = (binding.key, self.app.get_key_display(binding), binding.description)
                first_per_action[binding.action] = ((*look, tooltip, binding.group), enabled)
        return list(first_per_action.values())

    def _set_enabled(self, enabled: list[bool]) -> None:
        """Dim or light keys as FooterKey's constructor would have (its style class,
        and the flag that makes a click on a dimmed key ring the bell)."""
        # By type name: FooterKey lives in a private Textual module (textual.widgets._footer).
        for footer_key, is_enabled in zip(self.query("FooterKey"), enabled, strict=False):
            footer_key.set_class(not is_enabled, "-disabled")
            # FooterKey's own flag (pyproject pins Textual's minor version for this).
            setattr(footer_key, "_disabled", not is_enabled)  # noqa: B010
