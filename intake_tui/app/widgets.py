"""Small widget subclasses: Enter continues instead of toggling."""

from __future__ import annotations

from textual.binding import Binding
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, OptionList, SelectionList, Static

from intake_tui.core.answers import TypedInputError, value_from_text
from intake_tui.core.bank.models import Question


class MultiChoice(SelectionList[str]):
    """Several choices: Space or a digit toggles, Enter continues."""

    BINDINGS = [
        Binding("enter", "screen.continue", "Continue"),
        Binding("space", "select", "Tick"),
    ]


class SingleChoice(OptionList):
    """One choice: Enter picks the highlighted option and continues."""

    BINDINGS = [Binding("enter", "select", "Continue")]


class AnswerInput(Input):
    """Typed answers; Enter checks the answer and continues."""

    BINDINGS = [Binding("enter", "submit", "Continue")]


class NoteCard(Static, can_focus=True):
    """A display-only note; Enter continues."""

    BINDINGS = [Binding("enter", "screen.continue", "Continue")]


class AnswerValidator(Validator):
    """Textual validation backed by the core's check, so the app and CLI agree."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    def validate(self, value: str) -> ValidationResult:
        try:
            answer = value_from_text(self.question, value)
        except TypedInputError as error:
            return self.failure(str(error))
        if answer is None and self.question.required:
            return self.failure(self.question.required_message)
        return self.success()
