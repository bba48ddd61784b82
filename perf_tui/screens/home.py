"""The sessions list: filter as you type, new, open, delete into the trash, the trash itself.

The list is read in a worker thread, so start-up never waits on the disk however many sessions
there are; the table shows a loading indicator meanwhile. Single-letter keys live on the table
(they only act when the table has focus, so letters typed into the filter stay letters); Ctrl keys
live on the screen and work from the filter too.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from perf_tui.bindings import Translated
from perf_tui.formatting import format_day
from perf_tui.i18n import t
from perf_tui.store import Summary
from perf_tui.text import fit_columns
from perf_tui.widgets.quiet import QuietFooter, QuietInput

COLUMNS = ("employee", "period", "type", "date", "status")
# Columns that give up cells (with an ellipsis) when the list is wider than the window, widest
# first; the date and the status are always shown whole.
SHRINKABLE = (COLUMNS.index("type"), COLUMNS.index("period"), COLUMNS.index("employee"))

# DataTable costs about 1 ms per row to add (cell measuring), all on the UI thread: 10,000 rows
# froze the screen for seconds. The list shows the newest MAX_ROWS matches; the filter finds
# the rest (filtering itself is a plain scan, a few ms at 10,000).
MAX_ROWS = 100
FILTER_DELAY_S = 0.08


def summary_cells(summary: Summary) -> tuple[str, ...]:
    """What a row shows, in the current language."""
    return (
        summary.employee or t("home.unnamed"),
        summary.period or "—",
        t(f"type.{summary.type}") if summary.type else "—",
        format_day(summary.date) or "—",
        t(f"status.{summary.status}") if summary.status else "—",
    )


def matches(summary: Summary, words: list[str]) -> bool:
    """Every word of the filter appears in one of the shown fields (or their stored values)."""
    if not words:
        return True
    haystack = " ".join((*summary_cells(summary), summary.type, summary.status, summary.id)).casefold()
    return all(word in haystack for word in words)


def filter_words(text: str) -> list[str]:
    return text.casefold().split()


class SessionTable(Translated, DataTable):
    """The sessions table; its letters act only while it has focus."""

    BINDINGS = [
        Binding("enter", "screen.open_selected", "home.keys.open", tooltip="home.keys.open.tip", id="home_open"),
        Binding("n", "screen.new_session", "home.keys.new", tooltip="home.keys.new.tip", id="home_new_letter",
                show=False),
        Binding("d,delete", "screen.delete_selected", "home.keys.delete", tooltip="home.keys.delete.tip",
                id="home_delete"),
        Binding("t", "screen.show_trash", "home.keys.trash", tooltip="home.keys.trash.tip", id="home_trash_letter",
                show=False),
        Binding("slash", "screen.focus_filter", "home.keys.filter", tooltip="home.keys.filter.tip",
                id="home_filter"),
        Binding("x", "screen.export_selected", "export_ui.keys.home_export",
                tooltip="export_ui.keys.home_export.tip", id="home_export", show=False),  # F1 and Ctrl+P list it
        Binding("v", "screen.show_versions", "home.keys.versions", tooltip="home.keys.versions.tip",
                id="home_versions", show=False),
    ]


class HomeScreen(Translated, Screen):
    AUTO_FOCUS = "#home-table"  # the keys are on the table; / moves to the filter
    BINDINGS = [
        Binding("ctrl+n", "new_session", "home.keys.new", tooltip="home.keys.new.tip", id="home_new"),
        Binding("ctrl+t", "show_trash", "home.keys.trash", tooltip="home.keys.trash.tip", id="home_trash"),
        Binding("escape", "leave_filter", "home.keys.clear_filter", tooltip="home.keys.clear_filter.tip",
                id="home_clear_filter", show=False),
        Binding("down", "focus_table", "home.keys.to_list", tooltip="home.keys.to_list.tip", id="home_to_list",
                show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[Summary] | None = None  # None until the first load finishes
        self.shown: list[Summary] = []
        self._keys: list[str] = []  # ids of the shown rows, in table order
        self._filter_timer = None
        self.found_count = 0  # matches of the filter, of which the first MAX_ROWS are shown
        self._highlight_next: str | None = None  # a session just left: highlighted once the list is back

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self._read_only_banner()
        yield QuietInput(placeholder=t("home.filter.placeholder"), id="home-filter")
        table = SessionTable(id="home-table", cursor_type="row", zebra_stripes=True)
        for column in COLUMNS:
            table.add_column(t(f"home.col.{column}"), key=column)
        yield table
        yield Static("", id="home-empty", markup=False)
        yield QuietFooter()

    def _read_only_banner(self) -> ComposeResult:
        """A read-only data folder is said above the list for as long as the app runs."""
        if getattr(self.app, "folder_read_only", False):
            yield Static(self.app.read_only_banner(), id="home-read-only", markup=False)

    def on_mount(self) -> None:
        self.query_one(SessionTable).loading = True
        self.load_sessions()

    def on_screen_resume(self) -> None:
        # Back from a session (or a modal): the session was left, so save and unlock it, and
        # show the list as it is now.
        leave = getattr(self.app, "leave_session", None)
        if leave is not None:
            leave()
        # the session just left is the one x / v / d / e act on next, not the row highlighted before
        self._highlight_next = getattr(self.app, "last_session_id", None)
        if self.summaries is not None:
            self.load_sessions()

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="home-list", exit_on_error=False)
    def load_sessions(self) -> None:
        try:
            summaries = self.app.repo.list()
        except Exception as exc:  # noqa: BLE001 - shown as one line; the traceback goes to the log
            self.app.call_from_thread(self._load_failed, exc)
            return
        self.app.call_from_thread(self.show_sessions, summaries)

    def _load_failed(self, exc: Exception) -> None:
        self.query_one(SessionTable).loading = False
        self.app.report_error(t("home.loading"), exc)

    def show_sessions(self, summaries: list[Summary]) -> None:
        self.summaries = list(summaries)
        self.query_one(SessionTable).loading = False
        self.refilter()
        show_problems = getattr(self.app, "show_store_problems", None)
        if show_problems is not None:
            show_problems()  # reading the list may have set damaged files aside

    # ------------------------------------------------------------------ filter

    @on(Input.Changed, "#home-filter")
    def _filter_changed(self) -> None:
        # Refill the table once typing pauses, so that fast typing never waits for it.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY_S, self.refilter)

    @on(Input.Submitted, "#home-filter")
    def _filter_submitted(self) -> None:
        self.refilter()
        if self.shown:
            self.query_one(SessionTable).focus()

    def refilter(self) -> None:
        table = self.query_one(SessionTable)
        current = self.selected_id()
        words = filter_words(self.query_one("#home-filter", Input).value)
        found = [s for s in (self.summaries or []) if matches(s, words)]
        self.found_count = len(found)
        self.shown = found[:MAX_ROWS]
        table.clear()
        header = [t(f"home.col.{column}") for column in COLUMNS]
        cells = fit_columns(header, [summary_cells(s) for s in self.shown], self._table_width(table),
                            shrinkable=SHRINKABLE)
        table.add_rows(cells)  # keys below, for a fast bulk add
        self._keys = [s.id for s in self.shown]
        if self._highlight_next in self._keys:
            current, self._highlight_next = self._highlight_next, None
        if current in self._keys:
            table.move_cursor(row=self._keys.index(current), animate=False)
        self._update_empty_state(words)

    def _table_width(self, table: DataTable) -> int:
        """Cells the rows may use: the table's width less its border and a scrollbar's room."""
        width = table.size.width or self.size.width or self.app.size.width
        return max(0, width - 2)

    def on_resize(self) -> None:
        if self.summaries is not None:
            self.refilter()  # the columns fit the new width

    def _update_empty_state(self, words: list[str]) -> None:
        empty = self.query_one("#home-empty", Static)
        if self.summaries is None:
            message = ""
        elif not self.summaries:
            message = t("home.empty")
        elif not self.shown:
            message = t("home.no_match", filter=" ".join(words))
        elif self.found_count > len(self.shown):
            message = t("home.more", shown=len(self.shown), total=self.found_count)
        else:
            message = ""
        empty.update(message)
        empty.display = bool(message)

    # ------------------------------------------------------------------ actions

    def selected(self) -> Summary | None:
        table = self.query_one(SessionTable)
        if not self.shown or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def selected_id(self) -> str | None:
        summary = self.selected()
        return summary.id if summary else None

    def action_new_session(self) -> None:
        self.app.new_session()

    def action_open_selected(self) -> None:
        summary = self.selected()
        if summary is not None:
            self.app.open_session(summary.id)

    @on(DataTable.RowSelected, "#home-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_selected()

    def action_delete_selected(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        from perf_tui.screens.confirm import ConfirmScreen

        cells = summary_cells(summary)
        question = t("home.delete.question", employee=cells[0], period=cells[1])

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(summary)

        self.app.push_screen(ConfirmScreen(question), answered)

    def _delete(self, summary: Summary) -> None:
        try:
            self.app.repo.delete(summary.id)
        except Exception as exc:  # noqa: BLE001
            self.app.report_error(t("home.delete.what"), exc)
            return
        self.notify(t("home.deleted", employee=summary_cells(summary)[0]))
        self.load_sessions()

    def action_export_selected(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        try:
            record = self.app.repo.get(summary.id)
        except Exception as exc:  # noqa: BLE001 - damaged or vanished: one line, traceback to the log
            self.app.report_error(t("export_ui.reading", id=summary.id), exc)
            return
        from perf_tui.screens.export import open_export

        open_export(self.app, record)

    def action_show_versions(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        from perf_tui.screens.versions import VersionsScreen

        self.app.push_screen(VersionsScreen(summary, summary_cells(summary)[0]))

    def action_show_trash(self) -> None:
        from perf_tui.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen())

    def action_focus_filter(self) -> None:
        self.query_one("#home-filter", Input).focus()

    def action_leave_filter(self) -> None:
        filter_input = self.query_one("#home-filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.refilter()
        self.query_one(SessionTable).focus()

    def action_focus_table(self) -> None:
        self.refilter()
        self.query_one(SessionTable).focus()

