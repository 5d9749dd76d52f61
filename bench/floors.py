"""The floors each figure is measured against: the least a Textual program or a
TOML reader must do for the same job.

    python -m bench.floors minimal          # paints one line, runs until killed
    python -m bench.floors minimal-rss      # paints one line, prints peak RSS (KiB), exits
    python -m bench.floors parse DIR        # tomllib-parses every report in DIR
    python -m bench.floors parse DIR --pool N   # the same over a pool of N processes
    python -m bench.floors report IN OUT    # imports pydantic and tomli_w; TOML in, TOML out

References: not floors, but what the floors leave out, measured the same way.

    python -m bench.floors welcome-widgets  # a bare app with the welcome screen's widgets
    python -m bench.floors question-widgets # the same; on n, pydantic and a screen of the
                                            # question screen's widgets
    python -m bench.floors minimal-rss --one-model   # the floor plus one pydantic model
    python -m bench.floors report IN OUT --one-model # the floor, validating through a model
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel

MARKER = "floor-ready"


def minimal(print_rss: bool, one_model: bool = False) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    if one_model:
        _one_model()

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


def welcome_widgets() -> None:
    """The welcome screen's widgets, without the program: what the widgets cost."""
    from textual.app import App, ComposeResult
    from textual.containers import Vertical
    from textual.widgets import Footer, Label, OptionList, Static

    class Welcome(App[None]):
        def compose(self) -> ComposeResult:
            with Vertical():
                yield Static("Microneedling intake")
                yield Static("A few questions about your skin.")
                yield Static("Mode: self-assessment")
                yield OptionList("Start a new intake", "Browse saved reports", "Quit")
                yield Label("Unfinished intakes")
                yield OptionList("No unfinished intakes")
                yield Static()
            yield Footer(compact=True, show_command_palette=False)

    Welcome().run()


def question_widgets() -> None:
    """The welcome screen's widgets; on `n`, one pydantic model declared (the program
    reads its bank and answers through pydantic) and a screen pushed with the question
    screen's widgets: what a first question costs without the program."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical
    from textual.screen import Screen
    from textual.widgets import (
        Button,
        ContentSwitcher,
        Footer,
        Header,
        Input,
        OptionList,
        ProgressBar,
        SelectionList,
        Static,
    )

    class Question(Screen[None]):
        DEFAULT_CSS = """
        Horizontal { height: auto; }
        Horizontal > Static { width: auto; margin-right: 2; }
        Vertical { height: auto; }
        """

        def compose(self) -> ComposeResult:
            yield Header()
            with Vertical():
                with Horizontal():
                    yield Static("About you")
                    yield Static("Question 1 of about 40")
                yield ProgressBar(total=40, show_eta=False, show_percentage=False)
                yield Static("Welcome. A few questions about your skin.")
                yield Static("Why we ask: so the plan fits you.")
                with ContentSwitcher(initial="single"):
                    yield OptionList(*[f"{n}  Option {n}" for n in range(1, 7)], id="single")
                    yield SelectionList[int](*[(f"Option {n}", n) for n in range(6)], id="multi")
                    yield Input(id="typed")
                    yield Static(id="note")
                with Horizontal():
                    yield Button("Continue (Enter)", compact=True)
                    yield Static("1-6 choose · Esc back")
            yield Footer(compact=True, show_command_palette=False)

    class FirstQuestion(App[None]):
        BINDINGS = [Binding("n", "first_question")]

        def compose(self) -> ComposeResult:
            with Vertical():
                yield Static("Microneedling intake")
                yield OptionList("Start a new intake", "Browse saved reports", "Quit")
            yield Footer(compact=True, show_command_palette=False)

        def action_first_question(self) -> None:
            _one_model()
            self.push_screen(Question())

    FirstQuestion().run()


def _one_model() -> type[BaseModel]:
    """Declare one pydantic model: the least a program built on pydantic does."""
    from pydantic import BaseModel, ConfigDict

    class Document(BaseModel):
        model_config = ConfigDict(extra="allow")

    return Document


def parse(folder: Path, pool: int = 1) -> None:
    """tomllib over every report; with ``pool`` > 1, in that many worker processes fed
    in chunks as `intake rescore` feeds its pool (core/rescore.py rescore_folder)."""
    paths = sorted(folder.glob("intake-*.toml"))
    if pool < 2:
        _parse_all(paths)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(50, len(paths) // (pool * 8))
    with ProcessPoolExecutor(pool) as workers:
        list(workers.map(_parse_all, [paths[i : i + chunk] for i in range(0, len(paths), chunk)]))


def _parse_all(paths: list[Path]) -> int:
    import tomllib

    for path in paths:
        tomllib.loads(path.read_bytes().decode("utf-8"))
    return len(paths)


def report(source: Path, target: Path, one_model: bool = False) -> None:
    import tomllib

    import pydantic  # noqa: F401  (the floor pays for the same imports)
    import tomli_w

    data = tomllib.loads(source.read_text(encoding="utf-8"))
    if one_model:
        data = _one_model().model_validate(data).model_dump()
    target.write_text(tomli_w.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    one_model = "--one-model" in rest
    rest = [arg for arg in rest if arg != "--one-model"]
    pool = int(rest.pop(rest.index("--pool") + 1)) if "--pool" in rest else 1
    rest = [arg for arg in rest if arg != "--pool"]
    if command in ("minimal", "minimal-rss"):
        minimal(print_rss=command == "minimal-rss", one_model=one_model)
    elif command == "welcome-widgets":
        welcome_widgets()
    elif command == "question-widgets":
        question_widgets()
    elif command == "parse":
        parse(Path(rest[0]), pool)
    elif command == "report":
        report(Path(rest[0]), Path(rest[1]), one_model=one_model)
