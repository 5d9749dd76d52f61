"""The Bundle value: a folder's question bank, protocol tables and clinic settings.

Apart from its loader (core/bundle.py) so that the linter, which the loader runs,
can name the type without importing the loader back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intake_tui.core.bank.models import Bank
from intake_tui.core.bank.named import NamedConditions
from intake_tui.core.protocol.models import ClinicSettings, Protocol


@dataclass(frozen=True)
class Bundle:
    bank: Bank
    protocol: Protocol
    settings: ClinicSettings
    root: Path
    # The named conditions the bank and protocol were loaded with (read once);
    # None for a bundle put together by hand: the linter then reads them from root.
    named: NamedConditions | None = None
    # The language of the texts people read (core/i18n); ids and values never change.
    language: str = "en"
