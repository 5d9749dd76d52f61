"""The shorter condition language: `in` / `not_in`, named conditions, bare leaves.

Engine and linter tests run on a small bank of their own, written into tmp_path;
only the protocol tables and settings are borrowed from the bundled folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.loader import load_bank, load_section
from intake_tui.core.bank.named import NamedConditions, load_named_conditions
from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.conditions import (
    CONDITION,
    AnswerValue,
    Condition,
    ConditionValue,
    Group,
    Named,
    describe,
    evaluate,
)
from intake_tui.core.errors import BankError, Problem
from tests.support import bundled, copy_bank, line_of

SECTION = "sections/one.toml"
# Our own questions, in asking order: (id, type, option values).
OWN_QUESTIONS = (
    ("colour", "single", ("red", "blue", "green")),
    ("pets", "multiple", ("cat", "dog", "fish")),
    ("years", "integer", ()),
    ("nickname", "text", ()),
    ("target", "text", ()),  # conditioned by the test at hand
)


def _question_toml(question_id: str, kind: str, values: tuple[str, ...]) -> str:
    options = ", ".join(f'{{ value = "{v}", label = "{v}" }}' for v in values)
    return (
        f'\n[[questions]]\nid = "{question_id}"\ntype = "{kind}"\nprompt = "{question_id}?"\n'
        'why = "To test conditions."\npurpose = "record"\n'
        + (f"options = [{options}]\n" if values else "")
    )


QUESTIONS = "".join(_question_toml(*question) for question in OWN_QUESTIONS)


def condition(raw: Any, named: NamedConditions | None = None) -> Condition:
    context = (named or NamedConditions()).context
    result: Condition = CONDITION.validate_python(raw, context=context)
    return result


def holds(raw: Any, answers: dict[str, AnswerValue], facts: dict[str, ConditionValue]) -> bool:
    return evaluate(condition(raw), answers, facts)


# --- in / not_in, for each kind of answer ----------------------------------------

Q_IN = {"question": "q", "operator": "in", "value": ["a", "b"]}
Q_NOT_IN = {"question": "q", "operator": "not_in", "value": ["a", "b"]}


@pytest.mark.parametrize(
    ("leaf", "answer", "expected"),
    [
        # single choice: the answer is one of the values / none of them
        (Q_IN, "a", True),
        (Q_IN, "c", False),
        (Q_NOT_IN, "a", False),
        (Q_NOT_IN, "c", True),
        # multiple choice: the answer includes at least one / none of them
        (Q_IN, ["b", "c"], True),
        (Q_IN, ["c"], False),
        (Q_IN, [], False),
        (Q_NOT_IN, ["c"], True),
        (Q_NOT_IN, ["a", "c"], False),
        (Q_NOT_IN, [], True),
        # whole numbers
        ({"question": "q", "operator": "in", "value": [18, 19]}, 19, True),
        ({"question": "q", "operator": "in", "value": [18, 19]}, 20, False),
        ({"question": "q", "operator": "not_in", "value": [18, 19]}, 20, True),
        # a different kind of value never matches
        ({"question": "q", "operator": "in", "value": [18]}, "18", False),
        # unanswered: false, for not_in too (as for not_equals)
        (Q_IN, None, False),
        (Q_NOT_IN, None, False),
    ],
)
def test_in_and_not_in_on_answers(leaf: dict[str, Any], answer: Any, expected: bool) -> None:
    answers = {} if answer is None else {"q": answer}
    assert holds(leaf, answers, {}) is expected


@pytest.mark.parametrize(
    ("leaf", "facts", "expected"),
    [
        ({"fact": "phototype", "operator": "in", "value": [5, 6]}, {"phototype": 5}, True),
        ({"fact": "phototype", "operator": "in", "value": [5, 6]}, {"phototype": 4}, False),
        ({"fact": "mode", "operator": "not_in", "value": ["self"]}, {"mode": "front_desk"}, True),
        ({"fact": "mode", "operator": "not_in", "value": ["self"]}, {}, False),
    ],
)
def test_in_and_not_in_on_facts(
    leaf: dict[str, Any], facts: dict[str, ConditionValue], expected: bool
) -> None:
    assert holds(leaf, {}, facts) is expected


OPTIONS = st.sampled_from(["a", "b", "c", "d"])
VALUES = st.lists(OPTIONS, min_size=1, max_size=4, unique=True)


def _answers(answer: AnswerValue | None) -> dict[str, AnswerValue]:
    return {} if answer is None else {"q": answer}


def _each(operator: str, values: list[str]) -> list[dict[str, Any]]:
    return [{"question": "q", "operator": operator, "value": v} for v in values]


@given(values=VALUES, answer=st.none() | OPTIONS)
def test_in_is_any_equals_for_a_single_answer(values: list[str], answer: str | None) -> None:
    answers = _answers(answer)
    leaf = {"question": "q", "operator": "in", "value": values}
    assert holds(leaf, answers, {}) == holds({"any": _each("equals", values)}, answers, {})
    negated = {**leaf, "operator": "not_in"}
    assert holds(negated, answers, {}) == holds({"all": _each("not_equals", values)}, answers, {})


@given(values=VALUES, answer=st.none() | st.lists(OPTIONS, max_size=4, unique=True))
def test_in_is_any_includes_for_a_list_answer(values: list[str], answer: list[str] | None) -> None:
    answers = _answers(answer)
    leaf = {"question": "q", "operator": "in", "value": values}
    assert holds(leaf, answers, {}) == holds({"any": _each("includes", values)}, answers, {})
    negated = {**leaf, "operator": "not_in"}
    assert holds(negated, answers, {}) == holds({"all": _each("not_includes", values)}, answers, {})


@pytest.mark.parametrize(
    ("leaf", "message"),
    [
        ({"question": "q", "operator": "in", "value": "a"}, "take a list value"),
        ({"question": "q", "operator": "equals", "value": ["a"]}, "take a list value"),
        ({"question": "q", "operator": "in", "value": []}, "at least one value"),
        ({"question": "q", "operator": "not_in", "value": ["a", "a"]}, "lists a value twice"),
        ({"question": "q", "operator": "in", "value": [True]}, "valid string"),
    ],
)
def test_malformed_in_values_are_refused(leaf: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        condition(leaf)


# --- the one-test form, and old forms ---------------------------------------------

LEAF = {"question": "colour", "operator": "equals", "value": "red"}


@pytest.mark.parametrize("raw", [LEAF, {"all": [LEAF]}, {"any": [LEAF]}])
def test_a_bare_leaf_means_what_its_one_member_group_meant(raw: dict[str, Any]) -> None:
    for answer, expected in (("red", True), ("blue", False)):
        assert holds(raw, {"colour": answer}, {}) is expected
    assert describe(condition(raw)) == "colour equals 'red'"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"question": "pets", "operator": "in", "value": ["cat", "dog"]}, "pets in ['cat', 'dog']"),
        ({"fact": "mode", "operator": "not_in", "value": ["self"]}, "fact mode not in ['self']"),
        ("red", "red (colour equals 'red')"),
        ({"any": ["red", LEAF]}, "(red (colour equals 'red') or colour equals 'red')"),
    ],
)
def test_describe_names_the_new_forms(raw: Any, words: str) -> None:
    named = NamedConditions(definitions={"red": condition(LEAF)})
    assert describe(condition(raw, named)) == words


# --- named conditions: loading ----------------------------------------------------


def write_conditions(root: Path, text: str) -> Path:
    path = root / "conditions.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_names_resolve_in_any_order_and_are_kept_as_named_nodes(tmp_path: Path) -> None:
    write_conditions(
        tmp_path,
        '[conditions]\nwarm = { any = ["reddish", { question = "colour", operator = "equals", '
        'value = "green" }] }\nreddish = { question = "colour", operator = "in", value = ["red"] }\n',
    )
    named, problems = load_named_conditions(tmp_path)
    assert problems == []
    warm = named.definitions["warm"]
    assert isinstance(warm, Group) and isinstance(warm.members[0], Named)
    used = condition("warm", named)
    assert isinstance(used, Named) and used.name == "warm"
    assert [evaluate(used, {"colour": c}, {}) for c in ("red", "green", "blue")] == [
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ('a = "b"\nb = "a"\n', "a", "named conditions form a cycle: a -> b -> a"),
        ('loop = { all = ["loop"] }\n', "loop", "form a cycle: loop -> loop"),
        ('a = "ghost"\n', "a", "unknown named condition 'ghost'"),
        (
            'Bad-Name = { question = "q", operator = "answered", value = true }\n',
            "Bad-Name",
            "lower",
        ),
        ('a = { question = "q", operator = "in", value = "x" }\n', "a", "take a list value"),
    ],
)
def test_broken_definitions_name_the_file_and_line(
    tmp_path: Path, text: str, name: str, message: str
) -> None:
    path = write_conditions(tmp_path, f"# named\n[conditions]\n{text}")
    named, problems = load_named_conditions(tmp_path)
    found = [p for p in problems if message in p.message]
    assert found, problems
    assert (found[0].file, found[0].line) == (path, line_of(path, f"{name} ="))
    assert name in named.broken


def test_a_use_of_a_broken_name_says_so(tmp_path: Path) -> None:
    write_conditions(tmp_path, '[conditions]\na = "b"\nb = "a"\n')
    named, _ = load_named_conditions(tmp_path)
    with pytest.raises(ValidationError, match="named condition 'a' has errors"):
        condition("a", named)


def test_sub_table_definitions_are_found_at_their_header(tmp_path: Path) -> None:
    path = write_conditions(
        tmp_path, '[conditions.pet_owner]\nquestion = "pets"\noperator = "in"\nvalue = ["cat"]\n'
    )
    named, problems = load_named_conditions(tmp_path)
    assert problems == []
    assert named.lines["pet_owner"] == line_of(path, "[conditions.pet_owner]")


def test_a_bank_without_conditions_toml_has_no_names(tmp_path: Path) -> None:
    named, problems = load_named_conditions(tmp_path)
    assert (dict(named.definitions), problems) == ({}, [])


def test_an_unknown_name_in_a_section_names_file_line_and_question(tmp_path: Path) -> None:
    path = tmp_path / "one.toml"
    path.write_text(
        f'[section]\nid = "one"\ntitle = "One"\n{QUESTIONS}enable_when = "ghost"\n',
        encoding="utf-8",
    )
    section, problems = load_section(path, NamedConditions())
    assert section is not None
    assert [(p.file, p.line, p.question_id) for p in problems] == [
        (path, line_of(path, 'id = "target"') - 1, "target")
    ]
    assert "unknown named condition 'ghost'" in problems[0].message


def test_an_unknown_name_in_a_protocol_row_names_its_line(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    rules = root / "protocol" / "rules.toml"
    with rules.open("a", encoding="utf-8") as appended:
        appended.write(
            '\n[[rules]]\nid = "note.test_only"\naction = "note"\nwhen = "ghost"\n'
            'message = "m"\nsources = ["facts:S1"]\n'
        )
    with pytest.raises(BankError) as caught:
        load_bundle(root, lint=False)
    found = [p for p in caught.value.problems if "unknown named condition 'ghost'" in p.message]
    assert [(p.file, p.line) for p in found] == [(rules, line_of(rules, "note.test_only") - 1)]


# --- named conditions and `in`: the linter -----------------------------------------


def own_bundle(root: Path, uses: dict[str, str], definitions: str = "") -> Bundle:
    """A bank of our own (four questions, each optionally conditioned) and its lint."""
    (root / "sections").mkdir(parents=True)
    (root / "questionnaire.toml").write_text(
        '[questionnaire]\nid = "conditions"\nversion = "1.0.0"\ntitle = "Conditions"\n'
        f'sections = ["{SECTION}"]\n',
        encoding="utf-8",
    )
    text = QUESTIONS
    for question_id, raw in uses.items():
        header = f'id = "{question_id}"\n'
        text = text.replace(header, f"{header}enable_when = {raw}\n")
    (root / SECTION).write_text(f'[section]\nid = "one"\ntitle = "One"\n{text}', encoding="utf-8")
    write_conditions(root, f"[conditions]\n{definitions}")
    tables = bundled()
    return Bundle(load_bank(root), tables.protocol, tables.settings, root)


def own_problems(bundle: Bundle) -> list[Problem]:
    """The problems located in our own files (the borrowed tables name other questions)."""
    ours = {bundle.root / SECTION, bundle.root / "conditions.toml"}
    return [p for p in lint_bundle(bundle) if p.file in ours]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            '{ question = "colour", operator = "in", value = ["red", "purple"] }',
            "no option 'purple'",
        ),
        ('{ question = "pets", operator = "not_in", value = ["cat", "cow"] }', "no option 'cow'"),
        ('{ question = "colour", operator = "in", value = ["red", 2] }', "no option '2'"),
        ('{ question = "years", operator = "in", value = ["ten"] }', "list whole numbers"),
        ('{ question = "nickname", operator = "in", value = ["Al"] }', "'nickname' is text"),
        ('{ fact = "phototype", operator = "in", value = ["IV"] }', "compared with a number"),
        ('{ fact = "mode", operator = "not_in", value = [1] }', "compared with text"),
    ],
)
def test_bad_in_values_are_errors_at_the_question(tmp_path: Path, raw: str, message: str) -> None:
    errors = [
        p for p in own_problems(own_bundle(tmp_path, {"target": raw})) if p.severity == "error"
    ]
    assert [p.question_id for p in errors] == ["target"]
    assert message in errors[0].message


@pytest.mark.parametrize(
    "raw",
    [
        '{ question = "colour", operator = "in", value = ["red", "blue"] }',
        '{ question = "pets", operator = "not_in", value = ["fish"] }',
        '{ question = "years", operator = "in", value = [18, 19] }',
        '{ question = "colour", operator = "equals", value = "red" }',
        '{ all = [{ question = "colour", operator = "equals", value = "red" }] }',
    ],
)
def test_fitting_conditions_lint_clean(tmp_path: Path, raw: str) -> None:
    assert own_problems(own_bundle(tmp_path, {"target": raw})) == []


def test_an_unused_name_is_a_warning_at_its_line(tmp_path: Path) -> None:
    definitions = (
        'red = { question = "colour", operator = "equals", value = "red" }\n'
        'spare = { question = "colour", operator = "equals", value = "blue" }\n'
    )
    bundle = own_bundle(tmp_path, {"target": '"red"'}, definitions)
    path = tmp_path / "conditions.toml"
    assert [(p.severity, p.message, p.line) for p in own_problems(bundle)] == [
        ("warning", "named condition 'spare' is used nowhere", line_of(path, "spare"))
    ]


def test_a_name_used_only_by_another_name_counts_as_used(tmp_path: Path) -> None:
    definitions = (
        'red = { question = "colour", operator = "equals", value = "red" }\n'
        'red_or_cat.any = ["red", { question = "pets", operator = "includes", value = "cat" }]\n'
    )
    bundle = own_bundle(tmp_path, {"target": '"red_or_cat"'}, definitions)
    assert own_problems(bundle) == []


def test_a_mistake_in_a_definition_is_reported_once_where_it_is_defined(tmp_path: Path) -> None:
    definitions = 'odd = { question = "colour", operator = "in", value = ["purple"] }\n'
    bundle = own_bundle(tmp_path, {"nickname": '"odd"', "target": '"odd"'}, definitions)
    path = tmp_path / "conditions.toml"
    about_purple = [p for p in own_problems(bundle) if "purple" in p.message]
    assert [(p.file, p.line, p.message) for p in about_purple] == [
        (path, line_of(path, "odd"), "named condition 'odd': 'colour' has no option 'purple'")
    ]


def test_what_depends_on_the_place_is_reported_where_the_name_is_used(tmp_path: Path) -> None:
    definitions = 'has_nickname = { question = "nickname", operator = "answered", value = true }\n'
    bundle = own_bundle(tmp_path, {"colour": '"has_nickname"'}, definitions)
    section = tmp_path / SECTION
    problems = [p for p in own_problems(bundle) if "not asked before it" in p.message]
    assert [(p.file, p.line, p.question_id) for p in problems] == [
        (section, line_of(section, 'id = "colour"') - 1, "colour")
    ]
    assert problems[0].message.endswith("(through named condition 'has_nickname')")
