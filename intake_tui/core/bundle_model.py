"""The Bundle value: a folder's question bank, protocol tables and clinic settings.

Apart from its loader (core/bundle.py) so that the linter, which the loader runs,
can name the type without importing the loader back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intake_tui.core.bank.models import Bank
from intake_tui.core.protocol.models import ClinicSettings, Protocol


@dataclass(frozen=True)
class Bundle:
    bank: Bank
    protocol: Protocol
    settings: ClinicSettings
    root: Path
