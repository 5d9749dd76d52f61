"""Typed models of a question bank, validated with pydantic when loaded."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from intake_tui.core.bank.roles import CLIENT_REFERENCE, Role
from intake_tui.core.conditions import AnswerValue, Condition, combine_all
from intake_tui.core.i18n import N_, _

QuestionType = Literal["single", "multiple", "yes_no", "integer", "date", "text", "note"]
CHOICE_TYPES: frozenset[str] = frozenset({"single", "multiple", "yes_no"})
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

YES_NO_DEFAULT_LABELS = {"yes": "Yes", "no": "No"}


class _Strict(BaseModel):
    # Built on first validation: a bank read from its compiled cache never needs it.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Option(_Strict):
    """One choice: a stable value, a plain-language label, optionally a score."""

    value: str
    label: str
    hint: str = ""
    score: int | None = None
    # "None of these": picking it on a multiple-choice question excludes the rest.
    exclusive: bool = False
    # Records an answer that needs no action (e.g. moderate drinking): the linter
    # does not ask for a rule that reads it.
    neutral: bool = False


class Validation(_Strict):
    """Bounds for integer answers, lengths for text, or a window of days from today
    for dates, with the message shown. A date message may name the window's ends
    as {earliest} and {latest} (core/date_window.py words them)."""

    min: int | None = None
    max: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_days_from_today: int | None = None
    max_days_from_today: int | None = None
    message: str


class Question(_Strict):
    """One item of the questionnaire (or a display-only note)."""

    id: str
    type: QuestionType
    prompt: str
    why: str = ""
    options: tuple[Option, ...] = ()
    required: bool = False
    required_message: str = N_("Please answer this question to continue.")
    validation: Validation | None = None
    enable_when: Condition | None = None
    purpose: Literal["clinical", "record"] = "clinical"
    default: str | None = None
    placeholder: str = ""
    # What the program does with the answer besides the rules (core/bank/roles.py).
    role: Role | None = None
    # Time-sensitive (pregnancy, recent sun, medicines...): a returning client's
    # intake never offers last visit's answer, it asks again.
    ask_afresh: bool = False
    # Filled in by the loader, never written in a bank file.
    section_id: str = ""
    source_file: Path | None = Field(default=None, exclude=True)
    source_line: int | None = Field(default=None, exclude=True)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("ids are lower_snake_case, starting with a letter")
        return value

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        if self.type == "yes_no" and not self.options:
            defaults = tuple(Option(value=v, label=lbl) for v, lbl in YES_NO_DEFAULT_LABELS.items())
            object.__setattr__(self, "options", defaults)
        if self.type in CHOICE_TYPES and not self.options:
            raise ValueError(f"a {self.type} question needs options")
        if self.type not in CHOICE_TYPES and self.options:
            raise ValueError(f"a {self.type} question takes no options")
        if self.type == "yes_no" and not {"yes", "no"} <= set(self.option_values):
            raise ValueError("a yes_no question has the options 'yes' and 'no'")
        if self.type == "note" and self.required:
            raise ValueError("a note cannot be required")
        if self.type == "note" and self.ask_afresh:
            raise ValueError("a note takes no answer, so it cannot be asked afresh")
        if self.default is not None and not (self.type == "date" and self.default == "today"):
            raise ValueError("only date questions take a default, and only 'today'")
        seen: set[str] = set()
        for option in self.options:
            if option.value in seen:
                raise ValueError(f"option value '{option.value}' appears twice")
            seen.add(option.value)
        return self

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def label_for(self, value: str) -> str:
        option = self.option(value)
        return option.label if option else value

    def words_for(self, value: AnswerValue) -> str:
        """An answer as a person reads it: option labels, or the value itself."""
        if isinstance(value, list):
            return ", ".join(self.label_for(v) for v in value) or _("none")
        if isinstance(value, str):
            return self.label_for(value)
        return str(value)  # whole numbers; dates print as YYYY-MM-DD

    @property
    def asks(self) -> bool:
        """Whether this item takes an answer (notes only display text)."""
        return self.type != "note"


class Section(_Strict):
    """A titled group of questions, optionally enabled by a condition."""

    id: str
    title: str
    intro: str = ""
    enable_when: Condition | None = None
    questions: tuple[Question, ...] = ()


class Bank(_Strict):
    """A whole questionnaire: header, sections in order, and a content hash."""

    id: str
    version: str
    title: str
    description: str = ""
    sections: tuple[Section, ...]
    content_hash: str = ""
    root: Path | None = Field(default=None, exclude=True)

    @field_validator("version")
    @classmethod
    def _semantic_version(cls, value: str) -> str:
        if not re.fullmatch(r"\d+\.\d+\.\d+", value):
            raise ValueError("version is semantic: MAJOR.MINOR.PATCH, e.g. 1.0.0")
        return value

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def position(self) -> dict[str, int]:
        return {q.id: index for index, q in enumerate(self.questions)}

    @cached_property
    def sections_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def effective_conditions(self) -> dict[str, Condition | None]:
        """Each question's own condition combined with its section's."""
        return {
            q.id: combine_all(section.enable_when, q.enable_when)
            for section in self.sections
            for q in section.questions
        }

    def question(self, question_id: str) -> Question:
        return self.by_id[question_id]

    def question_with_role(self, role: Role) -> Question | None:
        """The question that plays ``role``, if the bank has one (the linter allows one)."""
        return next((q for q in self.questions if q.role == role), None)

    def client_reference(self, answers: Mapping[str, object]) -> str:
        """The answer to the client-reference question in ``answers``, or "" (no such
        question, not answered, or not text)."""
        question = self.question_with_role(CLIENT_REFERENCE)
        reference = answers.get(question.id) if question else None
        return reference if isinstance(reference, str) else ""
