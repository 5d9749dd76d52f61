"""The document every rendering shares: the results screen, Markdown, HTML, PDF, text.

Every string here is plain text exactly as a reader should see it: no Markdown, no
HTML, no Rich markup. Each renderer escapes it for its own format, so a client
reference of ``[bold]`` or ``<script>`` prints as those characters everywhere.
Emphasis is structure (a Badge, a Callout, a Paragraph's ``strong``), never markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Audience = Literal["client", "practitioner"]
Tone = Literal["go", "wait", "stop", "info"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document title; sections start at 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False
    quiet: bool = False  # a side remark: italic on screen, smaller in print


@dataclass(frozen=True)
class Badge:
    """The verdict, shown as a coloured label where the format allows."""

    text: str
    tone: Tone


@dataclass(frozen=True)
class Callout:
    """A box that must not be missed: a staff override, a hold, the notice."""

    text: str
    tone: Tone = "info"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Label and value pairs: who, when, which questionnaire."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PageBreak:
    """Print starts a new page here (between the summary and the detail)."""


Block = Heading | Paragraph | Badge | Callout | Bullets | Facts | Table | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    audience: Audience
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    # Its words' language (core/i18n): "en", "es", "pt_BR"...
    language: str = "en"

    @property
    def language_tag(self) -> str:
        """As HTML's lang attribute writes it: "pt-BR"."""
        return self.language.replace("_", "-")
