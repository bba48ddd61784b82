"""The Textual app: services the screens share, navigation, global bindings, command palette.

Screens reach shared services through the app, never through globals:
    self.app.repo        the session Repository (perf_tui.store)
    self.app.clock       the injected Clock (system clock in real use, FakeClock in tests)
    self.app.config      the user's Config
    self.app.autosaver   the Autosaver (perf_tui.store.autosave), one writer thread
    self.app.data_dir    the data folder
    self.app.save_status the last save's one-line status ("Saved 14:02:11"), a reactive to watch
Saving: app.record_changed(record) after every edit (returns at once; the write happens off the UI
loop), app.flush_save() on stage change and before leaving a session.
Navigation: app.show_home(), app.new_session(), app.open_session(id), app.open_setup(record),
app.open_meeting(record).

Which screen a session opens on: a draft whose meeting has not started opens on the setup screen
(it is still being prepared); every other session opens on the meeting screen.

Session locks: entering a session takes the store's lock for it (repo.acquire); when the home
screen comes back (the session was left) or the app quits, the lock is released. A session locked
by another copy of the app can be opened read-only.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from functools import partial
from pathlib import Path
from typing import Any, Iterable

from perf_tui import _startup  # noqa: F401  (first: the start-up clock)
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from perf_tui import i18n, locations
from perf_tui.bindings import Translated, bindings_for
from perf_tui.clock import Clock, iso, system_clock
from perf_tui.config import Config
from perf_tui.i18n import t
from perf_tui.logfile import log, setup_logging
from perf_tui.model import Person, Record, Status, new_record
from perf_tui.widgets.typing import OrderedTyping
from perf_tui.widgets.wrap import install_cjk_wrapping

install_cjk_wrapping()  # Chinese breaks between characters wherever Textual wraps text

SESSION_SCREENS = ("SetupScreen", "MeetingScreen")


def _styles() -> list[str]:
    """Every app-wide TCSS file, in a stable order (each screen's area owns one file)."""
    return [str(path) for path in sorted(locations.styles_dir().glob("*.tcss"))]


class SaveReport(Message):
    """Posted (thread-safely) by the autosaver's status callback."""

    def __init__(self, ok: bool, detail: str = "") -> None:
        super().__init__()
        self.ok = ok
        self.detail = detail


def _content(record: Record) -> dict[str, Any]:
    """What a person could have typed into `record`: everything but the time it was last saved."""
    data = record.to_dict()
    data.pop("updated_at", None)
    return data


def _status_detail(status: Any, detail: str) -> str:
    """The store's one-line message (SaveStatus.message), or the detail given with a bool."""
    return str(detail or getattr(status, "message", "") or "")


class PerfTuiApp(Translated, OrderedTyping, App):
    TITLE = "perf-tui"
    CSS_PATH = _styles()
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("f1", "help", "app.keys.help", tooltip="app.keys.help.tip", id="help"),
        Binding("question_mark", "help", "app.keys.help", tooltip="app.keys.help.tip", id="help_alt", show=False),
        Binding("ctrl+q", "quit", "app.keys.quit", tooltip="app.keys.quit.tip", id="quit", priority=True),
        Binding("ctrl+s", "save_now", "app.keys.save", tooltip="app.keys.save.tip", id="save", priority=True),
        Binding("ctrl+p", "command_palette", "app.keys.palette", tooltip="app.keys.palette.tip",
                id="palette", priority=True, show=False),  # the Footer shows it on its right
    ]

    save_status: reactive[str] = reactive("")

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
        self.log_path = setup_logging(self.data_dir)
        self.startup_ms: float | None = None
        from perf_tui.store import open_repository

        self.repo = open_repository(self.data_dir, clock=clock)
        self.autosaver = self._make_autosaver()
        self._locks: dict[str, Any] = {}
        self._read_only: set[str] = set()
        # Drafts made by this run and not edited yet, with their content as made (see _content).
        self._untouched_drafts: dict[str, dict[str, Any]] = {}
        self._save_failing = False
        self._rebuilding = False
        self._closed = False
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self._theme_chosen = False  # set on mount: only a theme picked after that is remembered

    # ------------------------------------------------------------------ start-up

    async def on_mount(self) -> None:
        from perf_tui.screens.home import HomeScreen

        # Home sits above Textual's blank default screen, so that a language switch can replace
        # it (the bottom screen of the stack cannot be replaced).
        await self.push_screen(HomeScreen())
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        self.app_suspend_signal.subscribe(self, self._on_app_suspend)
        self._install_signal_handlers()
        self._report_problems()
        self.call_later(self._follow_start)
        self._theme_chosen = True

    def on_ready(self) -> None:
        self.startup_ms = _startup.elapsed_ms()
        log.info("start-up to first frame: %.0f ms", self.startup_ms)

    def _report_problems(self) -> None:
        if self.config_error:
            self.notify(t("app.config_error", error=self.config_error), severity="warning", timeout=15)
        if self.folder_read_only:
            self.notify(self.read_only_banner(), severity="warning", timeout=20)
        self.show_store_problems()

    def show_store_problems(self) -> None:
        """Damaged files the store has set aside, and session files it could not read (left out of
        the list), since the last call: each told once."""
        for problem in self.repo.drain_problems():
            key = "app.unreadable_file" if getattr(problem, "kind", "") == "unreadable" else "app.damaged_file"
            self.notify(t(key, problem=str(problem)), severity="warning", timeout=20)

    @property
    def folder_read_only(self) -> bool:
        """The data folder cannot be written: every session opens read-only (see the banner)."""
        return bool(getattr(self.repo, "read_only", False))

    def read_only_banner(self) -> str:
        return t("app.read_only_folder", path=str(self.data_dir))

    def _follow_start(self) -> None:
        match self.start:
            case ("new",):
                self.new_session()
            case ("open", session_id):
                self.open_session(session_id)
            case _:
                pass

    # ------------------------------------------------------------------ saving (the screens' contract)

    def _make_autosaver(self):
        from perf_tui.store.autosave import Autosaver

        return Autosaver(self.repo, on_status=self._autosave_status)

    def record_changed(self, record: Record) -> None:
        """Screens call this after every edit of `record`: cheap, the write happens off the UI loop."""
        if record.id in self._read_only:
            return
        untouched = self._untouched_drafts.get(record.id)
        if untouched is not None and _content(record) != untouched:
            del self._untouched_drafts[record.id]  # edited once: kept for good, whatever happens next
        record.updated_at = iso(self.clock())
        self.autosaver.changed(record)

    def flush_save(self, backup: bool = True) -> None:
        """Screens call this on stage change and before leaving a session: save now, and keep a
        backup of that moment (the store rotates them) so the last good version can be restored."""
        try:
            self.autosaver.flush(backup=backup)
        except Exception:  # noqa: BLE001 - reported by the status callback; keep the UI alive
            log.exception("flush failed")

    def _autosave_status(self, status: Any, detail: str = "") -> None:
        """The autosaver's callback (a store SaveStatus); it runs on another thread, so only post.

        Not call_from_thread: that waits for the UI loop, and the UI loop may itself be waiting
        in flush_save() for this very writer (quit, stage change): a deadlock.
        """
        self.post_message(SaveReport(bool(status), _status_detail(status, detail)))

    def on_save_report(self, message: SaveReport) -> None:
        stamp = self.clock().strftime("%H:%M:%S")
        if message.ok:
            self.save_status = t("app.saved", time=stamp)
            if self._save_failing:
                self.notify(self.save_status, title=t("app.saved_again"))
            self._save_failing = False
            return
        self.save_status = t("app.save_failed", error=message.detail)
        log.warning("save failed: %s", message.detail)
        if not self._save_failing:
            self.notify(self.save_status, severity="error", timeout=15)
        self._save_failing = True

    def watch_save_status(self, value: str) -> None:
        if value:
            self.sub_title = value

    def close_storage(self) -> None:
        """Save what is pending and let go of every lock (quit, SIGTERM, SIGHUP). Idempotent."""
        if self._closed:
            return
        self._closed = True
        self.flush_save()
        self._remove_untouched_drafts()
        try:
            self.autosaver.close()
        except Exception:  # noqa: BLE001
            log.exception("closing the autosaver failed")
        self._release_locks()
        try:
            self.repo.close()
        except Exception:  # noqa: BLE001
            log.exception("closing the repository failed")

    def _on_app_suspend(self, _app: App) -> None:
        self.flush_save()

    def _install_signal_handlers(self) -> None:
        """A closed terminal (SIGHUP) or a kill (SIGTERM) saves first, then quits."""
        if self.is_headless:
            return  # tests: never touch the test runner's signal handling
        try:
            import asyncio

            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_terminate_signal, signum)
            # A stopped process runs no autosave thread: save first, then let Textual's driver
            # do its own suspend (restore the terminal, SIGSTOP).
            driver_handler = signal.getsignal(signal.SIGTSTP)
            loop.add_signal_handler(signal.SIGTSTP, self._on_stop_signal, driver_handler)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            log.info("signal handlers not installed on this platform")

    def _on_terminate_signal(self, signum: int) -> None:
        log.info("signal %s: saving and quitting", signum)
        self.close_storage()
        if signum == signal.SIGHUP:
            # The terminal is gone: Textual's shutdown would try to restore it and its input and
            # output threads spin on the dead tty (seen: two threads at 90% CPU for minutes after
            # a tmux window closed). Everything is saved and unlocked by now, so leave at once.
            logging.shutdown()
            os._exit(128 + signum)
        self.exit()
        # If the exit cannot finish (a terminal that no longer answers), leave anyway: the data
        # is already saved.
        watchdog = threading.Timer(5.0, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()

    def _on_stop_signal(self, driver_handler) -> None:
        log.info("SIGTSTP: saving before the process stops")
        self.flush_save()
        if callable(driver_handler):
            driver_handler(signal.SIGTSTP, None)
        else:
            os.kill(os.getpid(), signal.SIGSTOP)

    # ------------------------------------------------------------------ sessions and locks

    def new_session(self) -> None:
        config = self.config
        record = new_record(
            now_iso=iso(self.clock()),
            lang=self.lang,
            supervisor=Person(config.supervisor_name, config.supervisor_position),
            planned_minutes=config.planned_minutes,
        )
        if not self._try(lambda: self.repo.create(record), "app.cannot_create"):
            return
        self._untouched_drafts[record.id] = _content(record)
        self._acquire_and_enter(record)

    def open_session(self, session_id: str) -> None:
        from perf_tui.store import SessionNotFound

        try:
            record = self.repo.get(session_id)
        except SessionNotFound:
            self.notify(t("app.unknown_session", id=session_id), severity="error")
            return
        except Exception as exc:  # noqa: BLE001 - damaged data: one line, traceback to the log
            log.exception("cannot open session %s", session_id)
            self.notify(t("app.cannot_open", id=session_id, error=exc), severity="error")
            return
        self._acquire_and_enter(record)

    def _acquire_and_enter(self, record: Record) -> None:
        from perf_tui.store import SessionLocked

        if self.folder_read_only:  # nothing can be saved: read it, never edit it unsaved
            self._enter_read_only(record)
            return
        if record.id not in self._locks:
            try:
                self._locks[record.id] = self.repo.acquire(record.id)
            except SessionLocked as exc:
                self._offer_read_only(record, exc)
                return
            except Exception as exc:  # noqa: BLE001
                log.exception("cannot lock session %s", record.id)
                self.notify(t("app.cannot_open", id=record.id, error=exc), severity="error")
                return
        self._enter(record)

    def _offer_read_only(self, record: Record, exc: Exception) -> None:
        from perf_tui.screens.locked import LockedScreen

        def chosen(read_only: bool | None) -> None:
            if read_only:
                self._enter_read_only(record)

        self.push_screen(LockedScreen(exc), chosen)

    def _enter_read_only(self, record: Record) -> None:
        try:
            # A read-only lease makes the store refuse any save of this session.
            self._locks[record.id] = self.repo.acquire(record.id, read_only=True)
        except Exception:  # noqa: BLE001 - the app's own read-only guard still applies
            log.exception("read-only lease for %s", record.id)
        self._read_only.add(record.id)
        self.open_meeting(record, read_only=True)

    def _enter(self, record: Record) -> None:
        if self.opens_on_setup(record):
            self.open_setup(record)
        else:
            self.open_meeting(record)

    @staticmethod
    def opens_on_setup(record: Record) -> bool:
        return record.status == Status.DRAFT and not record.timing.started_at

    def leave_session(self) -> None:
        """The home screen is back: save what is pending and release the session's lock."""
        if self._rebuilding or self._session_on_screen() is not None:
            return  # a language switch re-opened the session: it was never left
        self.flush_save()
        self._remove_untouched_drafts()
        self._release_locks()
        self._read_only.clear()

    def _remove_untouched_drafts(self) -> None:
        """A new draft left without a single edit is removed for good (not trashed): nothing was
        typed, so nothing is lost, and the list does not fill with empty sessions. Only when the
        stored copy is still exactly as made, so a typed letter is never thrown away."""
        for session_id, made in list(self._untouched_drafts.items()):
            del self._untouched_drafts[session_id]
            try:
                if _content(self.repo.get(session_id)) != made:
                    continue
                self.repo.delete(session_id)
                self.repo.purge(session_id)
            except Exception:  # noqa: BLE001 - an empty draft left behind is harmless
                log.exception("cannot remove the untouched draft %s", session_id)

    def _release_locks(self) -> None:
        for session_id, lock in list(self._locks.items()):
            try:
                release = getattr(lock, "release", None)
                if release is not None:
                    release()
            except Exception:  # noqa: BLE001
                log.exception("cannot release the lock of %s", session_id)
        self._locks.clear()

    # ------------------------------------------------------------------ navigation

    def open_setup(self, record: Record) -> None:
        from perf_tui.screens.setup import SetupScreen

        self._show_session_screen(SetupScreen(record))

    def open_meeting(self, record: Record, read_only: bool | None = None) -> None:
        from perf_tui.screens.meeting import MeetingScreen

        if read_only is None:
            read_only = record.id in self._read_only
        screen = MeetingScreen(record, read_only=read_only)
        if self.folder_read_only:
            screen.read_only_banner_key = "meeting.banner.folder_read_only"
        self._show_session_screen(screen)

    def _show_session_screen(self, screen: Screen) -> None:
        """Setup and meeting replace each other (home -> setup -> meeting -> escape -> home)."""
        self.last_session_id = screen.record.id  # type: ignore[attr-defined]  # home highlights it
        if type(self.screen).__name__ in SESSION_SCREENS:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_home(self) -> None:
        self.show_home_then(None)

    def action_help(self) -> None:
        from perf_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_save_now(self) -> None:
        session = self._session_on_screen()
        if session is not None and session[1].id in self._read_only:
            # A read-only copy never saves (the store would refuse it): say so, never "saved".
            self.notify(t("app.save.read_only"), severity="warning", timeout=4)
            return
        self.flush_save()
        if not self._save_failing:
            self.notify(t("app.saved", time=self.clock().strftime("%H:%M:%S")), timeout=2)

    async def action_quit(self) -> None:
        self.close_storage()
        self.exit()

    def action_new_session(self) -> None:
        self.show_home_then(self.new_session)

    def show_home_then(self, then) -> None:
        """Back to the home screen (leaving the session), then call `then` if given."""

        async def unwind() -> None:
            while len(self.screen_stack) > 2:
                await self.pop_screen()
            if then is not None:
                then()

        self.call_later(unwind)

    # ------------------------------------------------------------------ language

    async def switch_language(self, lang: str) -> None:
        """Switch the UI language: bindings are translated again and every screen is rebuilt."""
        if lang == self.lang:
            return
        self.flush_save()
        session = self._session_on_screen()
        self._rebuilding = True
        try:
            i18n.set_language(lang)
            self.lang = lang
            self.retranslate_bindings()
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            from perf_tui.screens.home import HomeScreen

            await self.push_screen(HomeScreen())
            self.title = t("app.title")
            self.sub_title = t("app.subtitle")
            if session is not None:
                kind, record = session
                if kind == "SetupScreen":
                    self.open_setup(record)
                else:
                    self.open_meeting(record)
        finally:
            self._rebuilding = False
        self.notify(t("app.language_switched"))

    def _session_on_screen(self) -> tuple[str, Record] | None:
        for screen in reversed(self.screen_stack):
            record = getattr(screen, "record", None)
            if type(screen).__name__ in SESSION_SCREENS and isinstance(record, Record):
                return type(screen).__name__, record
        return None

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every binding of the screen and the app (in the user's language), then app commands.

        Each command once: a command offered by two nodes (the home list's N and the home
        screen's Ctrl+N both make a new interview) is listed under its first, most specific node.
        """
        shown: set[str] = set()
        actions: set[str] = set()
        for node, binding in bindings_for(screen):
            if binding.action == "command_palette" or binding.description in shown:
                continue
            shown.add(binding.description)
            actions.add(binding.action.rpartition(".")[2])
            yield SystemCommand(
                binding.description,
                binding.tooltip,
                partial(self.run_action, binding.action, node),
            )
        palette_commands = getattr(screen, "palette_commands", None)
        if palette_commands is not None:  # e.g. the meeting screen's export, which has no key
            for title, help_text, callback in palette_commands():
                yield SystemCommand(title, help_text, callback)
        if "new_session" not in actions:  # the home screen's own key already offers it
            yield SystemCommand(t("app.cmd.new"), t("app.cmd.new.help"), self.action_new_session)
        for lang in i18n.LANGUAGES:
            if lang != self.lang:
                yield SystemCommand(
                    t("app.cmd.language", language=t(f"app.language.{lang}")),
                    t("app.cmd.language.help"),
                    partial(self.switch_language, lang),
                )
        yield SystemCommand(t("app.cmd.config"), t("app.cmd.config.help"), self.action_show_config_path)
        yield SystemCommand(t("app.cmd.theme"), t("app.cmd.theme.help"), self.action_change_theme)

    def action_command_palette(self) -> None:
        """Textual's palette, with its own words (placeholder, "no matches") in the user's language."""
        from textual.command import CommandPalette

        from perf_tui.widgets.textual_words import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's reminder of the quit key), in the user's language."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                shown = "+".join(part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+"))
                self.notify(t("textual.help_quit", key=shown), title=t("textual.help_quit.title"), markup=False)
                return

    def search_themes(self) -> None:
        from perf_tui.widgets.textual_words import theme_palette

        self.push_screen(theme_palette())

    def watch_theme(self, theme: str) -> None:
        """A theme picked in the app (Ctrl+P, Theme) is remembered in the config file, written off
        the UI loop; the file keeps everything else (config.save_theme)."""
        if not getattr(self, "_theme_chosen", False) or theme == self.config.theme:
            return
        self.config.theme = theme
        self.run_worker(partial(self._remember_theme, theme), thread=True, group="config", exclusive=True,
                        exit_on_error=False)

    def _remember_theme(self, theme: str) -> None:
        from perf_tui.config import save_theme

        error = save_theme(theme, self.config.path)
        if error:
            log.warning("theme not remembered: %s", error)
            self.call_from_thread(self.notify, t("app.theme_not_saved", error=error), severity="warning")

    def action_show_config_path(self) -> None:
        path = self.config.path or locations.config_file()
        self.notify(t("app.config_path", path=str(path)), timeout=15)

    # ------------------------------------------------------------------ errors

    def report_error(self, what: str, exc: BaseException) -> None:
        """A failure in a worker or an action: one line for the user, the traceback to the log.

        A refusal (the session is open elsewhere, it is signed, it exists) is no failure: the data
        is fine and the user is told why; the log gets one INFO line and no traceback."""
        from perf_tui.store.errors import is_refusal

        if is_refusal(exc):
            log.info("%s refused: %s", what, exc)
            self.notify(t("app.refused", what=what, error=str(exc)), severity="warning")
            return
        log.error("%s", what, exc_info=(type(exc), exc, exc.__traceback__))
        self.notify(t("app.error", what=what, error=str(exc) or type(exc).__name__), severity="error")

    def _try(self, action, message_key: str) -> bool:
        from perf_tui.store.errors import is_refusal

        try:
            action()
        except Exception as exc:  # noqa: BLE001
            if is_refusal(exc):
                log.info("%s: %s", message_key, exc)
            else:
                log.exception(message_key)
            self.notify(t(message_key, error=exc), severity="error")
            return False
        return True

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected crash: the traceback goes to the log file, the user gets one line."""
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        try:
            self.close_storage()
        except Exception:  # noqa: BLE001
            log.exception("saving after a crash failed")
        if self.is_headless:
            super()._handle_exception(error)  # tests want the real exception
            return
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._exit_renderables.append(t("app.crashed", error=str(error) or type(error).__name__,
                                        log=str(self.log_path or "")))
        self._close_messages_no_wait()
