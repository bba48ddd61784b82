"""Export a record from inside the app: choose the format and the language, see (and edit) the
target path, write. Markdown is the default; the file lands in the data folder's exports/.

    ┌ Export the record ─────────────────────────────────┐
    │ Format    Markdown (.md)                            │
    │ Language  English                                   │
    │ File      ~/.local/share/perf-tui/exports/int….md   │
    │ (one line: the error, if the file cannot be written)│
    │ F2 / Enter in the path: export   Esc: cancel        │
    └─────────────────────────────────────────────────────┘

The file is written by perf_tui.export.files (atomic, 0600), the same function as `perf-tui
export`, with the config's grade thresholds and stage weights. Only regular files are written (a
FIFO or a device is one line in place). When the file exists, a confirmation asks first: y (or
Enter) replaces it, n (or Esc) keeps it and comes back to the dialog with the path to change. The
dialog dismisses with the written path (or None) and has notified it already.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from perf_tui import i18n, locations
from perf_tui.bindings import Translated
from perf_tui.export import FORMATS, SUFFIXES, ExportError, suggested_filename
from perf_tui.export.files import (
    ExportWriteError, TargetExists, export_to_file, is_folder, shown_path, system_reason,
)
from perf_tui.i18n import t
from perf_tui.model import Record
from perf_tui.widgets.fields import ChoiceToggle, Edited
from perf_tui.widgets.quiet import QuietFooter


@dataclass
class ExportChoice:
    """What the two toggles edit."""

    fmt: str = "md"
    lang: str = "en"


def default_language(record: Record) -> str:
    # As on the command line: the record in the language it was held in.
    return record.lang if record.lang in i18n.LANGUAGES else i18n.current_language()


def default_path(data_dir: Path, record: Record, fmt: str, lang: str | None = None) -> Path:
    return locations.exports_dir(data_dir) / suggested_filename(record, fmt, lang)


def path_for_format(text: str, record: Record, old_fmt: str, new_fmt: str,
                    old_lang: str | None = None, new_lang: str | None = None) -> str:
    """The path after the format or the language changed: the suggested name follows both, a name
    the user typed keeps its stem and gets the new extension, anything else stays as typed."""
    path = Path(text)
    if path.name == suggested_filename(record, old_fmt, old_lang):
        return str(path.with_name(suggested_filename(record, new_fmt, new_lang)))
    old_suffix, new_suffix = SUFFIXES[old_fmt], SUFFIXES[new_fmt]
    if path.name.endswith(old_suffix) and len(path.name) > len(old_suffix):
        return str(path.with_name(path.name[: -len(old_suffix)] + new_suffix))
    return text


class ExportScreen(Translated, ModalScreen[Path | None]):
    AUTO_FOCUS = "#export-format"

    BINDINGS = [
        Binding("f2", "write", "export_ui.keys.write", tooltip="export_ui.keys.write.tip", id="export_write"),
        Binding("escape", "cancel", "export_ui.keys.cancel", tooltip="export_ui.keys.cancel.tip",
                id="export_cancel"),
    ]

    DEFAULT_CSS = """
    ExportScreen .export-row { height: auto; margin-bottom: 1; }
    ExportScreen .export-label { width: 12; }
    ExportScreen #export-path { width: 1fr; }
    ExportScreen #export-error { color: $error; height: auto; margin-bottom: 1; }
    """

    def __init__(self, record: Record, data_dir: Path) -> None:
        super().__init__()
        self.record = record
        self.data_dir = Path(data_dir)
        self.choice = ExportChoice(fmt="md", lang=default_language(record))
        self._shown_fmt = self.choice.fmt
        self._shown_lang = self.choice.lang
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(t("export_ui.title"), classes="dialog-title")
            with Horizontal(classes="export-row"):
                yield Label(t("export_ui.format"), classes="export-label")
                yield ChoiceToggle(self.choice, "fmt", [(f, f"export_ui.format.{f}") for f in FORMATS],
                                   id="export-format")
            with Horizontal(classes="export-row"):
                yield Label(t("export_ui.language"), classes="export-label")
                yield ChoiceToggle(self.choice, "lang", [(lang, f"export_ui.language.{lang}")
                                                         for lang in i18n.LANGUAGES], id="export-language")
            with Horizontal(classes="export-row"):
                yield Label(t("export_ui.path"), classes="export-label")
                yield Input(str(default_path(self.data_dir, self.record, self.choice.fmt, self.choice.lang)), id="export-path")
            yield Static("", id="export-error", markup=False)
            yield Static(t("export_ui.hint"), classes="dialog-keys", markup=False)
        yield QuietFooter()  # its palette key stays whole in a narrow terminal

    def on_mount(self) -> None:
        self.query_one("#export-error", Static).display = False

    # ------------------------------------------------------------------ choices

    @on(Edited)
    def _choice_changed(self, event: Edited) -> None:
        event.stop()  # the dialog's own settings, not the record: nothing to save
        if (self.choice.fmt, self.choice.lang) != (self._shown_fmt, self._shown_lang):
            path_input = self.query_one("#export-path", Input)
            path_input.value = path_for_format(path_input.value, self.record, self._shown_fmt, self.choice.fmt,
                                               self._shown_lang, self.choice.lang)
            self._shown_fmt, self._shown_lang = self.choice.fmt, self.choice.lang
        self._show_error("")

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._show_error("")

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    # ------------------------------------------------------------------ actions

    def target_path(self) -> Path:
        return Path(self.query_one("#export-path", Input).value.strip()).expanduser()

    def action_write(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self._show_error(t("export_ui.error.no_path"))
            return
        path = self.target_path()
        if is_folder(path):
            path = path / suggested_filename(self.record, self.choice.fmt, self.choice.lang)
        self._write(path, overwrite=False)

    def _write(self, path: Path, *, overwrite: bool) -> None:
        """Write, or ask first when the file exists (y replaces it, n keeps it and comes back)."""
        try:
            if path.parent == locations.exports_dir(self.data_dir):
                locations.ensure_private_dir(path.parent)  # our own folder: made on first use
            written = export_to_file(self.record, self.choice.fmt, self.choice.lang, path,
                                     thresholds=self.app.config.grade_thresholds, now=self.app.clock(),
                                     weights=self.app.config.stage_weights, overwrite=overwrite,
                                     paper=self.app.config.paper)
        except TargetExists:
            self._confirm_replace(path)
            return
        except ExportWriteError as exc:
            self._show_error(t("export_ui.error.cannot_write", path=shown_path(exc.path), error=exc.reason))
            return
        except ExportError as exc:
            self._show_error(t("export_ui.error.cannot_write", path=shown_path(path), error=str(exc)))
            return
        except OSError as exc:  # our exports/ folder could not be made
            self._show_error(t("export_ui.error.cannot_write", path=shown_path(path), error=system_reason(exc)))
            return
        self.written = written
        self.app.notify(t("export_ui.written", path=shown_path(written)), timeout=10)
        self.dismiss(written)

    def _confirm_replace(self, path: Path) -> None:
        from perf_tui.screens.confirm import ConfirmScreen

        def answered(replace: bool | None) -> None:
            if replace:
                self._write(path, overwrite=True)
                return
            self._show_error(t("output.app.not_replaced", path=shown_path(path)))
            self.query_one("#export-path", Input).focus()

        question = t("output.app.confirm_question", path=shown_path(path))
        self.app.push_screen(ConfirmScreen(question, title=t("output.app.confirm_title")), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        # One line, however long the path or the system's reason.
        error.update(" ".join(message.split()))
        error.display = bool(message)


def open_export(app, record: Record) -> None:
    """Show the export dialog for `record` on `app` (a PerfTuiApp)."""
    app.push_screen(ExportScreen(record, app.data_dir))
