"""Saved reports as one CSV table for the clinic, with a data dictionary alongside.

One row per saved report (drafts only when asked), codes rather than labels in the
cells and the labels in the dictionary, the way REDCap and ODK exports pair a raw
table with its dictionary. Client references are left out unless asked for.

Speed: a folder of 10,000 reports must export in under twice the time tomllib
takes to parse the files, so each file is parsed once through the bounded reader
and only the fields the table needs are validated (a small view model, not the
whole SessionReport).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from intake_tui.core.bank.models import Question
from intake_tui.core.bank.roles import CLIENT_REFERENCE
from intake_tui.core.bundle import Bundle
from intake_tui.core.clock import shown, sortable_utc
from intake_tui.core.csv_cells import safe_cell
from intake_tui.core.errors import SessionFileError
from intake_tui.core.index import file_problem, session_names
from intake_tui.core.recommend.maintenance import window_dates
from intake_tui.core.recommend.models import Decision
from intake_tui.core.report.models import STATUS_WORDS, Moment, SafeAnswer, Status
from intake_tui.core.report.toml_io import read_session_data, validate_session
from intake_tui.core.safe_text import printable
from intake_tui.core.units import mm

LIST_SEPARATOR = "; "
# OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula.


# --- the columns and their dictionary ---------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type: str
    values: str  # allowed values (code = label | ...) or units
    notes: str = ""


DICTIONARY_HEADER = ("column", "label", "type", "allowed_values_or_units", "notes")
_INJECTION_NOTE = (
    "Any text cell starting with = + - @, a tab or a carriage return is written with a "
    "leading apostrophe (') so that a spreadsheet shows it as text instead of running it "
    "as a formula (OWASP CSV injection)."
)


def _choices(pairs: Iterable[tuple[str, str]]) -> str:
    return " | ".join(f"{code} = {label}" for code, label in pairs)


def _options(question: Question | None) -> str:
    return _choices((o.value, o.label) for o in question.options) if question else ""


@dataclass(frozen=True)
class Sources:
    """Where, in the current bank, the answers the table shows live."""

    reference_question: str | None
    concern_question: str
    area_questions: tuple[str, ...]
    setting_question: str
    zone: tzinfo | None

    @classmethod
    def of(cls, bundle: Bundle) -> Sources:
        reference = bundle.bank.question_with_role(CLIENT_REFERENCE)
        depth = bundle.protocol.depth
        areas = tuple(dict.fromkeys(tier.area_question for tier in depth.concerns))
        return cls(
            reference.id if reference else None,
            depth.concern_question,
            areas,
            bundle.settings.setting_question,
            bundle.settings.zone,
        )


def columns(bundle: Bundle, *, with_references: bool) -> list[Column]:
    """Every column of the table, in order, as the dictionary describes it."""
    bank, sources = bundle.bank, Sources.of(bundle)
    from intake_tui.core.rescore import decision_titles

    gates = decision_titles(bundle).items()
    areas = " | ".join(_options(bank.by_id.get(question)) for question in sources.area_questions)
    zone = getattr(sources.zone, "key", "") or "the computer's local zone"
    every = [
        Column("session_id", "Session id", "text", "16 hexadecimal digits", "the file name's id"),
        Column(
            "client_reference",
            "Client reference",
            "text",
            "",
            "only with --with-references; control characters shown escaped (\\x1b)",
        ),
        Column("date", "Last saved", "datetime", f"YYYY-MM-DD HH:MM, {zone}"),
        Column("status", "Status", "choice", _choices(STATUS_WORDS.items())),
        Column("gate", "Gate decision", "choice", _choices(gates), "empty for a draft"),
        Column("override", "Staff override", "choice", "yes | no", "gate overridden by staff"),
        Column("override_staff", "Override by", "text", "initials", "empty without override"),
        Column("staff_initials", "Staff", "text", "initials", "who ran a front-desk intake"),
        Column("setting", "Setting", "choice", _options(bank.by_id.get(sources.setting_question))),
        Column(
            "concerns",
            "Concerns",
            "choices",
            _options(bank.by_id.get(sources.concern_question)),
            "separated by '; '",
        ),
        Column("areas", "Treatment areas", "choices", areas, "separated by '; '"),
        Column(
            "deepest_mm",
            "Deepest depth",
            "decimal",
            "mm",
            "deepest recommended needle depth over all concerns and areas, whatever the gate",
        ),
        Column("sessions", "Sessions planned", "integer", "sessions"),
        Column(
            "cost_low",
            "Series cost, low",
            "integer",
            "currency units (see currency)",
            "whole series with the add-ons chosen; empty when not priced",
        ),
        Column("cost_high", "Series cost, high", "integer", "currency units (see currency)"),
        Column("currency", "Currency", "text", "ISO 4217 code, e.g. USD"),
        Column(
            "maintenance_due",
            "First top-up due from",
            "date",
            "YYYY-MM-DD",
            "the report's maintenance due window opens: the last session's earliest date "
            "plus the article's shortest top-up interval (6 months); empty without a "
            "dated plan (on hold, nothing planned)",
        ),
        Column(
            "maintenance_due_until",
            "First top-up due until",
            "date",
            "YYYY-MM-DD",
            "the window closes: the last session's latest date plus the advised interval",
        ),
        Column("questionnaire_version", "Questionnaire version", "text", "semantic version"),
    ]
    return [c for c in every if with_references or c.name != "client_reference"]


# --- the part of a session file the table reads -----------------------------------------


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Version(_View):
    version: str


class _Override(_View):
    staff_initials: str


class _Gate(_View):
    decision: Decision


class _Depth(_View):
    max_mm: float
    status: str


class _Window(_View):
    earliest: date
    latest: date


class _Timeline(_View):
    planned: int
    sessions: list[_Window] = []


class _Longevity(_View):
    maintenance_min_months: int
    interval_months: int = 0


class _Due(_View):
    from_date: date
    to_date: date


class _Cost(_View):
    currency: str
    priced: bool = True
    with_add_ons_low: int = 0
    with_add_ons_high: int = 0


class _Recommendation(_View):
    gate: _Gate
    depths: list[_Depth] = []
    timeline: _Timeline | None = None
    longevity: _Longevity | None = None
    maintenance_due: _Due | None = None
    cost: _Cost | None = None


class ReportView(_View):
    """What a row needs from a session file, validated as SessionReport would."""

    schema_version: Literal[1] = 1
    session_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    status: Status
    updated_at: Moment
    staff_initials: str = ""
    questionnaire: _Version
    answers: dict[str, SafeAnswer] = {}
    override: _Override | None = None
    recommendation: _Recommendation | None = None


# --- rows ----------------------------------------------------------------------------------


def _listed(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)] if isinstance(value, str) and value else []


def maintenance_cells(rec: _Recommendation) -> dict[str, str]:
    """The report's stored due window; one saved before windows were stored gets the
    same computation from its own plan."""
    if rec.maintenance_due is not None:
        window: tuple[date, date] | None = (
            rec.maintenance_due.from_date,
            rec.maintenance_due.to_date,
        )
    elif (
        rec.gate.decision == "go_ahead" and rec.timeline and rec.timeline.sessions and rec.longevity
    ):
        last, longevity = rec.timeline.sessions[-1], rec.longevity
        window = window_dates(
            last.earliest, last.latest, longevity.maintenance_min_months, longevity.interval_months
        )
    else:
        window = None
    if window is None:
        return {}
    return {
        "maintenance_due": window[0].isoformat(),
        "maintenance_due_until": window[1].isoformat(),
    }


def _cost_cells(cost: _Cost | None) -> dict[str, str]:
    if cost is None or not cost.priced:
        return {}
    return {
        "cost_low": str(cost.with_add_ons_low),
        "cost_high": str(cost.with_add_ons_high),
        "currency": cost.currency,
    }


def _outputs(rec: _Recommendation | None) -> dict[str, str]:
    if rec is None:
        return {}
    depths = [d.max_mm for d in rec.depths if d.status == "recommended"]
    return {
        "gate": rec.gate.decision,
        "deepest_mm": mm(max(depths)) if depths else "",
        "sessions": str(rec.timeline.planned) if rec.timeline else "",
        **maintenance_cells(rec),
        **_cost_cells(rec.cost),
    }


def row_of(view: ReportView, sources: Sources) -> dict[str, str]:
    """One report as its table cells, by column name (not yet injection-guarded)."""
    answers = view.answers
    areas = [a for question in sources.area_questions for a in _listed(answers.get(question))]
    reference = answers.get(sources.reference_question or "", "")
    setting = answers.get(sources.setting_question, "")
    return {
        "session_id": view.session_id,
        "client_reference": printable(reference, keep_newlines=False)
        if isinstance(reference, str)
        else "",
        "date": shown(view.updated_at, sources.zone),
        "status": view.status,
        "override": "yes" if view.override else "no",
        "override_staff": view.override.staff_initials if view.override else "",
        "staff_initials": view.staff_initials,
        "setting": setting if isinstance(setting, str) else "",
        "concerns": LIST_SEPARATOR.join(_listed(answers.get(sources.concern_question))),
        "areas": LIST_SEPARATOR.join(dict.fromkeys(areas)),
        "questionnaire_version": view.questionnaire.version,
        **_outputs(view.recommendation),
    }


# --- a folder --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    path: Path
    problem: str  # one sentence naming the file (and line); never a value from it


@dataclass
class CsvExport:
    table: str
    dictionary: str
    rows: int = 0
    drafts_left_out: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def read_view(path: Path) -> ReportView:
    """The table's view of one session file (SessionFileError if it cannot be one)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        raise SessionFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    if (problem := file_problem(path.name, mode)) is not None:
        raise SessionFileError(f"{path}: {problem}")
    return validate_session(ReportView, read_session_data(path), str(path))


def _views(folder: Path, export: CsvExport) -> Iterator[ReportView]:
    for name in sorted(session_names(folder)):
        path = folder / name
        try:
            yield read_view(path)
        except SessionFileError as error:
            export.skipped.append(Skipped(path, str(error)))


def _csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quoted as needed, CRLF line ends
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def dictionary_csv(table_columns: list[Column]) -> str:
    rows = [(c.name, c.label, c.type, c.values, c.notes) for c in table_columns]
    rows.append(("(every text column)", "", "", "", _INJECTION_NOTE))
    return _csv(DICTIONARY_HEADER, rows)


def export_folder(
    bundle: Bundle, folder: Path, *, with_references: bool = False, drafts: bool = False
) -> CsvExport:
    """The table and its dictionary for every session file in ``folder``, oldest first.

    Drafts are left out (counted) unless ``drafts``; a file that cannot be read is
    skipped and named in ``skipped`` (FolderError if the folder cannot be listed)."""
    table_columns = columns(bundle, with_references=with_references)
    export = CsvExport("", dictionary_csv(table_columns))
    sources = Sources.of(bundle)
    kept: list[tuple[str, str, Mapping[str, str]]] = []
    for view in _views(folder, export):
        if view.status == "in_progress" and not drafts:
            export.drafts_left_out += 1
            continue
        kept.append((sortable_utc(view.updated_at), view.session_id, row_of(view, sources)))
    kept.sort(key=lambda entry: entry[:2])
    names = [c.name for c in table_columns]
    export.table = _csv(names, ([row.get(name, "") for name in names] for *_, row in kept))
    export.rows = len(kept)
    return export
