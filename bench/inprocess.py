"""In-process, headless timings: answer -> next question, and the saved-reports list.

Each latency runs from the arrival of the key press to the first frame Textual
composes after the screen set its new content. A screen marks that moment with a
`Painted` message (seen through Textual's message hook); frames are seen by
wrapping the app's `_display`, where the compositor's update would be written to
the terminal (headless, the writing itself is left out: the same for the floors).
Ending at the `Painted` message alone would sometimes stop before the frame: a
callback "after refresh" runs at once when no refresh is pending yet.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Footer,
    Header,
    Input,
    OptionList,
    ProgressBar,
    SelectionList,
    Static,
)

from bench.walk import WALK_KEYS
from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.messages import Painted
from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import Bundle

SIZE = (120, 40)
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class Stopwatch:
    """Times each key press (of the given keys) to the first frame composed after
    the next matching Painted message's content was set."""

    def __init__(self, keys: set[str], painted: str) -> None:
        self.keys, self.painted = keys, painted
        self.started: float | None = None
        self.content_set_at: float | None = None
        self.frames: list[float] = []
        self.samples: list[float] = []
        self.painted_what: list[str] = []

    def frame(self, at: float) -> None:
        self.frames.append(at)
        if self.content_set_at is not None and at >= self.content_set_at:
            self._finish(at)

    def hook(self, message: Message) -> None:
        if isinstance(message, events.Key) and message.key in self.keys and self.started is None:
            self.started = perf_counter()
            self.content_set_at = None
        elif isinstance(message, Painted) and message.what.startswith(self.painted):
            self.painted_what.append(message.what)
            if self.started is None or message.content_set_at < self.started:
                return  # no key pending, or an earlier screen's late message
            self.content_set_at = message.content_set_at
            written = [at for at in self.frames[-5:] if at >= message.content_set_at]
            if written:  # the frame came before this message: common
                self._finish(written[0])

    def _finish(self, frame_at: float) -> None:
        assert self.started is not None
        self.samples.append(frame_at - self.started)
        self.started = self.content_set_at = None


def watch_frames(app: App[Any], *watches: Stopwatch) -> None:
    """Tell the stopwatches when the app has composed each frame (a private hook:
    bench only). Headless, nothing reaches a terminal; `_display` is where the
    compositor's update would be written, and an empty or batched call is no frame."""
    write_frame = app._display

    def display(screen: Any, renderable: Any) -> None:
        write_frame(screen, renderable)
        if renderable is None or app._batch_count:
            return
        at = perf_counter()
        for watch in watches:
            watch.frame(at)

    app._display = display  # type: ignore[method-assign]


def _app(bundle: Bundle, data_dir: Path) -> IntakeApp:
    return IntakeApp(
        AppConfig(bundle=bundle, data_dir=data_dir, clock=lambda: NOW, cursor_blink=False)
    )


async def _walk_ours(bundle: Bundle, answers: int | None) -> tuple[list[float], list[str]]:
    watch = Stopwatch({"enter"}, "question:")
    with tempfile.TemporaryDirectory() as scratch:
        app = _app(bundle, Path(scratch))
        watch_frames(app, watch)
        async with app.run_test(size=SIZE, message_hook=watch.hook) as pilot:
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("enter")  # past the welcome note
            # The last Enter leads to the review, not a question.
            for step in WALK_KEYS[:-1][:answers]:
                await pilot.press(*step, "enter")
    # The first sample is the welcome note -> first question; the floor starts there.
    visited = [what.removeprefix("question:") for what in watch.painted_what]
    return watch.samples[1:], list(dict.fromkeys(visited))[1:]


class BareQuestions(App[None]):
    """The floor: mount the same widget with the same options for each question."""

    BINDINGS = [Binding("enter", "next", priority=True)]

    def __init__(self, questions: list[Question]) -> None:
        super().__init__()
        self.questions = questions
        self.position = 0

    def compose(self) -> ComposeResult:
        yield Vertical(id="slot")

    def on_mount(self) -> None:
        self.show()

    def action_next(self) -> None:
        self.position += 1
        if self.position < len(self.questions):
            self.show()

    def show(self) -> None:
        question = self.questions[self.position]
        slot = self.query_one("#slot", Vertical)
        slot.remove_children()
        widget = _widget_for(question)
        slot.mount(Static(question.prompt), widget)
        widget.focus()
        self.call_after_refresh(self.post_message, Painted("question:floor"))


class BareQuestionScreen(BareQuestions):
    """A reference, not the floor: the floor plus the rest of what our question screen
    shows (header, section and progress, why we ask, key hint, footer), each updated
    for every question. No draft is saved and nothing is computed."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="section")
        yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
        yield Vertical(id="slot")
        yield Static(id="why")
        yield Static(id="hint")
        yield Footer(compact=True)

    def show(self) -> None:
        question = self.questions[self.position]
        number, total = self.position + 1, len(self.questions)
        self.query_one("#section", Static).update(f"Question {number} of about {total}")
        self.query_one("#progress", ProgressBar).update(total=total, progress=number - 1)
        self.query_one("#why", Static).update(f"Why we ask: {question.why}")
        self.query_one("#hint", Static).update("1-9 choose · Enter continue · Esc back")
        super().show()


def _widget_for(question: Question) -> Widget:
    labels = [o.label for o in question.options]
    if question.type == "multiple":
        return SelectionList[str](
            *[(label, o.value) for label, o in zip(labels, question.options, strict=True)]
        )
    if question.type in ("single", "yes_no"):
        return OptionList(*labels)
    return Input()


async def _walk_floor(questions: list[Question], app_class: type[BareQuestions]) -> list[float]:
    watch = Stopwatch({"enter"}, "question:")
    app = app_class(questions)
    watch_frames(app, watch)
    async with app.run_test(size=SIZE, message_hook=watch.hook) as pilot:
        for _ in questions[1:]:
            await pilot.press("enter")
    return watch.samples


def answer_to_next_ours(
    bundle: Bundle, answers: int | None = None
) -> tuple[list[float], list[Question]]:
    """Latencies of the walk's answers (the first ``answers`` of them; None: all)."""
    samples, visited = asyncio.run(_walk_ours(bundle, answers))
    return samples, [bundle.bank.by_id[qid] for qid in visited]


def answer_to_next_floor(questions: list[Question]) -> list[float]:
    return asyncio.run(_walk_floor(questions, BareQuestions))


def answer_to_next_screen_reference(questions: list[Question]) -> list[float]:
    return asyncio.run(_walk_floor(questions, BareQuestionScreen))


async def _open_reports(
    bundle: Bundle, data_dir: Path, filter_text: str
) -> tuple[float, list[float], float]:
    """(`b` -> the list's first page painted, each filter key -> the list narrowed,
    `b` -> every report read and searchable). The keys are typed once all are."""
    opening = Stopwatch({"b"}, "reports:")
    loading = Stopwatch({"b"}, "listing:")
    filtering = Stopwatch(set(filter_text), "reports:")

    def hook(message: Message) -> None:
        if not loading.samples:
            loading.hook(message)
        (filtering if opening.samples else opening).hook(message)

    app = _app(bundle, data_dir)
    watch_frames(app, opening, loading, filtering)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.press("b")
        while not loading.samples:  # a condition, not a fixed wait
            await pilot.pause(0.01)
        for key in filter_text:
            await pilot.press(key)
            await pilot.pause()
    return opening.samples[0], filtering.samples, loading.samples[0]


def reports_list(
    bundle: Bundle,
    data_dir: Path,
    filter_text: str = "421",  # a reference: each key narrows
) -> tuple[float, list[float], float]:
    return asyncio.run(_open_reports(bundle, data_dir, filter_text))
