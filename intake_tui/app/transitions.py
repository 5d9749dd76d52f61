"""Screen transitions that happen once, however fast the keys come.

Textual's ``dismiss`` pops whatever screen is on top: a second Enter (a double
press, key auto-repeat) arriving before the first dismissal has landed would pop
the screen below as well. Only a screen still on top may leave.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.screen import Screen

R = TypeVar("R")


def dismiss_once(screen: Screen[R], result: R | None = None) -> None:
    """Dismiss ``screen`` with ``result``, unless it has already left the top."""
    if screen.is_active:
        screen.dismiss(result)


def pop_once(screen: Screen[Any]) -> None:
    """Pop ``screen`` if it is still the one on top (and not the last one)."""
    if screen.is_active and len(screen.app.screen_stack) > 1:
        screen.app.pop_screen()
