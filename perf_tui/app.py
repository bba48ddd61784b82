"""The Textual app: services the screens share, navigation, global bindings, command palette.

Screens reach shared services through the app, never through globals:
    self.app.repo        the session Repository (perf_tui.store)
    self.app.clock       the injected Clock (system clock in real use, FakeClock in tests)
    self.app.config      the user's Config
    self.app.autosaver   the Autosaver (perf_tui.store.autosave), one writer thread
    self.app.data_dir    the data folder
Navigation: app.show_home(), app.new_session(), app.open_setup(record), app.open_meeting(record).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from perf_tui import i18n, locations
from perf_tui.bindings import Translated
from perf_tui.clock import Clock, system_clock
from perf_tui.config import Config
from perf_tui.i18n import t


class PerfTuiApp(Translated, App):
    TITLE = "perf-tui"
    CSS_PATH = [str(locations.styles_dir() / "app.tcss")]
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("f1", "help", "keys.help", tooltip="keys.help.tip", id="help"),
        Binding("ctrl+q", "quit", "keys.quit", tooltip="keys.quit.tip", id="quit", priority=True),
        Binding("ctrl+s", "save_now", "keys.save", tooltip="keys.save.tip", id="save", priority=True),
    ]

    def __init__(
        self,
        *,
        data_dir: Path,
        lang: str,
        config: Config | None = None,
        clock: Clock = system_clock,
        start: tuple[str, ...] = ("home",),
        config_error: str | None = None,
    ) -> None:
        i18n.set_language(lang)
        super().__init__()
        self.lang = lang
        self.data_dir = Path(data_dir)
        self.config = config or Config()
        self.clock = clock
        self.start = start
        self.config_error = config_error
        from perf_tui.store import open_repository

        self.repo = open_repository(self.data_dir)
        self.autosaver = None  # INTERIM: the app-shell helper wires perf_tui.store.autosave.Autosaver

    # ------------------------------------------------------------------ saving (the screens' contract)

    def record_changed(self, record) -> None:
        """Screens call this after every edit of `record` (cheap; the save happens off the UI loop)."""
        # INTERIM: saves synchronously until the Autosaver is wired in.
        record.updated_at = self.clock().isoformat(timespec="seconds")
        self.repo.save(record)

    def flush_save(self) -> None:
        """Screens call this on stage change and before leaving a session: save now."""

    # ------------------------------------------------------------------ navigation

    def open_setup(self, record) -> None:
        from perf_tui.screens.setup import SetupScreen

        self.push_screen(SetupScreen(record))

    def open_meeting(self, record) -> None:
        from perf_tui.screens.meeting import MeetingScreen

        self.push_screen(MeetingScreen(record))

    def action_help(self) -> None:
        from perf_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_save_now(self) -> None:
        self.flush_save()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
