"""A saved session as a FHIR R4 QuestionnaireResponse (a plain dict, ready for json.dumps).

Only enabled, answered questions appear, nested in their sections' groups like the
Questionnaire, each answer typed as the Questionnaire types the item. The session id
is the response's identifier; no name appears beyond the client-reference answer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from intake_tui.core.bank.models import CHOICE_TYPES, Question
from intake_tui.core.bundle_model import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.errors import IntakeError
from intake_tui.core.fhir.common import (
    DEFAULT_BASE_URL,
    Json,
    canonical_url,
    code_system,
    section_link_id,
)
from intake_tui.core.flow import Flow
from intake_tui.core.i18n import ENGLISH
from intake_tui.core.report.build import context_for
from intake_tui.core.report.models import SessionReport

FHIR_STATUS = {"in_progress": "in-progress", "completed": "completed", "amended": "amended"}


def questionnaire_response(
    report: SessionReport, bundle: Bundle, base_url: str = DEFAULT_BASE_URL
) -> Json:
    """``report`` as a response to ``questionnaire(bundle, base_url)``.

    The bank must be the one the session was answered with (same id and version):
    the answers are typed and coded by it. IntakeError otherwise, or if an answer no
    longer fits its question."""
    bank = bundle.bank
    _check_same_bank(report, bundle)
    url = canonical_url(bank, base_url)
    answers = Flow.compute(
        bundle, report.answers, context_for(report.mode, report.follows)
    ).visible_answers
    groups: list[Json] = []
    for section in bank.sections:
        items = [
            _item(report, question, answers[question.id], url)
            for question in section.questions
            if question.id in answers
        ]
        if items:
            link_id = section_link_id(section)
            groups.append({"linkId": link_id, "text": section.title, "item": items})
    resource: Json = {
        "resourceType": "QuestionnaireResponse",
        # The report's language as BCP 47 ("pt-BR"); English ones stay as they always were.
        **({"language": report.language.replace("_", "-")} if report.language != ENGLISH else {}),
        "identifier": {"system": f"{url}/session-id", "value": report.session_id},
        "questionnaire": f"{url}|{bank.version}",
        "status": FHIR_STATUS[report.status],
        "authored": authored(report.updated_at, bundle.settings.zone),
    }
    if groups:
        resource["item"] = groups
    return resource


def authored(moment: datetime, zone: tzinfo | None) -> str:
    """ISO date-time with its offset, in the clinic's zone if it names one (a moment
    saved without an offset is UTC, as everywhere else in the program)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return (aware.astimezone(zone) if zone is not None else aware).isoformat(timespec="seconds")


def _check_same_bank(report: SessionReport, bundle: Bundle) -> None:
    bank, used = bundle.bank, report.questionnaire
    if (used.id, used.version) != (bank.id, bank.version):
        raise IntakeError(
            f"session {report.session_id} was answered with questions '{used.id}' "
            f"{used.version}, not '{bank.id}' {bank.version}: recompute it first with "
            "`intake report --from-session`"
        )


def _item(report: SessionReport, question: Question, value: AnswerValue, url: str) -> Json:
    return {
        "linkId": question.id,
        "text": question.prompt,
        "answer": [_answer(report, question, one, url) for one in _values(value)],
    }


def _values(value: AnswerValue) -> list[str | int | date]:
    return list(value) if isinstance(value, list) else [value]


def _answer(report: SessionReport, question: Question, value: str | int | date, url: str) -> Json:
    if question.type in CHOICE_TYPES and isinstance(value, str):
        option = question.option(value)
        if option is not None:
            system = code_system(url, question)
            return {"valueCoding": {"system": system, "code": value, "display": option.label}}
    elif question.type == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return {"valueInteger": value}
    elif question.type == "date" and isinstance(value, date):
        return {"valueDate": value.isoformat()}
    elif question.type == "text" and isinstance(value, str):
        return {"valueString": value}
    raise IntakeError(
        f"session {report.session_id}: the answer to '{question.id}' does not fit that "
        f"{question.type} question of the current questions; recompute the session first "
        "with `intake report --from-session`"
    )
