"""Load a question bank folder: ``questionnaire.toml`` plus one file per section.

Every problem names its file, line and question id. Structural validation is
pydantic's; cross-references are checked by :mod:`intake_tui.core.bank.lint`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from intake_tui.core.bank.models import Bank, Question, Section
from intake_tui.core.bank.named import NamedConditions, load_named_conditions
from intake_tui.core.conditions import Condition
from intake_tui.core.errors import BankError, Problem
from intake_tui.core.tomlfile import header_lines, read_toml

QUESTIONNAIRE_FILE = "questionnaire.toml"


class _Header(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    version: str
    title: str
    description: str = ""
    sections: list[str]


class _SectionHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    intro: str = ""
    enable_when: Condition | None = None


def _describe(error: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{location}: {message}" if location else message


def _question_problems(
    path: Path, raw_questions: list[Any], question_lines: list[int], named: NamedConditions
) -> tuple[list[Question], list[Problem]]:
    questions: list[Question] = []
    problems: list[Problem] = []
    for index, raw in enumerate(raw_questions):
        line = question_lines[index] if index < len(question_lines) else None
        qid = raw.get("id") if isinstance(raw, dict) else None
        try:
            question = Question.model_validate(raw, context=named.context)
        except ValidationError as error:
            for detail in error.errors():
                problems.append(
                    Problem(_describe(dict(detail)), file=path, line=line, question_id=qid)
                )
            continue
        questions.append(question.model_copy(update={"source_file": path, "source_line": line}))
    return questions, problems


def load_section(
    path: Path, named: NamedConditions | None = None
) -> tuple[Section | None, list[Problem]]:
    named = named or NamedConditions()
    data = read_toml(path)
    if isinstance(data, Problem):
        return None, [data]
    unknown = set(data) - {"section", "questions"}
    problems = [Problem(f"unknown table '{key}'", file=path) for key in sorted(unknown)]
    try:
        header = _SectionHeader.model_validate(data.get("section", {}), context=named.context)
    except ValidationError as error:
        problems += [Problem("[section] " + _describe(dict(d)), file=path) for d in error.errors()]
        return None, problems
    raw_questions = data.get("questions", [])
    if not isinstance(raw_questions, list):
        return None, [*problems, Problem("'questions' must be [[questions]] tables", file=path)]
    questions, question_problems = _question_problems(
        path, raw_questions, header_lines(path, "questions"), named
    )
    problems += question_problems
    stamped = tuple(q.model_copy(update={"section_id": header.id}) for q in questions)
    section = Section(
        id=header.id,
        title=header.title,
        intro=header.intro,
        enable_when=header.enable_when,
        questions=stamped,
    )
    return section, problems


def content_hash(paths: list[Path]) -> str:
    """A stable hash of the bank's files (names and bytes, in order)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()[:32]


def load_bank(root: Path) -> Bank:
    """Load and structurally validate the bank in ``root``; raise BankError if broken."""
    header_path = root / QUESTIONNAIRE_FILE
    data = read_toml(header_path)
    if isinstance(data, Problem):
        raise BankError([data])
    extra = sorted(set(data) - {"questionnaire"})
    if extra:
        raise BankError([Problem(f"unknown top-level key '{extra[0]}'", file=header_path)])
    try:
        header = _Header.model_validate(data.get("questionnaire", {}))
    except ValidationError as error:
        problems = [
            Problem("[questionnaire] " + _describe(dict(d)), file=header_path)
            for d in error.errors()
        ]
        raise BankError(problems) from None
    sections: list[Section] = []
    # The bank reports problems in conditions.toml; the protocol only uses its names.
    named, problems = load_named_conditions(root)
    section_paths = [root / name for name in header.sections]
    for path in section_paths:
        section, section_problems = load_section(path, named)
        problems += section_problems
        if section is not None:
            sections.append(section)
    if problems:
        raise BankError(problems)
    try:
        return Bank(
            id=header.id,
            version=header.version,
            title=header.title,
            description=header.description,
            sections=tuple(sections),
            content_hash=content_hash(
                [header_path, *section_paths, *([named.path] if named.path else [])]
            ),
            root=root,
        )
    except ValidationError as error:
        raise BankError(
            [
                Problem("[questionnaire] " + _describe(dict(d)), file=header_path)
                for d in error.errors()
            ]
        ) from None
