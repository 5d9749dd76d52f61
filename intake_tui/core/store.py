"""Private, atomic files: the only way the program writes to disk.

A save serialises first, writes a temporary file in the same folder, flushes
and fsyncs it, renames it over the target and fsyncs the folder, so a reader
never sees a partial file and an old file survives a failed save untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from intake_tui.core.errors import IntakeError, SessionFileError
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import dumps_report, read_report

TEMP_PREFIX = ".tmp-"
FILE_MODE = 0o600
DIR_MODE = 0o700


class StoreError(IntakeError):
    """A file could not be written; what was there before is untouched."""


def ensure_private_dir(folder: Path) -> Path:
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"{folder}: cannot create the folder ({error.strerror or error})"
        ) from None
    return folder


def write_atomic(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".toml", dir=folder)
    except OSError as error:
        raise StoreError(f"{folder}: cannot write here ({error.strerror or error})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise StoreError(f"{path}: could not be saved ({error.strerror or error})") from None
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def session_file_name(session_id: str) -> str:
    return f"intake-{session_id}.toml"


def save_report(folder: Path, report: SessionReport) -> Path:
    """Write a session into ``folder`` (created private if missing); return its path."""
    ensure_private_dir(folder)
    path = folder / session_file_name(report.session_id)
    write_atomic(path, dumps_report(report))
    return path


STALE_TEMP_SECONDS = 600
DATA_DIR_ENV = "INTAKE_DATA_DIR"


def default_data_dir() -> Path:
    """``$INTAKE_DATA_DIR``, else the user data directory (platformdirs)."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("intake-tui", appauthor=False)) / "sessions"


@dataclass(frozen=True)
class ReportSummary:
    """What the lists show about a saved session, without any answer but the reference."""

    session_id: str
    path: Path
    status: str
    updated_at: datetime
    client_reference: str
    decision: str
    mode: str


@dataclass(frozen=True)
class Listing:
    reports: list[ReportSummary]
    unreadable: list[tuple[Path, str]]

    @property
    def drafts(self) -> list[ReportSummary]:
        return [r for r in self.reports if r.status == "in_progress"]

    @property
    def finished(self) -> list[ReportSummary]:
        return [r for r in self.reports if r.status != "in_progress"]


class SessionStore:
    """One folder of session files, one file per session, named by its random id."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, report: SessionReport) -> Path:
        return save_report(self.folder, report)

    def path_for(self, session_id: str) -> Path:
        return self.folder / session_file_name(session_id)

    def load(self, path: Path) -> SessionReport:
        return read_report(path)

    def sweep_stale_temp_files(self, now: float | None = None) -> int:
        """Remove temp files a killed save left behind (old enough to be nobody's)."""
        moment = time.time() if now is None else now
        removed = 0
        for temp in self.folder.glob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                if moment - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    temp.unlink()
                    removed += 1
        return removed

    def listing(self) -> Listing:
        """Every readable session, newest first, and the files that could not be read."""
        reports: list[ReportSummary] = []
        unreadable: list[tuple[Path, str]] = []
        if not self.folder.is_dir():
            return Listing(reports, unreadable)
        for path in self.folder.glob("intake-*.toml"):
            try:
                report = read_report(path)
            except SessionFileError as error:
                unreadable.append((path, str(error)))
                continue
            reports.append(summarise(report, path))
        reports.sort(key=lambda r: r.updated_at, reverse=True)
        return Listing(reports, sorted(unreadable))


def summarise(report: SessionReport, path: Path) -> ReportSummary:
    reference = report.answers.get("client_reference", "")
    decision = report.recommendation.gate.decision if report.recommendation else ""
    return ReportSummary(
        session_id=report.session_id,
        path=path,
        status=report.status,
        updated_at=report.updated_at,
        client_reference=reference if isinstance(reference, str) else "",
        decision=decision,
        mode=report.mode,
    )
