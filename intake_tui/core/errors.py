"""The project's own error types: the only exceptions a loader may let escape."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class IntakeError(Exception):
    """Base class: a problem with input the user can fix, described in one sentence."""


@dataclass(frozen=True)
class Problem:
    """One finding of the loader or linter, located as precisely as we can."""

    message: str
    file: Path | None = None
    line: int | None = None
    question_id: str | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        subject = f"question '{self.question_id}': " if self.question_id else ""
        return f"{where}{self.severity}: {subject}{self.message}"


class BankError(IntakeError):
    """The question bank or protocol data cannot be used."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "the question bank is invalid"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


class AnswersError(IntakeError):
    """An answers file or an answer does not fit the question bank."""


class SessionFileError(IntakeError):
    """A saved session file cannot be read."""
