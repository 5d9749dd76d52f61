"""Plain mode: the intake line by line, for screen readers, dumb terminals and pipes.

The same core as the app (controller, session, store, bank, documents); nothing
here imports Textual, and nothing printed holds a colour or an escape sequence.
"""
