"""Save a copy of the report elsewhere (e.g. a shared folder for the practitioner)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from intake_tui.app.transitions import dismiss_once
from intake_tui.core.errors import IntakeError
from intake_tui.core.files import write_atomic
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import dumps_report
from intake_tui.core.store import session_file_name


class SaveCopyDialog(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, report: SessionReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        suggestion = Path.home() / session_file_name(self.report.session_id)
        with Vertical(classes="dialog"):
            yield Label("Save a copy of this report", classes="dialog-title")
            yield Static("A folder, or a full file path ending in .toml.")
            yield Input(value=str(suggestion), id="copy-path")
            yield Static(id="copy-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.is_active:
            return  # Enter Enter: the first has saved and closed the dialog
        target = Path(event.value.strip()).expanduser()
        if target.is_dir():
            target = target / session_file_name(self.report.session_id)
        if target.suffix != ".toml":
            self.query_one("#copy-error", Static).update("The file name must end in .toml.")
            return
        if not target.parent.is_dir():
            self.query_one("#copy-error", Static).update(
                Content(f"The folder {target.parent} does not exist.")
            )
            return
        try:
            write_atomic(target, dumps_report(self.report))
        except IntakeError as error:
            self.query_one("#copy-error", Static).update(Content(str(error)))
            return
        self.app.notify(f"Copy saved to {target}", title="Saved", markup=False)
        dismiss_once(self, target)

    def action_cancel(self) -> None:
        dismiss_once(self, None)
