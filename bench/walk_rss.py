"""Walk the whole bank headless, then print the peak RSS in KiB (for the memory figure).

python -m bench.walk_rss                  # the whole walk, finished, in an empty data folder
python -m bench.walk_rss 6                # the first 6 answers only (bench --smoke)
python -m bench.walk_rss all DIR          # the whole walk in the data folder DIR (its reports
                                          # listed first, as at start-up; the walk saves there)
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


async def walk(answers: int | None, data_dir: Path) -> None:
    config = AppConfig(
        bundle=load_bundle(),
        data_dir=data_dir,
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


def main(argv: list[str]) -> None:
    answers = None if not argv or argv[0] == "all" else int(argv[0])
    if len(argv) > 1:
        asyncio.run(walk(answers, Path(argv[1])))
    else:
        with tempfile.TemporaryDirectory() as scratch:
            asyncio.run(walk(answers, Path(scratch)))
    print(peak_rss_kib())


if __name__ == "__main__":
    main(sys.argv[1:])
