"""The Textual front end. It renders core state and forwards key presses; no
clinical logic lives here."""
