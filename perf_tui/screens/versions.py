"""Earlier versions of one session (the store's rotating backups), with restore.

Restoring makes the chosen backup the current version; the store backs up the current one
first, so a restore can itself be undone from this same list. The session is taken under its
lease while restoring, so a copy of the app that has it open is never overwritten.

Each version shows its status (draft / in progress / signed). A signed session only goes back to
a signed version (and keeps the amendments made since): the store refuses anything else
(perf_tui.signing), and this screen says why at once instead of asking first.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from perf_tui.bindings import Translated
from perf_tui.clock import parse_iso
from perf_tui.formatting import format_moment
from perf_tui.i18n import t
from perf_tui.signing import SIGNED
from perf_tui.store import Summary


class VersionsTable(Translated, DataTable):
    BINDINGS = [
        Binding("enter,r", "screen.restore_selected", "versions.keys.restore",
                tooltip="versions.keys.restore.tip", id="versions_restore"),
    ]


class VersionsScreen(Translated, Screen):
    AUTO_FOCUS = "#versions-table"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "versions.keys.back", tooltip="versions.keys.back.tip",
                id="versions_back"),
    ]

    def __init__(self, summary: Summary, employee: str) -> None:
        super().__init__()
        self.summary = summary
        self.employee = employee
        self.backups: list = []
        self.signed = False  # the current version is signed

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(t("versions.title", employee=self.employee), id="versions-title", markup=False)
        table = VersionsTable(id="versions-table", cursor_type="row", zebra_stripes=True)
        table.add_column(t("versions.col.taken_at"), key="taken_at")
        table.add_column(t("versions.col.status"), key="status")
        table.add_column(t("versions.col.size"), key="size")
        yield Static("", id="versions-signed", markup=False)
        yield table
        yield Static("", id="versions-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VersionsTable).loading = True
        self.load_versions()

    @work(thread=True, exclusive=True, group="versions", exit_on_error=False)
    def load_versions(self) -> None:
        repo = self.app.repo
        try:
            backups = repo.backups(self.summary.id)
        except Exception as exc:  # noqa: BLE001
            self.app.call_from_thread(self.app.report_error, t("versions.loading"), exc)
            backups = []
        try:
            signed = repo.get(self.summary.id).signed
        except Exception:  # noqa: BLE001 - gone or damaged: every version may be restored
            signed = False
        self.app.call_from_thread(self.show_versions, backups, signed)

    def show_versions(self, backups: list, signed: bool = False) -> None:
        self.backups = list(backups)
        self.signed = signed
        note = self.query_one("#versions-signed", Static)
        note.update(t("versions.signed_note") if signed else "")
        note.display = signed
        table = self.query_one(VersionsTable)
        table.loading = False
        table.clear()
        table.add_rows((self.when(b.taken_at), t(f"versions.status.{b.status or 'damaged'}"),
                        t("versions.size", kb=max(1, round(b.size / 1024))))
                       for b in self.backups)
        empty = self.query_one("#versions-empty", Static)
        empty.update(t("versions.empty") if not self.backups else "")
        empty.display = not self.backups

    @staticmethod
    def when(taken_at: str) -> str:
        return format_moment(taken_at, seconds=True) if parse_iso(taken_at) else taken_at

    @on(DataTable.RowSelected, "#versions-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter is the restore binding; the table's own selection does nothing

    def action_restore_selected(self) -> None:
        row = self.query_one(VersionsTable).cursor_row
        if not self.backups or not 0 <= row < len(self.backups):
            return
        backup = self.backups[row]
        if self.signed and backup.status != SIGNED:
            # The store would refuse it (perf_tui.signing): say why now, not after a question.
            self.notify(t("store.error.signed.restore_unsigned"), severity="warning", timeout=8)
            return
        from perf_tui.screens.confirm import ConfirmScreen

        question = t("versions.question", employee=self.employee, when=self.when(backup.taken_at))

        def answered(yes: bool | None) -> None:
            if yes:
                self.restore(backup)

        self.app.push_screen(ConfirmScreen(question), answered)

    def restore(self, backup) -> None:
        repo = self.app.repo
        try:
            with repo.acquire(self.summary.id):
                repo.restore_backup(self.summary.id, backup.name)
        except Exception as exc:  # noqa: BLE001  (locked elsewhere, damaged backup: one line)
            self.app.report_error(t("versions.restore.what"), exc)
            return
        self.notify(t("versions.restored", when=self.when(backup.taken_at)))
        self.load_versions()
