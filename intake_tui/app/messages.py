"""Messages screens post once their content has been painted.

Nothing in the app needs them; the benchmark (and tests) observe them through
Textual's message hook to time "key press -> next screen painted".
"""

from __future__ import annotations

from time import perf_counter

from textual.message import Message


class Painted(Message):
    """A screen set new content (``what`` says which) and has refreshed since.

    ``content_set_at`` is when the content was set: the first frame Textual composes
    after it shows the new content, which is what the benchmark times up to.
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.content_set_at = perf_counter()
