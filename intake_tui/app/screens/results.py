"""Results: the report in plain words (the core's screen document), where it is saved,
and an export action."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from intake_tui.app.document_view import render_document
from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.transitions import pop_once
from intake_tui.app.widgets import KeysFooter, SafeHeader
from intake_tui.core.bundle import bundle_in
from intake_tui.core.document.build import build_screen_document
from intake_tui.core.i18n import _
from intake_tui.core.report.models import SessionReport


class ResultsScreen(Screen[None]):
    CSS_PATH = "results.tcss"  # parsed when first shown, not at start-up
    BINDINGS = [
        # x for export; c, its old key, still opens it (it was "Save a copy").
        Binding("x,c", "export", _("Export"), id="export"),
        Binding("h", "home", _("Home"), id="results_home"),
        Binding("escape", "close", _("Back"), id="results_back"),
    ]

    def __init__(
        self, report: SessionReport, path: Path | None, *, read_only: bool = False
    ) -> None:
        super().__init__()
        self.report = report
        self.path = path
        self.read_only = read_only

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "close" and not self.read_only)

    def compose(self) -> ComposeResult:
        saved = _("Saved to {path}").format(path=self.path) if self.path else _("Not saved")
        if self.path and self.intake_app.config.kiosk:
            saved = _("Saved.")  # a client at the tablet has no use for the server's path
        label = _("Opened read-only: ") if self.read_only else ""
        yield SafeHeader()
        yield Static(Content.styled(f"{label}{saved}", "dim"), id="saved-path")
        with VerticalScroll(id="results-scroll"):
            # In the report's language, whatever the app speaks.
            bundle = bundle_in(self.intake_app.bundle, self.report.language)
            document = build_screen_document(self.report, bundle)
            yield Static(render_document(document), id="results")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#results-scroll", VerticalScroll).focus()

    def action_export(self) -> None:
        from intake_tui.app.dialogs.export import ExportDialog

        self.app.push_screen(ExportDialog(self.report))

    def action_home(self) -> None:
        self.intake_app.go_home()

    def action_close(self) -> None:
        pop_once(self)  # Esc Esc: the second must not pop the screen below
