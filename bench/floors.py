"""The floors each figure is measured against: the least a Textual program or a
TOML reader must do for the same job.

    python -m bench.floors minimal          # paints one line, runs until killed
    python -m bench.floors minimal-rss      # paints one line, prints peak RSS (KiB), exits
    python -m bench.floors parse DIR        # tomllib-parses every report in DIR
    python -m bench.floors report IN OUT    # imports pydantic and tomli_w; TOML in, TOML out
"""

from __future__ import annotations

import sys
from pathlib import Path

MARKER = "floor-ready"


def minimal(print_rss: bool) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(MARKER)

        def on_ready(self) -> None:
            if print_rss:
                self.exit()

    Minimal().run(headless=print_rss)
    if print_rss:
        from bench.rss import peak_rss_kib

        print(peak_rss_kib())


def parse(folder: Path) -> None:
    import tomllib

    for path in sorted(folder.glob("intake-*.toml")):
        tomllib.loads(path.read_bytes().decode("utf-8"))


def report(source: Path, target: Path) -> None:
    import tomllib

    import pydantic  # noqa: F401  (the floor pays for the same imports)
    import tomli_w

    data = tomllib.loads(source.read_text(encoding="utf-8"))
    target.write_text(tomli_w.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command in ("minimal", "minimal-rss"):
        minimal(print_rss=command == "minimal-rss")
    elif command == "parse":
        parse(Path(rest[0]))
    elif command == "report":
        report(Path(rest[0]), Path(rest[1]))
