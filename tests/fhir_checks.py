"""Checks of FHIR exports that fhir.resources does not make: codes in their value sets,
responses that fit their Questionnaire, and FHIR's own reading of enableWhen.

fhir.resources validates structure (fields, types, one value[x]); it accepts any code
where FHIR binds a required value set, and never compares a response with its
Questionnaire. These helpers do both, independently of the exporter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

Json = dict[str, Any]

ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
    "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity",
}  # fmt: skip
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
# The answer[x] / value[x] each item type takes.
VALUE_KINDS = {
    "choice": "Coding",
    "integer": "Integer",
    "date": "Date",
    "string": "String",
    "text": "String",
}


def validate_questionnaire(resource: Json) -> None:
    """fhir.resources' structural validation (raises pydantic's ValidationError)."""
    Questionnaire.model_validate(resource)


def validate_response(resource: Json) -> None:
    QuestionnaireResponse.model_validate(resource)


def walk(
    items: list[Json], parents: tuple[str, ...] = ()
) -> Iterator[tuple[Json, tuple[str, ...]]]:
    """Every item in document order, with the linkIds of the groups around it."""
    for item in items:
        yield item, parents
        yield from walk(item.get("item", []), (*parents, item["linkId"]))


def items_by_link_id(questionnaire: Json) -> dict[str, Json]:
    return {item["linkId"]: item for item, _ in walk(questionnaire["item"])}


def option_codes(item: Json) -> set[tuple[str, str]]:
    return {(o["valueCoding"]["system"], o["valueCoding"]["code"]) for o in item["answerOption"]}


def questionnaire_problems(questionnaire: Json) -> list[str]:
    """Codes outside their value sets, duplicate linkIds, enableWhen that reads an item
    that is missing, later, not a question, or compared with the wrong type or code."""
    problems: list[str] = []
    order: dict[str, int] = {}
    if questionnaire["status"] not in {"draft", "active", "retired", "unknown"}:
        problems.append(f"status {questionnaire['status']}")
    for position, (item, _) in enumerate(walk(questionnaire["item"])):
        link_id = item["linkId"]
        if link_id in order:
            problems.append(f"{link_id}: linkId used twice")
        order[link_id] = position
        if item["type"] not in ITEM_TYPES:
            problems.append(f"{link_id}: type {item['type']}")
        if item["type"] == "choice" and not item.get("answerOption"):
            problems.append(f"{link_id}: a choice without options")
        problems += _enable_when_problems(item, order, items_by_link_id(questionnaire))
    return problems


def _enable_when_problems(item: Json, order: dict[str, int], items: dict[str, Json]) -> list[str]:
    link_id, checks = item["linkId"], item.get("enableWhen", [])
    problems = []
    if (len(checks) > 1) != ("enableBehavior" in item):
        problems.append(f"{link_id}: enableBehavior goes with two or more enableWhen")
    if item.get("enableBehavior", "all") not in {"all", "any"}:
        problems.append(f"{link_id}: enableBehavior {item['enableBehavior']}")
    for check in checks:
        source = items.get(check["question"])
        if (
            source is None
            or check["question"] not in order
            or order[check["question"]] >= order[link_id]
        ):
            problems.append(f"{link_id}: enableWhen reads {check['question']}, not an earlier item")
            continue
        if check["operator"] not in OPERATORS:
            problems.append(f"{link_id}: operator {check['operator']}")
        problems += _compared_value_problems(link_id, check, source)
    return problems


def _compared_value_problems(link_id: str, check: Json, source: Json) -> list[str]:
    (key,) = [k for k in check if k.startswith("answer")]
    kind = key.removeprefix("answer")
    if check["operator"] == "exists":
        return [] if kind == "Boolean" else [f"{link_id}: exists takes answerBoolean"]
    if VALUE_KINDS.get(source["type"]) != kind:
        return [f"{link_id}: {key} compared with a {source['type']} item"]
    if kind == "Coding":
        coding = check[key]
        if (coding["system"], coding["code"]) not in option_codes(source):
            return [f"{link_id}: {coding['code']} is not an option of {source['linkId']}"]
    return []


def response_problems(response: Json, questionnaire: Json) -> list[str]:
    """Answers that do not fit the Questionnaire: unknown or misplaced linkIds, values of
    the wrong type, codes not among the item's options, several answers to a single item."""
    problems = []
    if response["questionnaire"] != f"{questionnaire['url']}|{questionnaire['version']}":
        problems.append(f"questionnaire {response['questionnaire']}")
    asked = {item["linkId"]: parents for item, parents in walk(questionnaire["item"])}
    items = items_by_link_id(questionnaire)
    for item, parents in walk(response.get("item", [])):
        link_id = item["linkId"]
        if link_id not in items:
            problems.append(f"{link_id}: not in the Questionnaire")
            continue
        if asked[link_id] != parents:
            problems.append(f"{link_id}: nested under {parents}, not {asked[link_id]}")
        problems += _answer_problems(item, items[link_id])
    return problems


def _answer_problems(item: Json, asked: Json) -> list[str]:
    link_id, answers = item["linkId"], item.get("answer", [])
    if asked["type"] in ("group", "display"):
        return [f"{link_id}: a {asked['type']} has no answer"] if answers else []
    problems = [] if answers else [f"{link_id}: an item without an answer"]
    if len(answers) > 1 and not asked.get("repeats"):
        problems.append(f"{link_id}: several answers to a single item")
    for answer in answers:
        keys = [k for k in answer if k.startswith("value")]
        expected = f"value{VALUE_KINDS[asked['type']]}"
        if keys != [expected]:
            problems.append(f"{link_id}: {keys} for a {asked['type']} item")
        elif expected == "valueCoding":
            coding = answer["valueCoding"]
            if (coding.get("system"), coding.get("code")) not in option_codes(asked):
                problems.append(f"{link_id}: {coding.get('code')} is not among its options")
    return problems


def answers_of(response: Json) -> dict[str, list[Json]]:
    return {
        item["linkId"]: item["answer"]
        for item, _ in walk(response.get("item", []))
        if "answer" in item
    }


def fhir_enabled(questionnaire: Json, response: Json) -> dict[str, bool | None]:
    """Each item's enablement as a FHIR form reads its enableWhen over ``response``;
    None where the item (or a group around it) has no plain enableWhen but a note or
    an expression instead."""
    answers = answers_of(response)
    enabled: dict[str, bool | None] = {}
    for item, parents in walk(questionnaire["item"]):
        own = _own_enablement(item, answers)
        around = [enabled[p] for p in parents]
        if own is False or False in around:
            enabled[item["linkId"]] = False
        elif own is None or None in around:
            enabled[item["linkId"]] = None
        else:
            enabled[item["linkId"]] = True
    return enabled


def _own_enablement(item: Json, answers: dict[str, list[Json]]) -> bool | None:
    if any(
        e["url"].endswith(("enableWhenExpression", "condition-note"))
        for e in item.get("extension", [])
    ):
        return None
    checks = item.get("enableWhen")
    if not checks:
        return True
    results = [_holds(check, answers.get(check["question"], [])) for check in checks]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def _holds(check: Json, answers: list[Json]) -> bool:
    """R4's operators: = holds if some answer equals; != if none does (so also when
    unanswered); > and < if some answer compares so; exists on whether any answer."""
    (key,) = [k for k in check if k.startswith("answer")]
    expected = check[key]
    if check["operator"] == "exists":
        return bool(answers) == expected
    values = [_comparable(answer) for answer in answers]
    wanted = _comparable({key: expected})
    if check["operator"] == "=":
        return wanted in values
    if check["operator"] == "!=":
        return wanted not in values
    if check["operator"] == ">":
        return any(value > wanted for value in values)
    return any(value < wanted for value in values)


def _comparable(answer: Json) -> Any:
    ((key, value),) = [(k, v) for k, v in answer.items() if k.startswith(("value", "answer"))]
    if key.endswith("Coding"):
        return (value["system"], value["code"])
    return value  # integers compare as numbers, ISO dates as text in date order
