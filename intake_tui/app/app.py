"""IntakeApp: owns the current IntakeSession and the store; screens render from it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from intake_tui.app.config import AppConfig
from intake_tui.core.errors import IntakeError
from intake_tui.core.report.models import Mode, Override, SessionReport
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import SessionStore


class IntakeApp(App[None]):
    TITLE = "Microneedling intake"
    CSS_PATH = "intake.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit; a draft is kept"),
        Binding("f1", "show_help", "Keys", id="help", tooltip="Show every key"),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.bundle = config.bundle
        self.store = SessionStore(config.data_dir)
        self.mode: Mode = config.mode
        self.session: IntakeSession | None = None
        self.last_saved: Path | None = None

    def on_mount(self) -> None:
        from intake_tui.app.screens.welcome import WelcomeScreen

        if self.store.folder.is_dir():
            self.store.sweep_stale_temp_files()
        self.push_screen(WelcomeScreen())

    # --- sessions --------------------------------------------------------------
    def start_intake(self, staff_initials: str = "") -> None:
        from intake_tui.app.screens.question import QuestionScreen

        self.session = IntakeSession.start(
            self.bundle, self.mode, self.config.clock(), staff_initials, self.config.new_id()
        )
        self.push_screen(QuestionScreen())

    def resume_intake(self, path: Path) -> None:
        from intake_tui.app.screens.question import QuestionScreen

        try:
            report = self.store.load(path)
        except IntakeError as error:
            self.notify(str(error), title="Cannot resume", severity="error")
            return
        self.session = IntakeSession.resume(self.bundle, report)
        self.mode = report.mode
        self.push_screen(QuestionScreen())

    def save_draft(self, session: IntakeSession) -> bool:
        """Replace the session and save it as a draft; False (and a message) on failure."""
        self.session = session
        return self._save(session.to_report(self.config.clock()))

    def complete(self, override: Override | None = None) -> SessionReport | None:
        """Finish the current intake: save the completed report and return it."""
        if self.session is None:
            return None
        session = self.session.with_override(override) if override else self.session
        report = session.to_report(self.config.clock(), status="completed")
        self.session = session
        return report if self._save(report) else None

    def _save(self, report: SessionReport) -> bool:
        try:
            self.last_saved = self.store.save(report)
        except IntakeError as error:
            self.notify(
                f"{error}. Your answers are still on screen.",
                title="Not saved",
                severity="error",
                timeout=10,
            )
            return False
        return True

    def open_report(self, path: Path) -> None:
        from intake_tui.app.screens.results import ResultsScreen

        try:
            report = self.store.load(path)
        except IntakeError as error:
            self.notify(str(error), title="Cannot open", severity="error")
            return
        self.push_screen(ResultsScreen(report, path, read_only=True))

    def go_home(self) -> None:
        """Back to the welcome screen, keeping any draft on disk."""
        from intake_tui.app.screens.welcome import WelcomeScreen

        self.session = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, WelcomeScreen):
            self.switch_screen(WelcomeScreen())
        else:
            self.screen.refresh_lists()

    # --- commands and help -----------------------------------------------------
    def action_show_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_new_intake(self) -> None:
        self.go_home()
        from intake_tui.app.screens.welcome import WelcomeScreen

        if isinstance(self.screen, WelcomeScreen):
            self.screen.action_new()

    def action_browse_reports(self) -> None:
        from intake_tui.app.screens.reports import ReportsScreen

        self.push_screen(ReportsScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "New intake", "Start a new intake (a current draft is kept)", self.action_new_intake
        )
        yield SystemCommand(
            "Saved reports", "Browse and open saved reports", self.action_browse_reports
        )
        yield SystemCommand("Home", "Back to the welcome screen (a draft is kept)", self.go_home)
