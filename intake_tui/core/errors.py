"""The project's own error types: the only exceptions a loader may let escape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DUPLICATE_ID = "duplicate_id"  # Problem.kind of a question id defined twice


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
    kind: str = ""  # what sort of root cause it is, when others follow from it (DUPLICATE_ID)

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        subject = f"question '{self.question_id}': " if self.question_id else ""
        return f"{where}{self.severity}: {subject}{self.message}"


def mentions(problem: Problem, question_id: str) -> bool:
    return problem.question_id == question_id or f"'{question_id}'" in problem.message


@dataclass(frozen=True)
class Findings:
    """Problems as a person should read them: each once, root causes first."""

    shown: list[Problem]
    # Problems that follow from a question id defined twice: they may vanish with it.
    held_back: list[Problem]
    duplicated_ids: list[str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.shown if p.severity == "error"]


def root_causes_first(problems: Iterable[Problem]) -> Findings:
    """Each problem once (identical ones merged); errors before warnings; duplicated ids
    first and what follows from them held back; then problems on their own, then those
    about a question that has a problem of its own (e.g. "depends on unreachable 'x'")."""
    unique = list({str(p): p for p in problems}.values())
    duplicated = list(dict.fromkeys(p.question_id or "" for p in unique if p.kind == DUPLICATE_ID))
    held_back = [
        p for p in unique if p.kind != DUPLICATE_ID and any(mentions(p, d) for d in duplicated)
    ]
    kept = [p for p in unique if p not in held_back]
    with_errors = {p.question_id for p in kept if p.severity == "error" and p.question_id}

    def rank(problem: Problem) -> int:
        follows = any(mentions(problem, q) for q in with_errors - {problem.question_id})
        root = 0 if problem.kind == DUPLICATE_ID else 2 if follows else 1
        return root + (0 if problem.severity == "error" else 3)

    return Findings(sorted(kept, key=rank), held_back, duplicated)


class BankError(IntakeError):
    """The question bank or protocol data cannot be used."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = root_causes_first(problems).shown
        first = str(shown[0]) if shown else "the question bank is invalid"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


class AnswersError(IntakeError):
    """An answers file or an answer does not fit the question bank."""


class SessionFileError(IntakeError):
    """A saved session file cannot be read."""


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, in words, from its ``st_mode``: the
    readers and the writers name it the same way."""
    import stat

    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
