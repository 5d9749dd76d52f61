"""The question bank as a FHIR R4 Questionnaire (a plain dict, ready for json.dumps).

Sections become groups, questions items typed as docs/fhir.md lists, option values
the codes of one code system per question. Conditions: core/fhir/enable_when.py.
"""

from __future__ import annotations

import re

from intake_tui.core.bank.models import Bank, Option, Question, Section
from intake_tui.core.bundle_model import Bundle
from intake_tui.core.fhir.common import (
    DEFAULT_BASE_URL,
    Json,
    canonical_url,
    code_system,
    section_link_id,
)
from intake_tui.core.fhir.enable_when import condition_elements

_CORE = "http://hl7.org/fhir/StructureDefinition"
MIN_VALUE, MAX_VALUE, MIN_LENGTH = f"{_CORE}/minValue", f"{_CORE}/maxValue", f"{_CORE}/minLength"
ENTRY_FORMAT = f"{_CORE}/entryFormat"
ITEM_CONTROL = f"{_CORE}/questionnaire-itemControl"
OPTION_EXCLUSIVE = f"{_CORE}/questionnaire-optionExclusive"
ORDINAL_VALUE = f"{_CORE}/ordinalValue"
INITIAL_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression"
)
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
# Longer text than this is free text ("text", several lines) rather than a "string".
STRING_MAX_LENGTH = 255

FHIR_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "yes_no": "choice",  # a choice of codes: a bank may add options beside yes and no
    "integer": "integer",
    "date": "date",
    "text": "string",
    "note": "display",
}


def questionnaire(bundle: Bundle, base_url: str = DEFAULT_BASE_URL) -> Json:
    """The bank of ``bundle`` as a Questionnaire with canonical ``<base>/Questionnaire/<id>``."""
    bank = bundle.bank
    url = canonical_url(bank, base_url)
    resource: Json = {
        "resourceType": "Questionnaire",
        "url": url,
        "version": bank.version,
        "name": computable_name(bank.id),
        "title": bank.title,
        "status": "active",
    }
    if bank.description:
        resource["description"] = bank.description
    resource["item"] = [_group(section, bank, url) for section in bank.sections]
    return resource


def computable_name(bank_id: str) -> str:
    """FHIR's machine name for the bank: ``microneedling-intake`` -> ``MicroneedlingIntake``."""
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", bank_id))
    return name if name[:1].isalpha() else f"Q{name}"


def item_type(question: Question) -> str:
    """The FHIR item type of a question (docs/fhir.md)."""
    longest = question.validation.max_length if question.validation else None
    if question.type == "text" and (longest is None or longest > STRING_MAX_LENGTH):
        return "text"
    return FHIR_TYPES[question.type]


def _group(section: Section, bank: Bank, url: str) -> Json:
    link_id = section_link_id(section)
    group: Json = {"linkId": link_id, "text": section.title, "type": "group"}
    group |= condition_elements(section.enable_when, bank, url)
    intro = [{"linkId": f"{link_id}.intro", "text": section.intro, "type": "display"}]
    items = [_item(question, bank, url) for question in section.questions]
    group["item"] = intro + items if section.intro else items
    return group


def _item(question: Question, bank: Bank, url: str) -> Json:
    item: Json = {"linkId": question.id, "text": question.prompt, "type": item_type(question)}
    extensions = _input_extensions(question)
    conditions = condition_elements(question.enable_when, bank, url)
    extensions += conditions.pop("extension", [])
    if extensions:
        item["extension"] = extensions
    item |= conditions
    if question.required:
        item["required"] = True
    if question.type == "multiple":
        item["repeats"] = True
    rule = question.validation
    if rule is not None and rule.max_length is not None and question.type == "text":
        item["maxLength"] = rule.max_length
    if question.options:
        system = code_system(url, question)
        item["answerOption"] = [_option(option, system) for option in question.options]
    if question.why:
        item["item"] = [_help(question)]
    return item


def _input_extensions(question: Question) -> list[Json]:
    """Bounds, the placeholder and a default of today, as the usual FHIR extensions."""
    extensions: list[Json] = []
    rule = question.validation
    if rule is not None and question.type == "integer":
        for url, bound in ((MIN_VALUE, rule.min), (MAX_VALUE, rule.max)):
            if bound is not None:
                extensions.append({"url": url, "valueInteger": bound})
    if rule is not None and question.type == "text" and rule.min_length is not None:
        extensions.append({"url": MIN_LENGTH, "valueInteger": rule.min_length})
    if question.default == "today":  # the only default a bank may set
        today = {"language": "text/fhirpath", "expression": "today()"}
        extensions.append({"url": INITIAL_EXPRESSION, "valueExpression": today})
    if question.placeholder:
        extensions.append({"url": ENTRY_FORMAT, "valueString": question.placeholder})
    return extensions


def _option(option: Option, system: str) -> Json:
    coding: Json = {"system": system, "code": option.value, "display": option.label}
    if option.score is not None:
        coding["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": option.score}]
    answer: Json = {"valueCoding": coding}
    if option.exclusive:
        answer["extension"] = [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]
    return answer


def _help(question: Question) -> Json:
    """The question's "why", as the help text SDC renderers show beside it."""
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]}
    return {
        "linkId": f"{question.id}.help",
        "text": question.why,
        "type": "display",
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
    }
