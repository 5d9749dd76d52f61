"""FHIR R4 exports (issue 13 point 3): the bank as a Questionnaire, sessions as
QuestionnaireResponses, validated with fhir.resources (R4B) and by tests/fhir_checks.py
for what it does not check; the mapping of conditions against FHIR's own reading."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fhirpathpy import evaluate as fhirpath
from fhirpathpy.models import models as fhirpath_models
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_tui.cli.main import main
from intake_tui.core.bank.models import Bank, Question
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import CONDITION
from intake_tui.core.errors import IntakeError
from intake_tui.core.fhir import fhir_json, questionnaire, questionnaire_response
from intake_tui.core.fhir.enable_when import ENABLE_WHEN_EXPRESSION, condition_elements
from intake_tui.core.fhir.questionnaire import item_type
from intake_tui.core.flow import Flow
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from tests.fhir_checks import (
    fhir_enabled,
    items_by_link_id,
    questionnaire_problems,
    response_problems,
    validate_questionnaire,
    validate_response,
)
from tests.strategies import answer_sets, examples
from tests.support import FIXTURE_BANK, bundled, fixture_answers, fixture_bundle
from tests.test_import_hygiene import run_and_list_modules

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_sessions").glob("*.report.toml"))
URL = "https://clinic.example/fhir/Questionnaire/fixture-intake"
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)

Json = dict[str, Any]


def fixture_report(
    answers: dict[str, Any] | None = None, *, status: str = "completed", mode: str = "self"
) -> SessionReport:
    return build_report(
        fixture_bundle(),
        fixture_answers() if answers is None else answers,
        status=status,  # type: ignore[arg-type]
        now=NOW,
        session_id="00112233445566aa",
        mode=mode,  # type: ignore[arg-type]
    )


def required_unanswered(form: Json, response: Json, flow: Flow) -> list[str]:
    """Required items enabled (by FHIR's reading, or the flow's where FHIR has none) but
    unanswered in the response."""
    enabled = fhir_enabled(form, response)
    answered = (
        {item["linkId"] for item in items_by_link_id(response).values() if item.get("answer")}
        if "item" in response
        else set()
    )
    return [
        link_id
        for link_id, item in items_by_link_id(form).items()
        if item.get("required")
        and (enabled[link_id] or (enabled[link_id] is None and flow.is_enabled(link_id)))
        and link_id not in answered
    ]


def check_response(report: SessionReport, bundle: Bundle) -> Json:
    form = questionnaire(bundle)
    response = questionnaire_response(report, bundle)
    validate_response(response)
    assert response_problems(response, form) == []
    flow = Flow.compute(bundle, report.answers, {"mode": report.mode})
    if report.status != "in_progress":
        assert required_unanswered(form, response, flow) == []
    return response


# --- the Questionnaire -------------------------------------------------------------------


@pytest.mark.parametrize("bundle", [bundled, fixture_bundle], ids=["bundled", "fixture"])
def test_the_bank_exports_as_a_valid_questionnaire(bundle: Any) -> None:
    form = questionnaire(bundle())
    validate_questionnaire(form)
    assert questionnaire_problems(form) == []
    assert {q.id for q in bundle().bank.questions} <= set(items_by_link_id(form))


def test_the_questionnaire_carries_url_version_types_options_and_required() -> None:
    form = questionnaire(fixture_bundle(), "https://clinic.example/fhir/")
    assert (form["url"], form["version"], form["status"]) == (URL, "0.1.0", "active")
    items = items_by_link_id(form)
    bank = fixture_bundle().bank
    assert items["section.health"]["type"] == "group"
    assert items["age"]["type"] == "integer" and items["age"]["required"] is True
    assert items["start_date"]["type"] == "date"
    assert items["concerns"]["repeats"] is True and items["concerns"]["type"] == "choice"
    assert "repeats" not in items["smoking"]
    assert items["welcome_note"]["type"] == "display"
    codings = [o["valueCoding"] for o in items["smoking"]["answerOption"]]
    assert codings == [
        {"system": f"{URL}/CodeSystem/smoking", "code": o.value, "display": o.label}
        for o in bank.question("smoking").options
    ]


def test_exclusive_options_bounds_and_defaults_use_the_usual_extensions() -> None:
    items = items_by_link_id(questionnaire(fixture_bundle()))
    none_of_these = [
        o for o in items["skin_conditions"]["answerOption"] if o["valueCoding"]["code"] == "none"
    ]
    assert none_of_these[0]["extension"][0]["url"].endswith("questionnaire-optionExclusive")
    bounds = {e["url"].rsplit("/", 1)[1]: e.get("valueInteger") for e in items["age"]["extension"]}
    rule = fixture_bundle().bank.question("age").validation
    assert rule is not None
    assert (bounds["minValue"], bounds["maxValue"]) == (rule.min, rule.max)
    initial = items["start_date"]["extension"][0]  # default = "today"
    assert initial["url"].endswith("sdc-questionnaire-initialExpression")
    assert initial["valueExpression"]["expression"] == "today()"


def test_plain_conditions_become_enable_when() -> None:
    items = items_by_link_id(questionnaire(fixture_bundle(), "https://clinic.example/fhir"))
    quiz = items["quiz_eyes"]  # any of two equals
    assert quiz["enableBehavior"] == "any"
    assert [c["operator"] for c in quiz["enableWhen"]] == ["=", "="]
    assert quiz["enableWhen"][0]["answerCoding"] == {
        "system": f"{URL}/CodeSystem/skin_tone_self",
        "code": "not_sure",
    }
    health = items["section.health"]  # the section's gate sits on its group
    assert health["enableWhen"] == [{"question": "age", "operator": ">", "answerInteger": 17}]
    assert "enableBehavior" not in health


def test_not_equals_needs_an_answer_in_fhir_too() -> None:
    """FHIR's != holds when the question is unanswered; the bank's not_equals does not."""
    offer = items_by_link_id(questionnaire(fixture_bundle()))["fitz_quiz_offer"]
    assert offer["enableBehavior"] == "all"
    assert [(c["operator"], c.get("answerBoolean")) for c in offer["enableWhen"]] == [
        ("!=", None),
        ("exists", True),
    ]


def elements(raw: object, bank: Bank | None = None) -> Json:
    condition = CONDITION.validate_python(raw)
    return condition_elements(condition, bank or fixture_bundle().bank, URL)


def note_of(found: Json) -> str:
    return next(e["valueString"] for e in found["extension"] if e["url"].endswith("note"))


def test_mixed_nesting_gets_an_expression_and_a_note_never_a_plain_form() -> None:
    found = elements(
        {
            "any": [
                {"question": "smoking", "operator": "not_equals", "value": "never"},
                {"question": "age", "operator": "greater_than", "value": 60},
            ]
        }
    )
    assert "enableWhen" not in found
    expression = next(e for e in found["extension"] if e["url"] == ENABLE_WHEN_EXPRESSION)
    assert expression["valueExpression"]["language"] == "text/fhirpath"
    text = expression["valueExpression"]["expression"]
    assert "linkId = 'smoking'" in text and "$this > 60" in text and " or " in text
    assert "one level" in note_of(found)


def test_a_condition_on_a_fact_is_declared_not_expressible() -> None:
    found = elements({"fact": "phototype", "operator": "greater_than", "value": 3})
    assert "enableWhen" not in found
    assert [e["url"] for e in found["extension"]] == [f"{URL}/StructureDefinition/condition-note"]
    assert "phototype" in note_of(found) and "shows this item always" in note_of(found)


@pytest.mark.parametrize(
    "raw",
    [
        # equals on a multiple-choice answer is false in the bank, = holds in FHIR
        {"question": "concerns", "operator": "equals", "value": "fine_lines"},
        # includes on a single answer is false in the bank
        {"question": "smoking", "operator": "includes", "value": "current"},
        # an integer item cannot be compared with a decimal in plain enableWhen
        {"question": "age", "operator": "greater_than", "value": 17.5},
    ],
)
def test_comparisons_fhir_reads_otherwise_get_no_plain_form(raw: object) -> None:
    assert "enableWhen" not in elements(raw)


def test_in_and_not_in_become_any_and_all() -> None:
    chosen = elements({"question": "smoking", "operator": "in", "value": ["current", "former"]})
    assert chosen["enableBehavior"] == "any" and len(chosen["enableWhen"]) == 2
    none = elements({"question": "concerns", "operator": "not_in", "value": ["acne_scars"]})
    assert none["enableBehavior"] == "all"
    assert [c["operator"] for c in none["enableWhen"]] == ["!=", "exists"]


# --- the QuestionnaireResponse -----------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_sample_session_exports_as_a_valid_response(path: Path) -> None:
    saved = read_report(path)
    # Pinned to the bank as it is now: a clinic's edit of the version (samples are
    # regenerated then, like the pictures) must not fail this check of FHIR's shape.
    pinned = saved.questionnaire.model_copy(update={"version": bundled().bank.version})
    report = saved.model_copy(update={"questionnaire": pinned})
    response = check_response(report, bundled())
    assert response["identifier"]["value"] == report.session_id
    assert response["status"] == {"completed": "completed", "amended": "amended"}[report.status]


def test_the_response_names_its_questionnaire_status_and_moment() -> None:
    response = questionnaire_response(
        fixture_report(), fixture_bundle(), "https://clinic.example/fhir"
    )
    assert response["questionnaire"] == f"{URL}|0.1.0"
    assert response["authored"] == "2026-11-26T09:30:00+00:00"
    assert response["identifier"] == {
        "system": f"{URL}/session-id",
        "value": "00112233445566aa",
    }
    draft = fixture_report(status="in_progress")
    assert questionnaire_response(draft, fixture_bundle())["status"] == "in-progress"


def test_authored_keeps_the_saved_offset() -> None:
    later = fixture_report().model_copy(
        update={"updated_at": datetime(2026, 11, 26, 10, 0, tzinfo=timezone(timedelta(hours=-6)))}
    )
    assert (
        questionnaire_response(later, fixture_bundle())["authored"] == "2026-11-26T10:00:00-06:00"
    )


def test_only_enabled_answered_questions_appear_with_typed_answers() -> None:
    answers = fixture_answers() | {
        "smoking_amount": "light"
    }  # kept, but not enabled: smoking never
    response = questionnaire_response(
        fixture_report(answers, status="in_progress"), fixture_bundle()
    )
    found = items_by_link_id(response)
    assert "smoking_amount" not in found
    assert "client_reference" not in found  # not asked in self mode
    assert found["age"]["answer"] == [{"valueInteger": 35}]
    assert found["start_date"]["answer"] == [
        {"valueDate": fixture_answers()["start_date"].isoformat()}
    ]
    assert [a["valueCoding"]["code"] for a in found["concerns"]["answer"]] == ["fine_lines"]


def test_the_client_reference_is_the_only_name_in_a_response() -> None:
    answers = fixture_answers() | {"client_reference": "J. Smith"}
    report = fixture_report(answers, mode="front_desk")
    text = fhir_json(questionnaire_response(report, fixture_bundle()))
    assert text.count("J. Smith") == 1
    assert "subject" not in json.loads(text)


def test_a_session_of_another_version_is_refused_in_one_sentence() -> None:
    report = fixture_report()
    other = report.model_copy(
        update={"questionnaire": report.questionnaire.model_copy(update={"version": "0.0.9"})}
    )
    with pytest.raises(IntakeError, match=r"0\.0\.9.*--from-session"):
        questionnaire_response(other, fixture_bundle())


def test_an_answer_that_no_longer_fits_is_refused_without_its_value() -> None:
    report = fixture_report()
    odd = report.model_copy(update={"answers": report.answers | {"smoking": "secret-value"}})
    with pytest.raises(IntakeError, match="'smoking'") as raised:
        questionnaire_response(odd, fixture_bundle())
    assert "secret-value" not in str(raised.value)


@settings(max_examples=examples(40))
@given(
    st.sampled_from(["self", "front_desk"]).flatmap(
        lambda mode: st.tuples(st.just(mode), answer_sets(fixture_bundle(), mode=mode))
    )
)
def test_fhir_reads_the_exported_conditions_as_the_flow_does(drawn: tuple[str, Any]) -> None:
    """For any answers, FHIR's reading of each plain enableWhen over the response agrees
    with the flow, and the response fits the Questionnaire."""
    mode, answers = drawn
    bundle = fixture_bundle()
    report = fixture_report(answers, mode=mode)
    response = check_response(report, bundle)
    flow = Flow.compute(bundle, answers, {"mode": mode})
    for link_id, enabled in fhir_enabled(questionnaire(bundle), response).items():
        if enabled is not None and link_id in bundle.bank.by_id:
            assert enabled == flow.is_enabled(link_id), link_id


# --- output and the command line ---------------------------------------------------------


def test_json_text_escapes_terminal_controls() -> None:
    text = fhir_json({"text": "a\x1b[31m b\x9b31m c\u2028"})
    assert "\x1b" not in text and "\x9b" not in text and "\u2028" not in text
    assert json.loads(text) == {"text": "a\x1b[31m b\x9b31m c\u2028"}


def test_questions_fhir_prints_the_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--questions", str(FIXTURE_BANK), "questions", "--fhir"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == questionnaire(fixture_bundle())


def test_questions_fhir_writes_a_private_file_and_never_overwrites_unasked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "questionnaire.json"
    command = ["--questions", str(FIXTURE_BANK), "questions", "--fhir", "-o", str(out)]
    assert main([*command, "--fhir-base", "https://clinic.example/fhir"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["url"] == URL
    assert main(command) == 1
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == f"intake: {out}: already exists; add --force to replace it"
    assert json.loads(out.read_text(encoding="utf-8"))["url"] == URL
    assert main([*command, "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["url"] != URL


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--template", "--fhir"], "--template or --fhir"),
        (["-o", "x.json"], "go with --fhir"),
        (["--fhir", "--fhir-base", "https://x.example/a|b"], "--fhir-base takes"),
    ],
)
def test_questions_fhir_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["--questions", str(FIXTURE_BANK), "questions", *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_neither_the_app_nor_the_export_imports_fhir_resources(tmp_path: Path) -> None:
    """fhir.resources is for the tests: the app, the core and the export never load it."""
    code = (
        "import contextlib, io, os\n"
        f"os.environ['INTAKE_DATA_DIR'] = {str(tmp_path)!r}\n"
        "import intake_tui.app.app, intake_tui.core.fhir\n"
        "from intake_tui.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['questions', '--fhir']) == 0\n"
    )
    loaded = run_and_list_modules(code)
    assert "intake_tui.core.fhir.questionnaire" in loaded
    assert not {
        name for name in loaded if name == "fhir" or name.startswith(("fhir.", "fhir_core"))
    }


# --- every operator, nesting and the unanswered trap, against FHIR's reading ---------------

# Conditions the fixture bank does not use, put on its questions in memory: each operator,
# one level and mixed nesting, a fact, and optional questions (the client reference) so
# that "unanswered" is drawn as often as any answer.
RECONDITIONED: dict[str, object] = {
    "keloid": {"question": "skin_conditions", "operator": "not_in", "value": ["eczema"]},
    "isotretinoin": {
        "question": "skin_tone_self",
        "operator": "in",
        "value": ["type_1", "type_2", "not_sure"],
    },
    "smoking_amount": {
        "any": [
            {"question": "smoking", "operator": "not_equals", "value": "never"},
            {"question": "client_reference", "operator": "not_equals", "value": "a"},
        ]
    },
    "sunscreen": {"question": "client_reference", "operator": "not_equals", "value": "a"},
    "scar_look": {
        "all": [
            {"question": "concerns", "operator": "includes", "value": "acne_scars"},
            {"question": "concerns", "operator": "not_includes", "value": "fine_lines"},
        ]
    },
    "stretch_colour": {
        "any": [
            {"question": "age", "operator": "less_than", "value": 40},
            {"question": "client_reference", "operator": "answered", "value": True},
        ]
    },
    "treatment_areas": {
        "all": [
            {"question": "concerns", "operator": "includes", "value": "fine_lines"},
            {"fact": "phototype", "operator": "greater_than", "value": 3},
        ]
    },
    "prp_interest": {
        "any": [
            {
                "all": [
                    {"question": "setting", "operator": "equals", "value": "clinic"},
                    {"question": "age", "operator": "greater_than", "value": 30},
                ]
            },
            {"question": "skin_tone_self", "operator": "equals", "value": "type_1"},
        ]
    },
}


@cache
def reconditioned_bundle() -> Bundle:
    original = fixture_bundle()
    bank = original.bank
    sections = tuple(
        section.model_copy(
            update={
                "questions": tuple(
                    q.model_copy(
                        update={"enable_when": CONDITION.validate_python(RECONDITIONED[q.id])}
                    )
                    if q.id in RECONDITIONED
                    else q
                    for q in section.questions
                )
            }
        )
        for section in bank.sections
    )
    fields = bank.model_dump(exclude={"sections"})
    return replace(original, bank=Bank(**fields, sections=sections))


def test_the_reconditioned_bank_has_plain_expression_and_note_items() -> None:
    items = items_by_link_id(questionnaire(reconditioned_bundle()))
    expression = {
        i
        for i, item in items.items()
        for e in item.get("extension", [])
        if e["url"] == ENABLE_WHEN_EXPRESSION
    }
    noted = {
        i
        for i, item in items.items()
        for e in item.get("extension", [])
        if e["url"].endswith("condition-note")
    }
    assert expression == {"smoking_amount", "prp_interest"}
    # The follow-up section reads a context fact (follow_up), as client_reference reads mode.
    assert noted == {
        "smoking_amount",
        "prp_interest",
        "treatment_areas",
        "client_reference",
        "section.last_visit",
    }
    assert {"keloid", "isotretinoin", "sunscreen", "scar_look", "stretch_colour"} <= {
        i for i, item in items.items() if "enableWhen" in item
    }


def expression_holds(item: Json, response: Json) -> bool | None:
    found = [e for e in item.get("extension", []) if e["url"] == ENABLE_WHEN_EXPRESSION]
    if not found:
        return None
    text = found[0]["valueExpression"]["expression"]
    result = fhirpath(response, text, {"resource": response}, fhirpath_models["r4"])
    assert result in ([True], [False]), text
    return bool(result[0])


@settings(max_examples=examples(60))
@given(
    st.sampled_from(["self", "front_desk"]).flatmap(
        lambda mode: st.tuples(st.just(mode), answer_sets(reconditioned_bundle(), mode=mode))
    )
)
def test_every_operator_reads_the_same_in_fhir_as_in_the_flow(drawn: tuple[str, Any]) -> None:
    """FHIR's reading of each plain enableWhen, and FHIRPath's of each expression, over
    the exported response, agree with the flow for any answers."""
    mode, answers = drawn
    bundle = reconditioned_bundle()
    report = build_report(
        bundle, answers, status="in_progress", now=NOW, session_id="00112233445566aa", mode=mode
    )
    response = check_response(report, bundle)
    form = questionnaire(bundle)
    flow = Flow.compute(bundle, answers, {"mode": mode})
    enabled = fhir_enabled(form, response)
    items = items_by_link_id(form)
    for question in bundle.bank.questions:
        if enabled[question.id] is not None:
            assert enabled[question.id] == flow.is_enabled(question.id), question.id
        holds = expression_holds(items[question.id], response)
        group = enabled[f"section.{question.section_id}"]
        if holds is not None and group:
            assert holds == flow.is_enabled(question.id), question.id


@pytest.mark.parametrize(
    ("validation", "expected"),
    [
        (None, "text"),
        ({"min_length": 2, "message": "m"}, "text"),
        ({"max_length": 80, "message": "m"}, "string"),
        ({"max_length": 1000, "message": "m"}, "text"),
    ],
)
def test_free_text_is_a_string_only_when_short(validation: Json | None, expected: str) -> None:
    reference = fixture_bundle().bank.question("client_reference")
    question = Question.model_validate(reference.model_dump() | {"validation": validation})
    assert item_type(question) == expected
