"""What both FHIR resources share: canonical URLs, code systems, link ids, JSON text."""

from __future__ import annotations

import json
import re
from typing import Any

from intake_tui.core.bank.models import Bank, Question, Section

# A placeholder under the reserved .example domain (RFC 2606): a clinic publishing the
# Questionnaire passes its own base (`intake questions --fhir --fhir-base URL`).
DEFAULT_BASE_URL = "https://intake-tui.example/fhir"

Json = dict[str, Any]

# Left raw by json.dumps(ensure_ascii=False) but unsafe on a terminal (C1 controls
# such as CSI) or in JavaScript (the two separators): written as \u escapes instead.
_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def canonical_url(bank: Bank, base_url: str = DEFAULT_BASE_URL) -> str:
    """The Questionnaire's canonical URL: ``<base>/Questionnaire/<bank id>``."""
    return f"{base_url.rstrip('/')}/Questionnaire/{bank.id}"


def code_system(url: str, question: Question) -> str:
    """The system of a question's option codes (the codes are the bank's option values)."""
    return f"{url}/CodeSystem/{question.id}"


def extension_url(url: str, name: str) -> str:
    """One of our own extensions, named under the Questionnaire's canonical URL."""
    return f"{url}/StructureDefinition/{name}"


def section_link_id(section: Section) -> str:
    """A group's linkId: question ids never hold a dot, so these never clash with them."""
    return f"section.{section.id}"


def fhir_json(resource: Json) -> str:
    """A resource as JSON text, indented, safe to print on a terminal."""
    text = json.dumps(resource, ensure_ascii=False, indent=2)
    return _RAW_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
