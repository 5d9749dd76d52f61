"""Widget subclasses every screen shares: a footer that shows its keys and keeps its
shape, and a header that survives a quit mid-push. The answer widgets are in
answer_widgets.py."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static


class KeysFooter(Footer):
    """Textual's footer, showing its keys from the first frame even if the app has no
    focus yet.

    Footer leaves its keys as they are while the app is unfocused (so they do not
    flicker as focus leaves); a footer that never showed them stays empty until the
    app gets focus. Under textual-serve the app starts unfocused (the web driver says
    so), and the page reports focus only after a click or a key: the kiosk's welcome
    screen showed an empty footer, and so would a screen shown while the tab is in the
    background (the idle return home). A terminal sends no blur, so it never showed.
    """

    _keys_shown = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        first = not self._keys_shown and self.is_attached and screen is self.screen
        if first:
            self._keys_shown = True
        if first and not screen.app.app_focus:
            self._bindings_ready = True  # what Footer sets before it would return early
            self.call_after_refresh(self.recompose)
            return
        super().bindings_changed(screen)


class SteadyFooter(KeysFooter):
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
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
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


class SafeHeader(Header):
    """Textual's Header, minus a crash when the app quits in the frame a screen is pushed.

    Header updates its title from watchers it starts on mount; one that runs after
    the app began closing found the title widget gone (NoMatches) and crashed the
    exit. This is Header._on_mount with that case ignored, as it ignores NoScreen;
    prevent_default keeps Textual from also running Header's own.
    """

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()
        Widget._on_mount(self, event)  # what prevent_default skipped besides Header's

        async def set_title() -> None:
            with suppress(NoMatches, NoScreen):
                self.query_one("HeaderTitle", Static).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)


def focus_list(screen: Screen[Any], options: OptionList) -> None:
    """Move to a list from its filter (Enter or down), on its first row if none is
    highlighted: the next Enter opens it."""
    screen.set_focus(options)
    if options.option_count and options.highlighted is None:
        options.highlighted = 0
