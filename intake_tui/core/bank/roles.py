"""Roles: what the program itself does with a question's answer, beyond the rules.

A bank marks such a question with ``role = "..."``; code finds it through the role,
never by its id. Free of pydantic, so the first screen can use it.
"""

from __future__ import annotations

from typing import Literal

Role = Literal["client_reference"]
CLIENT_REFERENCE: Role = "client_reference"

# The question type each role needs (the linter checks it).
ROLE_QUESTION_TYPES: dict[Role, str] = {
    # Shown in the lists and the report header, so it must be free text.
    CLIENT_REFERENCE: "text",
}
