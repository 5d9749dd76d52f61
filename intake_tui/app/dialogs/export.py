"""Export a report: which format, whose copy, where. The core builds the bytes
(core/document/export.py, the table `intake export` uses too); this only asks.

The suggested file is in the data folder's `exports/`, named by date and session id,
never by client. An existing file is replaced only after ctrl+r, a key no burst of
Enter presses can send by accident.

In a browser (the kiosk, `intake serve`) the copy is a download instead: nothing is
written on the server, whose folders the person at the tablet cannot reach, and the
client's copy is offered first.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from intake_tui.app.answer_widgets import CHOSEN, UNCHOSEN
from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.transitions import dismiss_once
from intake_tui.core.bundle import bundle_in
from intake_tui.core.document.export import (
    AUDIENCES,
    FORMATS,
    available,
    default_export_path,
    export_bytes,
    export_name,
    write_export,
)
from intake_tui.core.document.model import Audience
from intake_tui.core.errors import IntakeError
from intake_tui.core.files import AlreadyExists
from intake_tui.core.i18n import N_, _
from intake_tui.core.report.models import SessionReport

NOT_INSTALLED = N_("needs pip install 'intake-tui[pdf]'")
AUDIENCE_LABELS: dict[Audience, str] = {
    "practitioner": N_("Practitioner's copy (every answer and why)"),
    "client": N_("Client's copy (plain words)"),
}


class PlainRadioButton(RadioButton):
    """A radio button whose state is a shape, ``(•)`` or ``( )``, not only a colour: it
    reads the same in a monochrome terminal, as the questions' own choices do."""

    @property
    def _button(self) -> Content:
        return Content((CHOSEN if self.value else UNCHOSEN).rstrip())


class ExportDialog(ModalScreen[Path | None]):
    """Dismissed with the written file's path, or None when cancelled."""

    # Compact: the whole dialog fits an 80x24 terminal.
    DEFAULT_CSS = """
    ExportDialog .dialog { width: 72; padding: 0 2; max-height: 100%; }
    ExportDialog .dialog-title { margin: 1 0 0 0; }
    ExportDialog RadioSet, ExportDialog RadioSet:focus { width: 100%; border: none; padding: 0; }
    ExportDialog .export-label { margin-top: 1; text-style: bold; }
    ExportDialog .dialog-buttons { height: auto; margin: 1 0; }
    ExportDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel")),
        Binding("ctrl+r", "replace", _("Replace the file"), show=False),
    ]

    def __init__(self, report: SessionReport) -> None:
        super().__init__()
        self.report = report
        # The first format this installation can make (PDF needs the pdf extra).
        self.fmt = next(name for name in FORMATS if available(name))
        self.audience: Audience = AUDIENCES[0]
        self.path_typed = False  # once typed, a path is never changed under the user
        self.busy = False
        self.may_replace: Path | None = None

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    @property
    def download(self) -> bool:
        """In a browser: the copy is downloaded, not saved on the server."""
        return self.app.is_web

    def compose(self) -> ComposeResult:
        if self.download:
            self.audience = "client"  # the person at the tablet is the client
        with Vertical(classes="dialog", id="export"):
            yield Label(_("Export this report"), classes="dialog-title")
            yield Label(_("Format"), classes="export-label")
            with RadioSet(id="export-format"):
                for name, export in FORMATS.items():
                    label = _(export.label)
                    label = label if available(name) else f"{label}: {_(NOT_INSTALLED)}"
                    yield PlainRadioButton(  # Content: "[pdf]" is text, never markup
                        Content(label), value=name == self.fmt, name=name, id=f"format-{name}"
                    )
            yield Label(_("Whose copy"), classes="export-label")
            with RadioSet(id="export-audience"):
                for audience in AUDIENCES:
                    yield PlainRadioButton(
                        Content(_(AUDIENCE_LABELS[audience])),
                        value=audience == self.audience,
                        name=audience,
                        id=f"audience-{audience}",
                    )
            if not self.download:
                yield Label(_("Save as (Enter exports)"), classes="export-label")
                yield Input(value=str(self.suggested()), id="export-path", compact=True)
            yield Static(id="export-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                go = _("Download") if self.download else _("Export")
                yield Button(go, variant="primary", id="export-go", compact=True)
                yield Button(_("Cancel"), id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-format", RadioSet).focus()

    def suggested(self) -> Path:
        data_dir = self.intake_app.store.folder
        return default_export_path(data_dir, self.report, self.fmt, self.audience)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        name = event.pressed.name or ""
        if event.radio_set.id == "export-format":
            self.fmt = name
            # FHIR and the session file are the record itself: no audience to choose.
            same = bool(FORMATS[name].same_for_everyone)
            self.query_one("#export-audience", RadioSet).disabled = same
        elif name in AUDIENCES:
            self.audience = "client" if name == "client" else "practitioner"
        if not self.path_typed and not self.download:
            self.query_one("#export-path", Input).value = str(self.suggested())
        self.say("")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value != str(self.suggested()):
            self.path_typed = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start_export(replace=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self.start_export(replace=False)
        else:
            self.action_cancel()

    def action_replace(self) -> None:
        if self.may_replace is not None:
            self.start_export(replace=True)

    def action_cancel(self) -> None:
        dismiss_once(self, None)

    def target(self) -> Path | None:
        """The file to write, or None (and a sentence why) when the path cannot be used."""
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            self.say(_("Type where to save it."))
            return None
        target = Path(typed).expanduser()
        if target.is_dir():
            target = target / self.suggested().name
        exports = self.suggested().parent
        if target.parent != exports and not target.parent.is_dir():
            self.say(_("The folder {folder} does not exist.").format(folder=target.parent))
            return None
        return target

    def start_export(self, *, replace: bool) -> None:
        if not self.is_active or self.busy:
            return  # Enter Enter: one export, once
        if self.download:
            self.busy = True
            self.say(_("Preparing the download…"))
            self.run_worker(self.deliver(), exclusive=True)
            return
        target = self.target()
        if target is None:
            return
        if replace and target != self.may_replace:
            return  # the path changed since the question: ask again
        self.busy = True
        self.say(_("Exporting…"))
        self.run_worker(self.export(target, replace), exclusive=True)

    async def export(self, target: Path, replace: bool) -> None:
        report, fmt, audience = self.report, self.fmt, self.audience
        try:
            # In the report's language, whatever the app speaks (a first load of that
            # language's texts, and a PDF's layout, take a moment: off the event loop).
            bundle = await asyncio.to_thread(bundle_in, self.intake_app.bundle, report.language)
            data = await asyncio.to_thread(export_bytes, report, bundle, fmt, audience)
            await asyncio.to_thread(write_export, target, data, replace=replace)
        except AlreadyExists:
            self.may_replace = target
            exists = _("{path} already exists. Press ctrl+r to replace it, or change the name.")
            self.say(exists.format(path=target))
            return
        except IntakeError as error:
            self.say(str(error))
            return
        except Exception as error:  # a bug must not close the app or lose the report
            failed = _("It could not be exported ({error}); the report is unchanged.")
            self.say(failed.format(error=type(error).__name__))
            return
        finally:
            self.busy = False
        self.intake_app.audit("report_exported", report.session_id)
        self.app.notify(
            _("Exported to {path}").format(path=target), title=_("Exported"), markup=False
        )
        dismiss_once(self, target)

    async def deliver(self) -> None:
        """The copy as a browser download (Textual's delivery under textual-serve)."""
        bundle, report, fmt, audience = self.intake_app.bundle, self.report, self.fmt, self.audience
        try:
            data = await asyncio.to_thread(export_bytes, report, bundle, fmt, audience)
        except Exception as error:  # a bug must not close the app or lose the report
            failed = _("It could not be prepared ({error}); the report is unchanged.")
            self.say(failed.format(error=type(error).__name__))
            return
        finally:
            self.busy = False
        name = export_name(report, fmt, audience)
        # The folder only completes the name Textual asks for: a browser gets the bytes.
        self.app.deliver_binary(
            io.BytesIO(data),
            save_directory=self.suggested().parent,
            save_filename=name,
            open_method="download",  # an attachment: not opened in a tab of its own
        )
        self.intake_app.audit("report_downloaded", report.session_id)
        # The copy stays in this browser, where the next person at it could open it.
        kept = _(
            "{name} is in this browser's downloads. Open it or move it now; then remove it "
            "from the downloads list and the Downloads folder before handing the device back."
        )
        self.app.notify(kept.format(name=name), title=_("Downloaded"), markup=False, timeout=30)
        dismiss_once(self, None)

    def say(self, sentence: str) -> None:
        self.query_one("#export-error", Static).update(Content(sentence))
