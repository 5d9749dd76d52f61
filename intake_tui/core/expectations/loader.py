"""Read expectations.toml into its model; every error names the file, the line and the case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from intake_tui.core.errors import BankError, Problem
from intake_tui.core.expectations.models import ExpectationFile
from intake_tui.core.tomlfile import header_lines, read_toml

EXPECTATIONS_FILE = "expectations.toml"


def expectations_path(root: Path) -> Path:
    return root / EXPECTATIONS_FILE


def load_expectations(path: Path) -> ExpectationFile:
    """The parsed file; BankError listing every problem if it cannot be used."""
    data = read_toml(path)
    if isinstance(data, Problem):
        raise BankError([data])
    try:
        table = ExpectationFile.model_validate(data)
    except ValidationError as error:
        raise BankError([_problem(path, data, detail) for detail in error.errors()]) from None
    problems = _unknown_names(path, table) + _repeated_ids(path, table)
    if problems:
        raise BankError(problems)
    return table


def case_line(path: Path, index: int) -> int | None:
    """The ``[[cases]]`` header line of the case at ``index``."""
    lines = header_lines(path, "cases")
    return lines[index] if index < len(lines) else None


def _problem(path: Path, data: dict[str, Any], detail: Any) -> Problem:
    loc = tuple(detail["loc"])
    message = str(detail["msg"]).removeprefix("Value error, ")
    where = ".".join(str(part) for part in loc)
    if len(loc) > 1 and loc[0] == "cases" and isinstance(loc[1], int):
        index = loc[1]
        case = data["cases"][index]
        name = case.get("id") if isinstance(case, dict) else None
        label = f"case '{name}'" if isinstance(name, str) else f"case {index + 1}"
        inside = ".".join(str(part) for part in loc[2:]) or "the case"
        return Problem(f"{label}: {inside}: {message}", file=path, line=case_line(path, index))
    return Problem(f"{where}: {message}" if where else message, file=path)


def _unknown_names(path: Path, table: ExpectationFile) -> list[Problem]:
    known = set(table.answer_sets)
    problems = []
    if table.base not in known:
        problems.append(Problem(f"base: no answer set named '{table.base}'", file=path))
    for index, case in enumerate(table.cases):
        problems += [
            Problem(
                f"case '{case.id}': base: no answer set named '{name}'",
                file=path,
                line=case_line(path, index),
            )
            for name in case.base
            if name not in known
        ]
    return problems


def _repeated_ids(path: Path, table: ExpectationFile) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, case in enumerate(table.cases):
        if case.id in seen:
            message = f"case '{case.id}': the id is used more than once"
            problems.append(Problem(message, file=path, line=case_line(path, index)))
        seen.add(case.id)
    return problems
