"""Walk the whole bank headless, then print the peak RSS in KiB (for the memory figure).

python -m bench.walk_rss        # the whole walk, finished
python -m bench.walk_rss 6      # the first 6 answers only (bench --smoke)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.rss import peak_rss_kib
from bench.walk import WALK_KEYS
from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.core.bundle import load_bundle


async def walk(answers: int | None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        config = AppConfig(
            bundle=load_bundle(),
            data_dir=Path(scratch),
            clock=lambda: datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
        )
        app = IntakeApp(config)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("n", "enter")
            for step in WALK_KEYS[:answers]:
                await pilot.press(*step, "enter")
            if answers is None:
                await pilot.press("f")
            await pilot.pause()


if __name__ == "__main__":
    asyncio.run(walk(int(sys.argv[1]) if len(sys.argv) > 1 else None))
    print(peak_rss_kib())
