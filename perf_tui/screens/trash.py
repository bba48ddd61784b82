"""Sessions deleted from the home screen, with restore."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from perf_tui.bindings import Translated
from perf_tui.i18n import t
from perf_tui.screens.home import COLUMNS, summary_cells
from perf_tui.store import Summary


class TrashTable(Translated, DataTable):
    BINDINGS = [
        Binding("enter,r", "screen.restore_selected", "home.keys.restore", tooltip="home.keys.restore.tip",
                id="trash_restore"),
    ]


class TrashScreen(Translated, Screen):
    AUTO_FOCUS = "#trash-table"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "home.keys.back", tooltip="home.keys.back.tip", id="trash_back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[Summary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(t("home.trash.title"), id="trash-title")
        table = TrashTable(id="trash-table", cursor_type="row", zebra_stripes=True)
        for column in COLUMNS:
            table.add_column(t(f"home.col.{column}"), key=column)
        yield table
        yield Static("", id="trash-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TrashTable).loading = True
        self.load_trash()

    @work(thread=True, exclusive=True, group="trash-list", exit_on_error=False)
    def load_trash(self) -> None:
        try:
            summaries = self.app.repo.trash()
        except Exception as exc:  # noqa: BLE001
            self.app.call_from_thread(self.app.report_error, t("home.trash.loading"), exc)
            summaries = []
        self.app.call_from_thread(self.show_trash, summaries)

    def show_trash(self, summaries: list[Summary]) -> None:
        self.summaries = list(summaries)
        table = self.query_one(TrashTable)
        table.loading = False
        table.clear()
        table.add_rows(summary_cells(s) for s in self.summaries)
        empty = self.query_one("#trash-empty", Static)
        empty.update(t("home.trash.empty") if not self.summaries else "")
        empty.display = not self.summaries

    def selected(self) -> Summary | None:
        table = self.query_one(TrashTable)
        row = table.cursor_row
        return self.summaries[row] if self.summaries and 0 <= row < len(self.summaries) else None

    @on(DataTable.RowSelected, "#trash-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()

    def action_restore_selected(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        try:
            self.app.repo.restore(summary.id)
        except Exception as exc:  # noqa: BLE001
            self.app.report_error(t("home.restore.what"), exc)
            return
        self.notify(t("home.restored", employee=summary_cells(summary)[0]))
        self.load_trash()
