"""Text from the bank, an answer or a file, made safe to print, and the one way out."""

from __future__ import annotations

import re
import textwrap
from typing import TextIO

from intake_tui.core.safe_text import printable


def safe(value: object) -> str:
    """``value`` on one line, every control character, escape sequence and bidi
    override shown escaped (``\\x1b``): it can never drive the terminal or a reader."""
    return printable(" ".join(str(value).split()), keep_newlines=False)


class EndOfInput(Exception):
    """Standard input ended: nothing more will be typed."""


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

    def say(self, *lines: str) -> None:
        """Print whole lines; callers have made any outside text safe (``safe``)."""
        for line in lines:
            self._out.write(self._wrapped(line) + "\n")
        self._out.flush()

    def _wrapped(self, line: str) -> str:
        """On a terminal ``width`` wide, a long line breaks between words (the terminal
        would cut words in two), its continuation under the text of a numbered or
        bulleted item; over a pipe (no width) lines stay whole for a screen reader."""
        if self._width is None or len(line) <= self._width:
            return line
        lead = re.match(r"\s*(?:\d+\.\s|[-•*]\s|\w[\w ]{0,20}:\s)?", line)
        indent = " " * len(lead.group(0)) if lead else ""
        return textwrap.fill(
            line,
            self._width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )

    def ask(self, prompt: str) -> str:
        """Print ``prompt`` and read one line (without its end); EndOfInput at the end."""
        self._out.write(prompt)
        self._out.flush()
        line = self._lines.readline()
        if self._pad or not line:
            self._out.write("\n")
            self._out.flush()
        if not line:
            raise EndOfInput
        return line.rstrip("\r\n")
