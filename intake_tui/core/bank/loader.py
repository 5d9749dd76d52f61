"""Load a question bank folder: ``questionnaire.toml`` plus one file per section.

Every problem names its file, line and question id. Structural validation is
pydantic's; cross-references are checked by :mod:`intake_tui.core.bank.lint`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from intake_tui.core.bank.models import Bank, Question, Section
from intake_tui.core.bank.named import NamedConditions, load_named_conditions
from intake_tui.core.conditions import Condition
from intake_tui.core.errors import BankError, Problem
from intake_tui.core.safe_text import shown
from intake_tui.core.tomlfile import (
    UnreadableFile,
    header_lines,
    read_limited,
    read_lines,
    read_toml,
)

QUESTIONNAIRE_FILE = "questionnaire.toml"
# Swaps a parsed file's texts for another language's, in place (core/i18n/bank_files.py);
# None keeps the English. Ids, values and numbers are never touched.
TextSwap = Callable[[Path, dict[str, Any]], None]


class _Header(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    id: str
    version: str
    title: str
    description: str = ""
    sections: list[str]


class _SectionHeader(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    id: str
    title: str
    intro: str = ""
    enable_when: Condition | None = None


def key_line(path: Path, table: str, key: str) -> int | None:
    """The line of ``key = ...`` in the ``[table]`` table ("" for the top level), else of
    the table's header (a missing key), else of ``[key]`` itself; None if none is found."""
    lines = read_lines(path)
    assignment = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
    inside, table_line = table == "", None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if stripped.strip("[]").strip() == key and not table:
                return number
            inside = stripped == f"[{table}]"
            table_line = number if inside else table_line
        elif inside and assignment.match(line):
            return number
    return table_line


def _header_problems(path: Path, table: str, error: ValidationError) -> list[Problem]:
    """A table's problems, each at the line of the key it is about."""
    problems = []
    for detail in error.errors():
        keys = [str(part) for part in detail["loc"] if not isinstance(part, int)]
        line = key_line(path, table, keys[0]) if keys else key_line(path, table, "")
        problems.append(Problem(f"[{table}] " + _describe(dict(detail)), file=path, line=line))
    return problems


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
    path: Path, named: NamedConditions | None = None, texts: TextSwap | None = None
) -> tuple[Section | None, list[Problem]]:
    """The section, or None if it cannot be built; every problem in the file either way
    (its questions are checked even when the [section] table is broken)."""
    named = named or NamedConditions()
    data = read_toml(path)
    if isinstance(data, Problem):
        return None, [data]
    if texts is not None:
        texts(path, data)
    unknown = set(data) - {"section", "questions"}
    problems = [
        Problem(f"unknown table '{key}'", file=path, line=key_line(path, "", key))
        for key in sorted(unknown)
    ]
    header: _SectionHeader | None = None
    try:
        header = _SectionHeader.model_validate(data.get("section", {}), context=named.context)
    except ValidationError as error:
        problems += _header_problems(path, "section", error)
    raw_questions = data.get("questions", [])
    if not isinstance(raw_questions, list):
        return None, [*problems, Problem("'questions' must be [[questions]] tables", file=path)]
    questions, question_problems = _question_problems(
        path, raw_questions, header_lines(path, "questions"), named
    )
    problems += question_problems
    if header is None:
        return None, problems
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
            digest.update(read_limited(path))
        except UnreadableFile:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()[:32]


def _header(
    header_path: Path, texts: TextSwap | None = None
) -> tuple[_Header | None, list[str], list[Problem]]:
    """questionnaire.toml's header, the section files it lists (even when the header has
    other problems, so that their problems are found too), and its problems."""
    data = read_toml(header_path)
    if isinstance(data, Problem):
        return None, [], [data]
    if texts is not None:
        texts(header_path, data)
    problems = [
        Problem(
            f"unknown top-level key '{key}'", file=header_path, line=key_line(header_path, "", key)
        )
        for key in sorted(set(data) - {"questionnaire"})
    ]
    raw = data.get("questionnaire", {})
    listed = raw.get("sections") if isinstance(raw, dict) else None
    sections = (
        [name for name in listed if isinstance(name, str)] if isinstance(listed, list) else []
    )
    try:
        header = _Header.model_validate(raw)
    except ValidationError as error:
        return None, sections, [*problems, *_header_problems(header_path, "questionnaire", error)]
    return header, header.sections, problems


def _inside(root: Path, names: list[str], header_path: Path) -> tuple[list[Path], list[Problem]]:
    """The section files that resolve inside the question folder (symlinks followed);
    a Problem for each other entry, which is never opened."""
    folder = root.resolve()
    paths: list[Path] = []
    problems: list[Problem] = []
    line = key_line(header_path, "questionnaire", "sections")
    for name in names:
        path = root / name
        if path.resolve().is_relative_to(folder) and path.resolve() != folder:
            paths.append(path)
        else:
            problems.append(
                Problem(
                    f"[questionnaire] sections: '{shown(name)}' is outside the question folder "
                    "(section files must be inside it)",
                    file=header_path,
                    line=line,
                )
            )
    return paths, problems


def load_bank(
    root: Path, named: NamedConditions | None = None, texts: TextSwap | None = None
) -> Bank:
    """Load and structurally validate the bank in ``root``; raise BankError with every
    problem of every file if it is broken. ``named``: the folder's named conditions,
    already read by the caller, who reports their problems; None reads them here.
    ``texts``: another language's texts (None: the English)."""
    header_path = root / QUESTIONNAIRE_FILE
    header, section_names, problems = _header(header_path, texts)
    sections: list[Section] = []
    if named is None:
        named, named_problems = load_named_conditions(root)
        problems += named_problems
    section_paths, outside = _inside(root, section_names, header_path)
    problems += outside
    for path in section_paths:
        section, section_problems = load_section(path, named, texts)
        problems += section_problems
        if section is not None:
            sections.append(section)
    if problems or header is None:
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
        raise BankError(_header_problems(header_path, "questionnaire", error)) from None
