"""Text from the bank, an answer or a file, made safe to print, and the one way out."""

from __future__ import annotations

import re
import select
import textwrap
from typing import TextIO

from intake_tui.core.safe_text import printable
from intake_tui.plain.words import UNREADABLE_LINE


def safe(value: object) -> str:
    """``value`` on one line, every control character, escape sequence and bidi
    override shown escaped (``\\x1b``): it can never drive the terminal or a reader."""
    return printable(" ".join(str(value).split()), keep_newlines=False)


class EndOfInput(Exception):
    """Standard input ended: nothing more will be typed."""


class Idle(Exception):
    """Nothing was typed at a terminal for the idle time (front desk)."""


class Console:
    """Lines out, lines in. ``pad_after_input``: the input is not a terminal (a pipe),
    so what is typed is not echoed; a new line after each prompt keeps one line per
    message in the transcript."""

    def __init__(
        self, lines: TextIO, out: TextIO, *, pad_after_input: bool, width: int | None = None
    ) -> None:
        self._lines = lines
        self._out = out
        self._pad = pad_after_input
        self._width = width
        self._mid_line = False  # a prompt is printed and its line not yet ended
        # Front desk, at a terminal: Idle when no line comes within this many seconds.
        self.idle_after: float | None = None

    @property
    def on_terminal(self) -> bool:
        """Printing to a terminal (lines are wrapped to its width), not to a pipe."""
        return self._width is not None

    def say(self, *lines: str, hang: bool = True) -> None:
        """Print whole lines, from the start of a line (Ctrl-C may come mid-prompt);
        callers have made any outside text safe (``safe``). ``hang``: a wrapped line
        continues under the text after its number, bullet or label."""
        if self._mid_line:
            self._out.write("\n")
            self._mid_line = False
        for line in lines:
            self._out.write(self._wrapped(line, hang) + "\n")
        self._out.flush()

    def _wrapped(self, line: str, hang: bool) -> str:
        """On a terminal ``width`` wide, a long line breaks between words (the terminal
        would cut words in two), its continuation under the text of a numbered or
        bulleted item; over a pipe (no width) lines stay whole for a screen reader."""
        if self._width is None or len(line) <= self._width:
            return line
        lead = re.match(r"\s*(?:\d+\.\s|[-•*]\s|\w[\w ]{0,20}:\s)?", line) if hang else None
        indent = " " * len(lead.group(0)) if lead else ""
        return textwrap.fill(
            line,
            self._width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )

    def ask(self, prompt: str) -> str:
        """Print ``prompt`` and read one line (without its end); EndOfInput at the end.
        A line with bytes that are not UTF-8 (read as lone surrogates) is refused, and
        asked again: nothing unreadable is saved as replacement marks."""
        while True:
            line = self._read_after(prompt)
            if not _has_undecodable(line):
                return line
            self.say(UNREADABLE_LINE)

    def _read_after(self, prompt: str) -> str:
        self._out.write(prompt)
        self._out.flush()
        self._mid_line = True
        line = self._readline()
        if self._pad or not line:
            self._out.write("\n")
            self._out.flush()
        self._mid_line = False  # on a terminal the typed Enter ended the line
        if not line:
            raise EndOfInput
        return line.rstrip("\r\n")

    def _readline(self) -> str:
        """One line; Idle when a terminal gives none within ``idle_after``. A terminal
        hands over one line per read, so nothing typed waits unseen in a buffer."""
        if self.idle_after is not None and is_terminal(self._lines):
            ready, _, _ = select.select([self._lines], [], [], self.idle_after)
            if not ready:
                raise Idle
        return self._lines.readline()


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a file at all
        return False


def _has_undecodable(line: str) -> bool:
    """Input decoded with ``surrogateescape`` keeps each byte that is not UTF-8 as a
    lone surrogate (U+DC80 to U+DCFF)."""
    return any("\udc80" <= c <= "\udcff" for c in line)
