"""FHIR R4 exports: the bank as a Questionnaire, a session as a QuestionnaireResponse.

Plain JSON-able dicts built from the bank; no FHIR library at run time (the tests
validate the output with fhir.resources). The mapping is documented in docs/fhir.md.
"""

from intake_tui.core.fhir.common import DEFAULT_BASE_URL, fhir_json
from intake_tui.core.fhir.questionnaire import questionnaire
from intake_tui.core.fhir.response import questionnaire_response

__all__ = ["DEFAULT_BASE_URL", "fhir_json", "questionnaire", "questionnaire_response"]
