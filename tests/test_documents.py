"""Consultation documents (issue 13): one document, two audiences, Markdown, HTML and text.

Everything here runs on the fixture bank (its wording belongs to the tests); the
bundled bank's sample documents are compared in test_golden_documents.py.
"""

from __future__ import annotations

import stat
from collections import Counter
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from intake_tui.cli.main import main
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.document import html, markdown, text
from intake_tui.core.document.build import NOT_ANSWERED, NOT_FINISHED, build_document
from intake_tui.core.document.model import (
    Audience,
    Badge,
    Bullets,
    Callout,
    Document,
    PageBreak,
    Paragraph,
)
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import Override, SessionReport
from intake_tui.core.report.toml_io import dumps_report
from intake_tui.core.store import session_file_name
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle

FIXTURE = fixture_bundle()
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
SESSION = "00112233445566aa"
RENDERERS = {"md": markdown.render, "html": html.render, "txt": text.render}
HOSTILE = ("[bold red]x[/]", "<script>alert(1)</script>", "\x1b[31m", "**x**", "# h")
HOSTILE_TEXT = " ".join(HOSTILE)
# How each format shows the hostile text: the escape sequence as the characters \x1b.
HOSTILE_SHOWN = HOSTILE_TEXT.replace("\x1b", "\\x1b")


def report_for(answers: dict[str, AnswerValue] | None = None, **update: object) -> SessionReport:
    built = build_report(
        FIXTURE,
        fixture_answers() if answers is None else answers,
        status="completed",
        now=NOW,
        session_id=SESSION,
    )
    return built.model_copy(update=update)


def flaring() -> dict[str, AnswerValue]:
    """A fixture client whose eczema is flaring: not now."""
    return {**fixture_answers(), "skin_conditions": ["eczema"], "skin_flaring": "yes"}


def rendered(report: SessionReport, audience: Audience, ext: str, bundle: Bundle = FIXTURE) -> str:
    return RENDERERS[ext](build_document(report, bundle, audience))


# --- the two audiences -------------------------------------------------------------------


def test_the_practitioner_copy_has_the_summary_then_answers_then_trace() -> None:
    report = report_for(flaring(), override=Override(reason="why", staff_initials="AB", at=NOW))
    document = build_document(report, FIXTURE, "practitioner")
    blocks = list(document.blocks)
    page_break = blocks.index(PageBreak())
    assert any(isinstance(b, Badge) and b.tone == "stop" for b in blocks[:page_break])
    printed = text.render(document)
    summary, detail = printed.split("=" * text.WIDTH + "\n")[-2:]
    assert "Staff override by AB" in summary and "Why: why" in summary
    rec = report.recommendation
    assert rec is not None
    for finding in rec.gate.reasons:
        assert finding.rule_id in summary
    assert (
        detail.index("Answers") < detail.index("Why it says this") < detail.index("Settings hash")
    )
    assert report.questionnaire.content_hash in detail


def test_answers_show_the_labels_the_client_saw_and_unanswered_plainly() -> None:
    question = FIXTURE.bank.by_id["skin_tone_self"]
    skipped = next(q for q in FIXTURE.bank.questions if q.id not in fixture_answers())
    report = report_for(unanswered=[skipped.id])
    printed = rendered(report, "practitioner", "txt")
    assert question.label_for("type_3") in printed
    assert "type_3" not in printed
    assert NOT_ANSWERED in printed


def test_the_client_copy_has_no_codes_or_rule_ids_and_has_the_dated_plan() -> None:
    report = report_for()
    rec = report.recommendation
    assert rec is not None and rec.timeline is not None and rec.timeline.start_date
    printed = rendered(report, "client", "txt")
    rule_ids = {r for entry in rec.trace for r in entry.rule_ids}
    assert not [r for r in rule_ids if r in printed]
    assert SESSION not in printed and "type_3" not in printed
    assert "Session 1:" in printed and rec.notice.split()[0] in printed


@pytest.mark.parametrize("audience", ["client", "practitioner"])
def test_a_draft_says_it_has_no_recommendation(audience: Audience) -> None:
    draft = report_for(status="in_progress", recommendation=None)
    for ext in RENDERERS:
        flat = " ".join(rendered(draft, audience, ext).split())
        assert NOT_FINISHED.split(",")[0] in flat.replace("\\", "")


def test_the_html_is_self_contained_and_prints_with_a_page_break() -> None:
    page = rendered(report_for(), "practitioner", "html")
    assert "@page" in page and "break-before: page" in page
    assert 'class="page-break"' in page
    for outside in ("<script", "src=", "href=", "@import", "url("):
        assert outside not in page


# --- escaping ----------------------------------------------------------------------------


def hostile_report() -> SessionReport:
    report = report_for(flaring())
    hostile = {"client_reference": HOSTILE_TEXT, "retired_question": HOSTILE_TEXT}
    return report.model_copy(
        update={
            "answers": {**report.answers, **hostile},
            "staff_initials": HOSTILE_TEXT,
            "override": Override(reason=HOSTILE_TEXT, staff_initials=HOSTILE_TEXT, at=NOW),
        }
    )


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def _markdown_texts(source: str) -> tuple[list[str], set[str]]:
    """Each inline's text, and every token type, as a Markdown reader parses it."""
    tokens = MarkdownIt("gfm-like").parse(source)
    inline = [child for token in tokens for child in (token.children or [])]
    types = {t.type for t in tokens} | {child.type for child in inline}
    texts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            texts.append(
                "".join(c.content for c in token.children or [] if c.type.startswith("text"))
            )
    return texts, types


@pytest.mark.parametrize("audience", ["client", "practitioner"])
def test_values_print_literally_in_every_format(audience: Audience) -> None:
    report = hostile_report()
    expected_count = 1 if audience == "client" else 5  # reference; + initials x2, reason, answer
    page = _Reader()
    page.feed(rendered(report, audience, "html"))
    assert "script" not in page.tags
    assert "".join(page.texts).count(HOSTILE_SHOWN) >= expected_count
    printed = rendered(report, audience, "txt")
    unwrapped = printed.replace("\n| ", "\n")  # a callout's lines start with "| "
    assert " ".join(unwrapped.split()).count(HOSTILE_SHOWN) >= expected_count
    texts, types = _markdown_texts(rendered(report, audience, "md"))
    assert not types & {"html_inline", "html_block", "link_open"}
    assert sum(t.count(HOSTILE_SHOWN) for t in texts) >= expected_count
    for output in (printed, "".join(page.texts), *texts):
        assert "\x1b" not in output


@pytest.mark.parametrize("value", ["- a", "+ a", "1. a", "2) a", "---", "= a", "> a", "# a"])
def test_markdown_keeps_line_starts_literal(value: str) -> None:
    document = Document("t", "client", (Paragraph(value), Bullets((value,)), Callout(value)))
    tokens = MarkdownIt("gfm-like").parse(markdown.render(document))
    kinds = Counter(token.type for token in tokens)
    assert (kinds["heading_open"], kinds["bullet_list_open"], kinds["blockquote_open"]) == (1, 1, 1)
    assert not kinds["ordered_list_open"] and not kinds["hr"]
    texts, _ = _markdown_texts(markdown.render(document))
    assert texts.count(value) == 3


# --- the command line --------------------------------------------------------------------


def _saved(folder: Path, report: SessionReport) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / session_file_name(report.session_id)
    path.write_text(dumps_report(report), encoding="utf-8")
    return path


def intake(*args: str) -> int:
    return main(["--questions", str(FIXTURE_BANK), *args])


def test_export_prints_a_session_file_or_an_id_in_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = report_for()
    path = _saved(tmp_path / "data", report)
    assert intake("export", str(path), "--format", "txt", "--for", "client") == 0
    assert capsys.readouterr().out == rendered(report, "client", "txt")
    data = ["--data-dir", str(tmp_path / "data")]
    assert intake(*data, "export", SESSION, "--format", "md") == 0
    assert capsys.readouterr().out == rendered(report, "practitioner", "md")


def test_export_writes_privately_and_never_over_a_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _saved(tmp_path / "data", report_for())
    out = tmp_path / "copy.html"
    assert intake("export", str(path), "--format", "html", "-o", str(out)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out.write_text("mine", encoding="utf-8")
    assert intake("export", str(path), "--format", "html", "-o", str(out)) == 1
    assert out.read_text(encoding="utf-8") == "mine"
    assert "already exists; add --force" in capsys.readouterr().err
    assert intake("export", str(path), "--format", "html", "-o", str(out), "--force") == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_of_a_missing_session_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert intake("--data-dir", str(tmp_path), "export", SESSION, "--format", "md") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{SESSION}: no such session file" in err


def test_report_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(
        "[answers]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in fixture_answers().items()),
        encoding="utf-8",
    )
    fixed = ["--now", "2026-11-26T09:00:00+00:00", "--session-id", SESSION, "--today", "2026-11-26"]
    assert intake("report", str(answers), *fixed) == 0
    assert capsys.readouterr().out.startswith("# intake-tui session report")
    assert intake("report", str(answers), *fixed, "--format", "html", "--for", "client") == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and 'class="client"' in page


def _toml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


def test_export_imports_no_textual(tmp_path: Path) -> None:
    from tests.test_import_hygiene import run_and_list_modules

    path = _saved(tmp_path / "data", report_for())
    code = (
        "import contextlib, io\n"
        "from intake_tui.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['export', {str(path)!r}, '--format', 'html']) == 0\n"
    )
    loaded = run_and_list_modules(code)
    assert "intake_tui.core.document.html" in loaded
    assert "textual" not in loaded
