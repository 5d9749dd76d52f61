"""Review before finishing: every enabled answer by section; pick one to change it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.messages import Intended
from intake_tui.app.widgets import KeysFooter, SafeHeader
from intake_tui.core.bank.models import Question
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import Finish, JumpTo, LeaveReview
from intake_tui.core.i18n import _
from intake_tui.core.review import answer_words, reviewed_sections


class ReviewScreen(Screen[None]):
    """Every answer; Enter on one posts a jump to it, f posts finish (the app's
    controller decides whether the intake may finish)."""

    CSS_PATH = "review.tcss"  # parsed when first shown, not at start-up
    BINDINGS = [
        Binding("f", "finish", _("Finish"), id="finish", tooltip=_("Save and see the result")),
        Binding("escape", "back", _("Back"), id="review_back"),
    ]

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with Vertical(id="review-area"):
            yield Static(
                f"[b]{_('Check your answers')}[/b]  "
                f"[dim]{_('Enter changes the highlighted answer')}[/]",
                id="review-title",
            )
            yield OptionList(id="review")
            yield Static(id="review-status")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        session = self.intake_app.session
        assert session is not None
        flow = session.flow
        options: list[Option | None] = []
        for section, rows in reviewed_sections(session):
            options.append(Option(Text(section.title, style="bold"), disabled=True))
            options += [self._row(q, flow.visible_answers.get(q.id)) for q in rows]
        review = self.query_one("#review", OptionList)
        review.add_options(options)
        missing = flow.missing_required()
        status = self.query_one("#review-status", Static)
        if missing:
            still = _("{count} question(s) still need an answer. Pick one to answer it.")
            status.update(still.format(count=len(missing)))
        else:
            status.update(_("Everything is answered. Press f to finish and see your result."))
        # The first row is a section title, which cannot be highlighted: without this,
        # Enter would do nothing until an arrow key was pressed.
        start_at = missing[0].id if missing else next(o.id for o in options if o and o.id)
        review.highlighted = next(i for i, o in enumerate(review.options) if o.id == start_at)
        review.focus()

    @staticmethod
    def _row(question: Question, value: AnswerValue | None) -> Option:
        missing = value is None and question.required
        answer = Text(answer_words(question, value), style="bold italic" if missing else "bold")
        return Option(Text.assemble(question.prompt, "\n→ ", answer), id=question.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(Intended(JumpTo(event.option.id), self))

    def action_back(self) -> None:
        self.post_message(Intended(LeaveReview(), self))

    def action_finish(self) -> None:
        self.post_message(Intended(Finish(), self))
