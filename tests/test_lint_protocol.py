"""Protocol-data mistakes the loader or linter must catch (each was once silent), on the fixture bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import BankError
from tests.support import copy_bank, edit


def lint_errors(root: Path) -> list[str]:
    return [str(p) for p in lint_bundle(load_bundle(root, lint=False)) if p.severity == "error"]


def load_errors(root: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bundle(root, lint=False)
    return [str(p) for p in caught.value.problems]


def test_every_plan_conditional_leaves_no_default(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / "protocol/timeline.toml",
        'planned = 3\nsources = ["article:timeline"]',
        'planned = 3\nwhen = { all = [{ question = "age", operator = "greater_than", value = 17 }] }\n'
        'sources = ["article:timeline"]',
    )
    assert any("needs one plan without 'when'" in e for e in lint_errors(root))


def test_add_on_on_a_multiple_choice_question_is_refused(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / "settings.toml",
        'question = "prp_interest"\nvalue = "yes"',
        'question = "skin_conditions"\nvalue = "eczema"',
    )
    assert any(
        "'skin_conditions' is multiple, expected single/yes_no" in e for e in lint_errors(root)
    )


def test_duplicate_rule_id_is_an_error(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(root / "protocol/rules.toml", 'id = "ci.keloid"', 'id = "ci.skin_condition"')
    found = [e for e in lint_errors(root) if "id 'ci.skin_condition' appears twice" in e]
    assert found and "rules.toml:" in found[0]


@pytest.mark.parametrize(
    ("leaf", "expected"),
    [
        (
            '{ fact = "mode", operator = "greater_than", value = 3 }',
            "does not apply to the text fact 'mode'",
        ),
        (
            '{ fact = "phototype", operator = "equals", value = "IV" }',
            "fact 'phototype' is compared with a number",
        ),
        (
            '{ fact = "phototype", operator = "includes", value = 4 }',
            "'includes' does not apply to fact 'phototype'",
        ),
    ],
)
def test_fact_conditions_are_type_checked(tmp_path: Path, leaf: str, expected: str) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / "protocol/rules.toml",
        'when = { all = [{ fact = "phototype", operator = "greater_than", value = 3 }] }',
        f"when = {{ all = [{leaf}] }}",
    )
    assert any(expected in e for e in lint_errors(root))


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "protocol/timeline.toml",
            "min_weeks = 4, max_weeks = 6",
            "min_weeks = 8, max_weeks = 6",
            "min_weeks is at most max_weeks",
        ),
        (
            "protocol/timeline.toml",
            "from_days = 7\nto_days = 14",
            "from_days = 14\nto_days = 7",
            "from_days is at most to_days",
        ),
        (
            "protocol/longevity.toml",
            "maintenance_min_months = 6",
            "maintenance_min_months = 0",
            "greater than or equal to 1",
        ),
        (
            "protocol/facts.toml",
            "{ min_score = 2, max_score = 3",
            "{ min_score = 3, max_score = 3",
            "without gaps or overlaps",
        ),
        ("protocol/facts.toml", "type_6 = 6", "type_6 = 7", "less than or equal to 6"),
        (
            "questionnaire.toml",
            "[questionnaire]",
            "colour = 1\n[questionnaire]",
            "unknown top-level key 'colour'",
        ),
    ],
)
def test_protocol_values_are_checked_when_loading(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    root = copy_bank(tmp_path)
    edit(root / file, old, new)
    assert any(expected in e and Path(file).name in e for e in load_errors(root))


def test_settings_level_error_reads_cleanly(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / "settings.toml",
        "clinic = false\nmax_depth_mm = 0.5",
        "clinic = false\nmax_depth_mm = 0.45",
    )
    edit(root / "settings.toml", "home_max_depth_mm = 0.5", "home_max_depth_mm = 0.4")
    errors = load_errors(root)
    assert any("setting 'home' is not a clinic" in e for e in errors)
    assert not any("error: : " in e for e in errors)


def test_a_bad_session_id_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    sample = Path(__file__).resolve().parents[1] / "sample_sessions" / "01-go-ahead.answers.toml"
    assert main(["report", str(sample), "--session-id", "../../etc"]) == 1
    assert "--session-id takes 16 lower-case hexadecimal digits" in capsys.readouterr().err
