"""Recompute saved reports against the current bank, protocol and settings.

This is how a clinic checks an edit to its protocol data before using it: which
reports would change, and in which outputs. Originals are only read.

Reports are read with tomllib and only the part needed to recompute (header
and answers) is validated. A report that stores the digest of its key outputs
(core/report/digest.py) is parsed without its [recommendation] tables, and read
whole only when the digest differs from the fresh one; an older report's stored
outputs are compared as plain data.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict

from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.errors import SessionFileError
from intake_tui.core.index import file_problem, session_names
from intake_tui.core.modes import Mode
from intake_tui.core.recommend import Recommendation, recommend
from intake_tui.core.recommend.models import Decision
from intake_tui.core.reconcile import reconcile_answers
from intake_tui.core.report.build import context_for
from intake_tui.core.report.digest import OUTPUTS, StoredShapeError, key_outputs, outputs_digest
from intake_tui.core.report.models import DayText, Moment, QuestionnaireRef, SafeAnswer
from intake_tui.core.report.toml_io import parse_session_text, read_session_text, validate_session
from intake_tui.core.rescore_changes import Change, described_changes

NO_RECOMMENDATION = "completed report without a recommendation"
PARALLEL_FROM = 400  # below this, a worker pool costs more than it saves


class _Header(BaseModel):
    """The part of a session file needed to recompute it."""

    model_config = ConfigDict(extra="ignore")
    schema_version: Literal[1] = 1  # as SessionReport: another version is not compared
    session_id: str
    status: str
    updated_at: Moment
    today: DayText = ""
    mode: Mode = "self"
    follows: str | None = None
    questionnaire: QuestionnaireRef
    answers: dict[str, SafeAnswer] = {}
    outputs_digest: str = ""


# Where a report's recommendation starts: the last table of every report written.
RECOMMENDATION_TABLE = "\n[recommendation]\n"


@dataclass(frozen=True)
class Outcome:
    path: Path
    session_id: str = ""
    changed: tuple[str, ...] = ()
    draft: bool = False
    error: str = ""
    # For a changed report: who (the raw client reference: escape it to print it),
    # when it was last saved (ISO, with its offset) and each change in words.
    reference: str = ""
    updated_at: str = ""
    changes: tuple[Change, ...] = ()


@dataclass
class RescoreSummary:
    total: int = 0
    drafts: int = 0
    changed: list[Outcome] = field(default_factory=list)
    unreadable: list[Outcome] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return self.total - self.drafts - len(self.unreadable)


def differences(stored: Mapping[str, Any], fresh: Mapping[str, Any]) -> tuple[str, ...]:
    """The outputs (OUTPUTS' names) that differ; both sides as plain data."""
    before, after = key_outputs(stored), key_outputs(fresh)
    return tuple(name for name in OUTPUTS if before[name] != after[name])


def decision_titles(bundle: Bundle) -> dict[str, str]:
    """Each gate decision's title, in the decisions' order."""
    wording = bundle.protocol.wording
    return {decision: wording.decision(decision).title for decision in get_args(Decision)}


def _without_recommendation(text: str, source: str) -> dict[str, Any] | None:
    """A report's data before its [recommendation] tables, if it stores their digest
    (None: read it whole). Cut at that header line, the text parses only if the line
    is a real table header, not inside a string."""
    cut = text.find(RECOMMENDATION_TABLE)
    if cut < 0:
        return None
    try:
        head = parse_session_text(text[: cut + 1], source)
    except SessionFileError:
        return None
    return head if head.get("outputs_digest") else None


def _changed_outcome(
    bundle: Bundle, path: Path, header: _Header, stored: Mapping[str, Any], fresh: Recommendation
) -> Outcome:
    after = fresh.model_dump(mode="python")
    changed = differences(stored, after)
    if not changed:
        return Outcome(path, header.session_id)
    return Outcome(
        path,
        header.session_id,
        changed=changed,
        reference=bundle.bank.client_reference(header.answers),
        updated_at=header.updated_at.isoformat(),
        changes=described_changes(changed, stored, after, decision_titles(bundle)),
    )


def rescore_file(bundle: Bundle, path: Path) -> Outcome:
    """One file's outcome; a file that cannot be read or recomputed is an error outcome,
    never an exception: a folder run counts it and goes on."""
    try:
        if (problem := file_problem(path.name, os.lstat(path).st_mode)) is not None:
            return Outcome(path, error=problem)
        text = read_session_text(path)
        head = _without_recommendation(text, str(path))
        data = head if head is not None else parse_session_text(text, str(path))
        header = validate_session(_Header, data, str(path))
    except FileNotFoundError:
        return Outcome(path, error="file not found")
    except OSError as error:
        return Outcome(path, error=f"cannot be read ({error.strerror or error})")
    except SessionFileError as error:
        return Outcome(path, error=str(error).removeprefix(f"{path}: "))
    if header.status == "in_progress":
        return Outcome(path, header.session_id, draft=True)
    if head is None and not isinstance(data.get("recommendation"), dict):
        return Outcome(path, header.session_id, error=NO_RECOMMENDATION)
    try:
        today = date.fromisoformat(header.today) if header.today else date.today()
    except ValueError:
        return Outcome(path, header.session_id, error="'today' is not a date (YYYY-MM-DD)")
    try:
        carried = reconcile_answers(bundle, header.questionnaire, header.answers)
        fresh = recommend(
            bundle, carried.answers, today=today, context=context_for(header.mode, header.follows)
        )
        if head is not None:
            if outputs_digest(fresh.model_dump()) == header.outputs_digest:
                return Outcome(path, header.session_id)  # unchanged: its tables never parsed
            data = parse_session_text(text, str(path))  # changed: worded from the tables
        stored = data.get("recommendation")
        if not isinstance(stored, dict):
            return Outcome(path, header.session_id, error=NO_RECOMMENDATION)
        return _changed_outcome(bundle, path, header, stored, fresh)
    except SessionFileError as error:
        return Outcome(path, header.session_id, error=str(error).removeprefix(f"{path}: "))
    except StoredShapeError as error:
        return Outcome(path, header.session_id, error=str(error))
    except (ValueError, OverflowError) as error:  # e.g. a date the plan cannot reach
        reason = type(error).__name__
        return Outcome(path, header.session_id, error=f"cannot be recomputed ({reason})")


# --- running over a folder -----------------------------------------------------------

_WORKER_BUNDLE: Bundle | None = None


def _worker_init(root: str) -> None:
    global _WORKER_BUNDLE
    _WORKER_BUNDLE = load_bundle(Path(root))


def _worker_rescore(paths: list[Path]) -> list[Outcome]:
    assert _WORKER_BUNDLE is not None
    return [rescore_file(_WORKER_BUNDLE, path) for path in paths]


def _chunks(paths: list[Path], size: int) -> Iterable[list[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def rescore_folder(
    bundle: Bundle,
    folder: Path,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> RescoreSummary:
    """Rescore every session file in ``folder``; unreadable ones are counted, not fatal."""
    paths = [folder / name for name in sorted(session_names(folder))]
    summary = RescoreSummary(total=len(paths))
    pool_size = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if len(paths) < PARALLEL_FROM or pool_size < 2:
        _collect(summary, (rescore_file(bundle, path) for path in paths), progress)
        return summary
    chunk = max(50, len(paths) // (pool_size * 8))
    init = (str(bundle.root),)
    with ProcessPoolExecutor(pool_size, initializer=_worker_init, initargs=init) as pool:
        batches = pool.map(_worker_rescore, _chunks(paths, chunk))
        _collect(summary, (outcome for batch in batches for outcome in batch), progress)
    return summary


def _collect(
    summary: RescoreSummary,
    outcomes: Iterable[Outcome],
    progress: Callable[[int, int], None] | None,
) -> None:
    for done, outcome in enumerate(outcomes, start=1):
        if outcome.error:
            summary.unreadable.append(outcome)
        elif outcome.draft:
            summary.drafts += 1
        elif outcome.changed:
            summary.changed.append(outcome)
        if progress is not None:
            progress(done, summary.total)
