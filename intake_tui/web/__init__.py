"""The browser kiosk (`intake serve`): textual-serve runs one kiosk app per browser tab.

Optional: it needs the `web` extra. The app never imports it; the CLI reads only
this file's constant (no web extra needed for that).
"""

# Each browser tab runs its own app (~50 MB): past this many at once, a tab is turned away.
DEFAULT_MAX_TABS = 8
