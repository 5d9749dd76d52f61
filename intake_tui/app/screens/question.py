"""The question screen: one screen, its content swapped for each question."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    ContentSwitcher,
    Input,
    OptionList,
    ProgressBar,
    Static,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from intake_tui.app.answer_widgets import (
    CHOOSE_KEY_LABEL,
    CHOOSE_TOOLTIP,
    CHOSEN,
    UNCHOSEN,
    AnswerInput,
    ContinueButton,
    MultiChoice,
    NoteCard,
    SingleChoice,
)
from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.messages import Intended, Painted
from intake_tui.app.widgets import SafeHeader, SteadyFooter
from intake_tui.core.bank.models import Question
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import (
    Answer,
    AnswerText,
    Back,
    Choose,
    Home,
    Intent,
    Review,
    StillTrue,
    missing_answer_message,
)
from intake_tui.core.i18n import _
from intake_tui.core.session import IntakeSession

SWITCH_FOR_TYPE = {
    "single": "single",
    "yes_no": "single",
    "multiple": "multiple",
    "integer": "typed",
    "date": "typed",
    "text": "typed",
    "note": "note",
}
TYPED_PLACEHOLDER = {"integer": "a number", "date": "YYYY-MM-DD", "text": ""}


def numbered(index: int, label: str) -> Text:
    """An option label with its digit key (1-9) in front, as plain text (no markup)."""
    key = f"{index + 1}  " if index < 9 else "   "
    return Text.assemble((key, "bold"), label)


def single_option(index: int, label: str, chosen: bool) -> Text:
    """A single-choice option: ``(•)`` when it is the recorded answer, ``( )`` if not."""
    glyph = Text(CHOSEN, "bold") if chosen else Text(UNCHOSEN)
    return Text.assemble(glyph, numbered(index, label))


def typed_text(value: AnswerValue | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class QuestionScreen(Screen[None]):
    """Renders the session's current question and posts what each key means; the
    app's controller decides what follows."""

    CSS_PATH = "question.tcss"  # parsed when first shown, not at start-up
    # What the answer widgets were last filled from: (session id, question id, the
    # recorded answer). While it stays the same, what was ticked or typed since (not
    # yet recorded) is kept: the palette, help, a dialog or the review come and go
    # without wiping it.
    _filled_from: tuple[str, str, AnswerValue | None] | None = None
    BINDINGS = [
        # Shown (dimmed) on every question, so the footer keeps one shape as questions
        # change type; on choice questions the list's own Space binding chooses.
        Binding("space", "choose", CHOOSE_KEY_LABEL, tooltip=CHOOSE_TOOLTIP),
        Binding(
            "escape", "back", _("Back"), id="back", tooltip=_("Previous question, answer kept")
        ),
        Binding("shift+tab", "back", _("Back"), show=False, priority=True),
        Binding("ctrl+r", "review", _("Review"), id="review", tooltip=_("See all answers")),
        Binding(
            "ctrl+g", "home", _("Home"), id="home", tooltip=_("Welcome screen; the draft is kept")
        ),
        Binding(
            "ctrl+t",
            "still_true",
            _("Still true"),
            id="still_true",
            tooltip=_("A returning client: keep last visit's answers for this section"),
        ),
        Binding(
            "1", "pick(1)", _("Pick"), key_display="1-9", id="pick", tooltip=_("Choose option N")
        ),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
    ]

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "still_true":  # shown only in a returning client's intake
            return self._still_true_allowed()
        return None if action == "choose" else True  # dimmed: see the Space binding

    def _still_true_allowed(self) -> bool | None:
        """False outside a follow-up (hidden); True when the question shows last visit's
        answer; None (dimmed) when it does not."""
        session = self.intake_app.session
        if session is None or session.follows is None:
            return False
        question = session.current
        return True if question and session.pending_offer(question.id) is not None else None

    @property
    def answering(self) -> bool:
        """On top with an intake: keys queued behind a transition (going home, the
        review opening) find neither and do nothing."""
        return self.is_active and self.intake_app.session is not None

    @property
    def session(self) -> IntakeSession:
        session = self.intake_app.session
        assert session is not None, "the question screen needs a session"
        return session

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with Vertical(id="question-area"):
            with Horizontal(id="progress-row"):
                yield Static(id="section-title")
                yield Static(id="progress-text")
            yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
            yield Static(id="prompt")
            yield Static(id="why")
            with ContentSwitcher(initial="single", id="answer"):
                yield SingleChoice(id="single")
                yield MultiChoice(id="multiple")
                yield AnswerInput(id="typed")
                yield NoteCard(id="note")
            yield Static(id="error", classes="error")
            with Horizontal(id="actions"):
                yield ContinueButton(_("Continue (Enter)"), id="continue", compact=True)
                yield Static(id="keys-hint")
        yield SteadyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#typed", Input).cursor_blink = self.intake_app.config.cursor_blink
        self.render_question()

    def on_screen_resume(self) -> None:
        if self.intake_app.session is not None:  # None while going home through this screen
            self.render_question()

    # --- rendering ---------------------------------------------------------------
    def render_question(self) -> None:
        """Show the session's current question. The answer widgets are refilled only
        when the question or its recorded answer changed (see ``_filled_from``)."""
        session = self.session
        question = session.current
        if question is None:
            return  # past the last question: the app shows the review over this screen
        bank = self.intake_app.bundle.bank
        number, total = session.flow.progress(question.id)
        section = bank.sections_by_id[question.section_id]
        title = Content.styled(section.title, "bold")  # bank text: never markup
        self._show_text("#section-title", title, sized_by_css=True)
        progress = _("Question {number} of about {total}").format(number=number, total=total)
        self._show_text("#progress-text", progress, sized_by_css=True)
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=number - 1)
        self._show_text("#prompt", Content("" if question.type == "note" else question.prompt))
        self._show_text("#why", self._why(question))
        answer = session.offered(question.id)
        filled_from = (session.session_id, question.id, answer)
        if filled_from != self._filled_from:
            self._filled_from = filled_from
            self._show_text("#error", "")
            switch = SWITCH_FOR_TYPE[question.type]
            self.query_one("#answer", ContentSwitcher).current = switch
            getattr(self, f"_show_{switch}")(question, answer)
        self._show_text("#keys-hint", self._hint(question), sized_by_css=True)
        if session.follows is not None:
            self.refresh_bindings()  # Still true: lit only while last visit's answer is shown
        self.call_after_refresh(self.post_message, Painted(f"question:{question.id}"))

    def _show_text(self, selector: str, text: str | Content, *, sized_by_css: bool = False) -> None:
        """Update a Static only if its text changed: each update costs a refresh, and a
        layout only if its height changes (never if fixed in question.tcss:
        ``sized_by_css``). ``text``: our own markup (a str), or Content for text from a
        file or a person."""
        static = self.query_one(selector, Static)
        if static.content == text:
            return
        shown = static.content_region  # before the update: the size laid out now
        static.update(text, layout=False)
        if sized_by_css:
            return
        # A layout pass (the whole screen's) only when the new text needs more or
        # fewer lines: a prompt or "why we ask" of the same height is repainted.
        height = static.get_content_height(shown.size, self.size, shown.width)
        if not shown.width or height != shown.height:
            static.refresh(layout=True)

    def _why(self, question: Question) -> Content:
        """Why we ask; in a returning client's intake, what last time's answer was and
        how to keep it (it is shown filled in, not yet recorded)."""
        why = Content(_("Why we ask: {why}").format(why=question.why) if question.why else "")
        offer = self.session.pending_offer(question.id)
        if offer is None:
            return why
        last = Content.assemble(
            (_("Last time: "), "bold"),
            question.words_for(offer),
            (_(" · Enter: still true · Ctrl+T: the rest of this section still true"), "dim"),
        )
        return Content("\n").join([why, last]) if question.why else last

    def _hint(self, question: Question) -> str:
        """The keys of this question (Enter is on the Continue button beside it)."""
        optional = "" if question.required or not question.asks else _(" · blank to skip")
        digits = f"1-{min(len(question.options), 9)}"
        if question.type in ("single", "yes_no"):
            keys = _("{digits}, or ↑↓ and Space: choose · Esc back").format(digits=digits)
        elif question.type == "multiple":
            keys = _("{digits} or Space: tick or untick · Esc back").format(digits=digits)
        elif question.type == "note":
            return f"[dim]{_('Esc back')}[/]"
        else:
            keys = _("Type your answer · Esc back")
        return f"[dim]{keys}{optional}[/]"

    # The single-choice question and rows last shown: (value, label, chosen) per option.
    _single_shown: tuple[str, tuple[tuple[str, str, bool], ...]] = ("", ())

    def _show_single(self, question: Question, answer: AnswerValue | None) -> None:
        """Fill the list; the same options as shown (a pick, or the next of a run of
        yes/no questions) are kept and only the rows whose (•) changed are redrawn:
        refilling the list costs a layout of the whole screen."""
        widget = self.query_one("#single", SingleChoice)
        rows = tuple((o.value, o.label, o.value == answer) for o in question.options)
        last_question, last_rows = self._single_shown
        self._single_shown = (question.id, rows)
        if [row[:2] for row in rows] != [row[:2] for row in last_rows]:
            widget.clear_options()
            widget.add_options(
                Option(single_option(i, label, chosen), id=value)
                for i, (value, label, chosen) in enumerate(rows)
            )
        else:
            for index, (row, last) in enumerate(zip(rows, last_rows, strict=True)):
                if row != last:
                    prompt = single_option(index, row[1], row[2])
                    widget.replace_option_prompt_at_index(index, prompt)
            if question.id != last_question:
                widget.scroll_home(animate=False)  # a new question starts at its top
        values = question.option_values
        # Nothing is highlighted until an answer is given: Enter must not answer for anyone.
        widget.highlighted = (
            values.index(answer) if isinstance(answer, str) and answer in values else None
        )
        self.set_focus(widget)  # at once: the next key must reach it

    def _show_multiple(self, question: Question, answer: AnswerValue | None) -> None:
        widget = self.query_one("#multiple", MultiChoice)
        chosen = answer if isinstance(answer, list) else []
        widget.exclusive = frozenset(o.value for o in question.options if o.exclusive)
        widget.clear_options()
        widget.add_options(
            Selection(numbered(i, o.label), o.value, o.value in chosen)
            for i, o in enumerate(question.options)
        )
        widget.highlighted = 0
        self.set_focus(widget)  # at once: the next key must reach it

    def _show_typed(self, question: Question, answer: AnswerValue | None) -> None:
        widget = self.query_one("#typed", Input)
        widget.type = "integer" if question.type == "integer" else "text"
        widget.placeholder = question.placeholder or TYPED_PLACEHOLDER.get(question.type, "")
        text = typed_text(answer)
        if not text and question.default == "today":
            text = self.intake_app.config.clock().date().isoformat()
        widget.value = text
        widget.cursor_position = len(text)
        self.set_focus(widget)  # at once: the next key must reach it
        widget.select_all()  # typing replaces the default or the earlier answer

    def _show_note(self, question: Question, answer: AnswerValue | None) -> None:
        note = self.query_one("#note", NoteCard)
        note.update(Content(question.prompt))
        self.set_focus(note)

    # --- answering: each key becomes an intent for the controller -----------------------
    def _intend(self, intent: Intent) -> None:
        self.post_message(Intended(intent, self))

    def show_problem(self, message: str) -> None:
        """Why an answer was not taken; what was typed or ticked stays as it is."""
        self._show_text("#error", Content(message))
        self.app.bell()

    @on(OptionList.OptionSelected, "#single")
    def _single_chosen(self, event: OptionList.OptionSelected) -> None:
        """Space or a click: record the choice and stay, so it can be looked at."""
        event.stop()
        if not self.answering:
            return
        if self.session.current_id is not None and event.option.id is not None:
            self._intend(Choose(self.session.current_id, event.option.id))

    @on(Button.Pressed, "#continue")
    async def _continue_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_continue()

    @on(Input.Submitted, "#typed")
    def _typed_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.answering and self.session.current_id is not None:
            self._intend(AnswerText(self.session.current_id, event.value))

    async def action_continue(self) -> None:
        question = self.session.current if self.answering else None
        if question is None:
            return
        if question.type == "multiple":
            selected = list(self.query_one("#multiple", MultiChoice).selected)
            ordered = [v for v in question.option_values if v in selected]
            self._intend(Answer(question.id, ordered or None))
        elif question.type == "note":
            self._intend(Answer(question.id, None))
        elif question.type in ("single", "yes_no"):
            highlighted = self.query_one("#single", SingleChoice).highlighted
            chosen = None if highlighted is None else question.options[highlighted].value
            if chosen is None and question.required:  # the controller would refuse it
                keys = _("press {keys}, or use ↑↓ and Enter").format(
                    keys=f"1-{min(len(question.options), 9)}"
                )
                self.show_problem(missing_answer_message(question, keys))
                return
            self._intend(Answer(question.id, chosen))  # None: skips this optional question
        else:
            await self.query_one("#typed", Input).action_submit()

    def action_pick(self, number: int) -> None:
        question = self.session.current if self.answering else None
        if question is None or number > len(question.options):
            return
        if question.type == "multiple":
            self.query_one("#multiple", MultiChoice).toggle(question.options[number - 1].value)
            self.query_one("#multiple", MultiChoice).highlighted = number - 1
        elif question.type in ("single", "yes_no"):
            self.query_one("#single", SingleChoice).highlighted = number - 1
            self._intend(Choose(question.id, question.options[number - 1].value))

    # --- navigation ---------------------------------------------------------------
    def action_back(self) -> None:
        if self.answering:
            self._intend(Back(self.session.current_id))

    def action_review(self) -> None:
        self._intend(Review())

    def action_home(self) -> None:
        self._intend(Home())

    def action_still_true(self) -> None:
        if self.answering and self.session.current_id is not None:
            self._intend(StillTrue(self.session.current_id))
