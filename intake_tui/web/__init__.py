"""The browser kiosk (`intake serve`): textual-serve runs one kiosk app per browser tab.

Optional: it needs the `web` extra. Nothing here is imported by the app or the
headless commands.
"""
