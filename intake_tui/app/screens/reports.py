"""Saved reports: date, status, result, staff, due and client; filtered as you type.

The filter (core/find.py) finds any of those, and concern, area, setting and
override, by word or ``field:value``; `s` sorts by the next column, `S` reverses.

The filter words ``due:soon`` and ``due:overdue`` (or ``v`` from the list, which
cycles them) show the recall views: each client's latest report whose top-up
window opens within 30 days, or has opened, with the reason (core/recall.py).

Locked (front desk, after the idle timeout): no client references, in the rows or
the filter, and opening a report first asks for staff initials. Self-assessment
shows no references either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.messages import Painted
from intake_tui.app.widgets import KeysFooter, SafeHeader, focus_list
from intake_tui.core.clock import shown_iso
from intake_tui.core.find import (
    COLUMN_TITLES,
    SearchTable,
    SortColumn,
    SortOrder,
    Term,
    narrows,
    parse_filter,
    search_fields,
    sort_order,
    words_of,
)
from intake_tui.core.i18n import N_, _
from intake_tui.core.index import no_gc_pauses
from intake_tui.core.recall import Due, DueState, due_list, state_words
from intake_tui.core.report.models import STATUS_WORDS
from intake_tui.core.safe_text import shown
from intake_tui.core.store import Listing, ReportSummary

MAX_SHOWN = 100  # a few days of a busy desk; a list of thousands helps nobody, typing narrows it
DUE_VIEWS: dict[str, DueState] = {"due:soon": "due_soon", "due:overdue": "overdue"}
# What `v` moves to from each view (the all-reports view is the empty word).
NEXT_VIEW = {"": "due:soon", "due:soon": "due:overdue", "due:overdue": ""}


# Each column's width; the client reference takes the rest of the line (at 80 columns,
# 11 characters: a row is one line, cut with an ellipsis (results.tcss), never wrapped).
COLUMN_WIDTHS: dict[SortColumn, int] = {"date": 16, "status": 9, "result": 18, "staff": 6, "due": 7}
GAP = " "
OVERRIDE_MARK = N_(" (override)")


def result_words(summary: ReportSummary, decision_titles: Mapping[str, str]) -> str:
    """The gate's title, marked in words when staff overrode it; the title is cut
    rather than the mark, so the columns after it stay in line."""
    gate = decision_titles.get(summary.decision, summary.decision)
    if not summary.override:
        return fitted(gate, COLUMN_WIDTHS["result"])
    mark = _(OVERRIDE_MARK)
    return fitted(gate, COLUMN_WIDTHS["result"] - len(mark)) + mark


def status_words(status: str) -> str:
    return _(STATUS_WORDS.get(status, status))


def fitted(text: str, width: int) -> str:
    """``text`` in ``width`` characters, cut with an ellipsis (a longer word, in another
    language, would push the columns after it out of line)."""
    return text if len(text) <= width else f"{text[: width - 1].rstrip()}…"


def row_text(
    summary: ReportSummary,
    decision_titles: Mapping[str, str],
    *,
    zone: tzinfo | None = None,
    hide_reference: bool = False,
) -> str:
    """One saved report as listed, under the header's columns; its time in the clinic's
    zone (None: the machine's)."""
    reference = "" if hide_reference else summary.client_reference or "—"
    cells = {
        "date": shown_iso(summary.updated_at, zone),
        "status": fitted(
            _(STATUS_WORDS.get(summary.status, summary.status)), COLUMN_WIDTHS["status"]
        ),
        "result": result_words(summary, decision_titles),
        "staff": summary.staff,
        "due": summary.due_from[:7] or "—",  # the month the top-up window opens
    }
    return GAP.join(
        [*(cells[column].ljust(width) for column, width in COLUMN_WIDTHS.items()), reference]
    )


def header_text(order: SortOrder, *, hide_reference: bool = False) -> str:
    """The column titles over the rows, the sorted one with ▼ (descending) or ▲."""

    def title(column: SortColumn) -> str:
        words = _(COLUMN_TITLES[column])
        return f"{words}{order.arrow}" if column == order.column else words

    cells = [title(column).ljust(width) for column, width in COLUMN_WIDTHS.items()]
    return GAP.join([*cells, "" if hide_reference else title("client")]).rstrip()


def due_header_text(*, hide_reference: bool = False) -> str:
    """The column titles over a due view's rows (due_row_text), in due order."""
    due = _("Due") + "▲"
    client = "" if hide_reference else _("Client") + "  "
    return f"{due:<9}  {client}{_('Reason')}"


def due_row_text(due: Due, *, hide_reference: bool = False) -> str:
    """One client to contact: the state, who (unless references are hidden), the reason."""
    who = "" if hide_reference else f"{due.report.client_reference or '—'}  "
    return f"{state_words(due.state):<9}  {who}{due.reason}"


def split_view(typed: str) -> tuple[str, list[str]]:
    """(the last due: view word typed, or "", the other words) of a filter, lower case."""
    view, words = "", []
    for word in typed.lower().split():
        if word in DUE_VIEWS:
            view = word
        else:
            words.append(word)
    return view, words


class ReportsScreen(Screen[None]):
    CSS_PATH = "results.tcss"  # parsed when first shown, not at start-up
    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="reports_back"),
        Binding("down", "focus_list", _("List"), show=False),
        # Reaches the screen only from the list: in the filter both keys edit the text.
        Binding("d,delete", "delete_report", _("Delete"), id="delete_report"),
        Binding("x", "export_report", _("Export"), id="export_report"),
        Binding(
            "n",
            "follow_up",
            _("Follow-up"),
            id="follow_up",
            tooltip=_("Front desk: a new intake for this client, offering these answers again"),
        ),
        Binding("v", "next_view", _("Due"), id="due_view"),
        Binding("s", "next_sort", _("Sort"), id="sort_column"),
        # In the keys list (F1) only: at 80 columns the footer has room for one sort key.
        Binding("S", "reverse_sort", _("Reverse"), id="sort_reverse", show=False),
    ]

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with Vertical(id="reports-area"):
            yield Static(
                # 76 columns: one line at 80x24 (the padding takes 4).
                f"[b]{_('Saved reports')}[/b]  "
                f"[dim]{_('type to filter · due:soon, due:overdue · ↓ list · Enter opens')}[/]"
            )
            yield Input(
                placeholder=_(
                    "Filter: AB, acne, staff:AB, area:cheeks, gate:not_now, override:yes"
                ),
                id="filter",
            )
            yield Static(id="reports-header")
            yield OptionList(id="reports")
            yield Static(id="reports-status")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        # As opened: unlocking shows references the next time the list opens.
        self.hide_references = self.intake_app.references_hidden
        self._shown: list[ReportSummary] | None = None
        self._shown_view = ""
        self.sort = SortOrder()
        self.finished: list[ReportSummary] = []
        self.loaded = False  # every report read and searchable (load_listing's worker)
        self.unreadable_note = ""
        self._reset_views()
        # The newest page at once from the index as it is; the whole listing (synced
        # with the files) and its search table follow in a thread (issue 18).
        page = self.intake_app.store.first_page(MAX_SHOWN)
        self.show(page)
        typed = self.query_one("#filter", Input)
        # A watcher runs within the key press, so the narrowed list is painted in the
        # same frame as the typed character, not a frame (~17-33 ms) later as with
        # the Input.Changed message.
        self.watch(typed, "value", self.narrow_to, init=False)
        typed.focus()
        # After the first page is painted: the thread would share the GIL with that frame.
        self.call_after_refresh(self.load_listing)

    def _reset_views(self) -> None:
        self._search: SearchTable | None = None
        # The last filter's terms and matches, which a longer filter narrows (find.narrows).
        self._last_match: tuple[list[Term], list[int]] = ([], [])
        self._due: list[Due] | None = None
        self._due_by_path: dict[str, Due] = {}
        self._due_table = SearchTable([])

    def load_listing(self) -> None:
        """Read every report (and build the search table) off the UI thread."""
        self.run_worker(self._read_listing, thread=True, exclusive=True, group="listing")

    def _read_listing(self) -> None:
        listing = self.intake_app.store.listing()
        sort = self.sort
        finished = listing.finished  # newest first, as the store lists them
        if sort != SortOrder():
            finished = [finished[n] for n in sort_order(finished, sort)]
        table = self._table_of(finished)
        self.app.call_from_thread(self._listing_read, listing, finished, table, sort)

    def _listing_read(
        self, listing: Listing, finished: list[ReportSummary], table: SearchTable, sort: SortOrder
    ) -> None:
        if not self.still_open:  # closed while reading (b, Esc): nothing left to show
            return
        wanted = self.sort  # a sort chosen while reading: applied below
        self._reset_views()
        self.finished, self._search, self.sort = finished, table, sort
        self.loaded = True
        note = ""
        if listing.unreadable:
            names = ", ".join(shown(path.name) for path, _why in listing.unreadable[:3])
            skipped = _("{count} unreadable file(s) skipped: {names}")
            note = "  ·  " + skipped.format(count=len(listing.unreadable), names=names)
        self.unreadable_note = note
        if wanted != sort:
            self.sort_by(wanted)
        else:  # the same rows as the first page: only the count changes (highlight kept)
            self.narrow_to(self.query_one("#filter", Input).value)
        self.call_after_refresh(self.post_message, Painted(f"listing:{len(finished)}"))

    @property
    def still_open(self) -> bool:
        """In the screen stack and not being taken down. A popped screen stays
        "attached" while Textual removes its widgets, so is_attached is not enough."""
        leaving = self._pruning or self._closing or self._closed
        return self.is_attached and not leaving and self in self.app.screen_stack

    def show(self, matches: list[ReportSummary], view: str = "") -> None:
        """The newest MAX_SHOWN matches (in a due view: the first by due date); typing
        narrows them down."""
        newest = matches[:MAX_SHOWN]
        if newest != self._shown or view != self._shown_view:  # else nothing to re-render
            self._shown, self._shown_view = newest, view
            header = (
                due_header_text(hide_reference=self.hide_references)
                if view
                else header_text(self.sort)
            )
            self.query_one("#reports-header", Static).update(Text(header))
            reports = self.query_one("#reports", OptionList)
            reports.clear_options()
            reports.set_class(bool(view), "-due-view")
            reports.add_options(
                Option(Text(self.row_words(summary, view)), id=str(summary.path))
                for summary in newest
            )
        shown = len(newest)
        count = (
            _("{shown} of {count} match(es) shown").format(shown=shown, count=len(matches))
            if len(matches) > shown
            else f"{len(matches)}"
        )
        of_what = _("of {count} report(s)").format(count=len(self.finished))
        if not self.loaded:  # the index's newest page: the count comes with the listing
            count = _("{shown} newest").format(shown=shown)
            of_what = _("(reading them all…)")
        if view:  # which view, and how to leave it
            of_what = _("{state} ({view}; v: next view) {rest}").format(
                state=state_words(DUE_VIEWS[view]), view=view, rest=of_what
            )
        self.query_one("#reports-status", Static).update(
            Content(f"{count} {of_what}{self.unreadable_note}")
        )
        self.call_after_refresh(self.post_message, Painted(f"reports:{shown}"))

    def row_words(self, summary: ReportSummary, view: str) -> str:
        due = self._due_by_path.get(str(summary.path)) if view else None
        if due is not None:
            return due_row_text(due, hide_reference=self.hide_references)
        titles = self.intake_app.header.decision_titles
        zone = self.intake_app.config.time_zone
        return row_text(summary, titles, zone=zone, hide_reference=self.hide_references)

    def due_now(self) -> list[Due]:
        """Who is due as of today in the clinic's zone, with each one's searchable text;
        worked out on the first due view."""
        if self._due is None:
            self._due = due_list(self.finished, self.intake_app.config.clock().date())
            self._due_by_path = {str(due.report.path): due for due in self._due}
            titles = self.intake_app.header.decision_titles
            zone = self.intake_app.config.time_zone
            hide = self.hide_references
            rows = []
            for due in self._due:
                fields = search_fields(due.report, titles, zone=zone, hide_reference=hide)
                fields["any"] += words_of(due_row_text(due, hide_reference=hide))
                rows.append(fields)
            self._due_table = SearchTable(rows)
        return self._due

    def _table_of(self, reports: list[ReportSummary]) -> SearchTable:
        """Every row's searchable fields (built in the listing's thread)."""
        with no_gc_pauses():  # thousands of strings, as in the listing itself
            titles = self.intake_app.header.decision_titles
            zone = self.intake_app.config.time_zone
            hide = self.hide_references
            return SearchTable(
                search_fields(s, titles, zone=zone, hide_reference=hide) for s in reports
            )

    def narrow_to(self, typed: str) -> None:
        """Rows matching every typed word (core/find.py), in the current sort order."""
        if self._search is None:
            return  # still reading: applied when the listing arrives (_listing_read)
        view, words = split_view(typed)
        terms = parse_filter(" ".join(words))
        if view:
            self.show(self.narrow_due(DUE_VIEWS[view], terms), view)
            return
        last_terms, last_numbers = self._last_match
        within = last_numbers if narrows(last_terms, terms) else None
        numbers = self._search.matching(terms, within)
        self._last_match = (terms, numbers)
        self.show([self.finished[n] for n in numbers])

    def narrow_due(self, state: DueState, terms: list[Term]) -> list[ReportSummary]:
        """The due view's reports in due order, matching every other typed word in the
        row's fields or in its due line."""
        dues = self.due_now()
        return [dues[n].report for n in self._due_table.matching(terms) if dues[n].state == state]

    def action_next_sort(self) -> None:
        """Sort by the next column (date, status, result, staff, due, client)."""
        self.sort_by(self.sort.next_column())

    def action_reverse_sort(self) -> None:
        self.sort_by(self.sort.reversed())

    def sort_by(self, order: SortOrder) -> None:
        """Re-order the rows and their search table from the index rows: no file is read."""
        if not self.loaded:
            self.sort = order  # applied when the listing arrives
            return
        positions = sort_order(self.finished, order)
        self.sort = order
        self.finished = [self.finished[n] for n in positions]
        if self._search is not None:
            self._search = self._search.permuted(positions)
            self._last_match = ([], [])  # row numbers of the old order
        self._shown = None  # the header and rows again, in the new order
        self.narrow_to(self.query_one("#filter", Input).value)

    def action_next_view(self) -> None:
        """All reports -> due soon -> overdue -> all: rewrites the filter's due: word."""
        typed = self.query_one("#filter", Input)
        view, _rest = split_view(typed.value)
        kept = [word for word in typed.value.split() if word.lower() not in DUE_VIEWS]
        typed.value = " ".join([*kept, NEXT_VIEW[view]]).strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_focus_list()

    def action_focus_list(self) -> None:
        focus_list(self, self.query_one("#reports", OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            return  # a second Enter queued behind the first: one report opens, once
        self.with_staff(self.intake_app.open_report, Path(event.option.id or ""))

    def action_export_report(self) -> None:
        """Export the highlighted report (as from its results: the same dialog)."""
        highlighted = self.query_one("#reports", OptionList).highlighted_option
        if highlighted is None or highlighted.id is None:
            self.notify(_("Choose a report with ↓ first, then x to export it."))
            return
        self.with_staff(self.intake_app.export_report, Path(highlighted.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.intake_app.mode == "front_desk" if action == "follow_up" else True

    def action_follow_up(self) -> None:
        """Front desk: a returning client's intake, offering the highlighted report's answers."""
        highlighted = self.query_one("#reports", OptionList).highlighted_option
        if highlighted is None or highlighted.id is None:
            self.notify(_("Choose a report with ↓ first, then n for a new intake from it."))
            return
        self.intake_app.start_follow_up(Path(highlighted.id))

    def with_staff(self, act: Callable[[Path], None], path: Path) -> None:
        """``act`` on the report at ``path``; once locked, only after staff initials."""
        app = self.intake_app
        if not app.records_need_staff:
            act(path)
            return
        from intake_tui.app.dialogs.initials import InitialsDialog

        def unlocked(initials: str | None) -> None:
            if initials:
                app.unlock(initials)
                act(path)

        why = _("Reports hold health data. Staff initials unlock them.")
        self.app.push_screen(InitialsDialog(_("Unlock"), why), unlocked)

    def action_delete_report(self) -> None:
        """Delete the highlighted report, after a confirmation naming it."""
        from intake_tui.app.dialogs.confirm import ask_to_delete

        reports = self.query_one("#reports", OptionList)
        highlighted = reports.highlighted_option
        if highlighted is None or highlighted.id is None:
            self.notify(_("Choose a report with ↓ first, then d to delete it."))
            return
        ask_to_delete(self, Path(highlighted.id), self.reload)

    def reload(self) -> None:
        """The list again after a deletion, with the same filter."""
        self.load_listing()
