"""Every key of the screen beneath and of the app, plus where the config file and data live.

The list comes from perf_tui.bindings.bindings_for, the same source as the command palette, so
the help never disagrees with what the keys do (user keymap included).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label, Static

from perf_tui import locations
from perf_tui.bindings import Translated, bindings_for
from perf_tui.i18n import t


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys as displayed, description, tooltip) for every binding `screen` offers."""
    app = screen.app
    rows = []
    for _node, binding in bindings_for(screen):
        keys = ", ".join(app.get_key_display(binding.with_key(key)) for key in binding.key.split(","))
        rows.append((keys, binding.description, binding.tooltip or ""))
    return rows


class HelpScreen(Translated, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,q", "close", "app.keys.close", tooltip="app.keys.close.tip", id="help_close"),
    ]

    def __init__(self, beneath: Screen | None = None) -> None:
        super().__init__()
        self.beneath = beneath
        self._rows: list[tuple[str, str, str]] = []

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def compose(self) -> ComposeResult:
        beneath = self.beneath or next((s for s in reversed(self.app.screen_stack) if s is not self), None)
        self._rows = key_rows(beneath) if beneath is not None else []
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Label(t("help.title"), classes="dialog-title")
            yield Static(self._keys_table(), id="help-keys")
            yield Static(self._places(), id="help-places")
        yield Footer()

    def _keys_table(self) -> Table:
        table = Table(expand=True, box=None, show_edge=False, pad_edge=False)
        table.add_column(t("help.col.key"), no_wrap=True, style="bold")
        table.add_column(t("help.col.action"), ratio=1)
        table.add_column(t("help.col.about"), ratio=2)
        for keys, description, tooltip in self._rows:
            table.add_row(Text(keys), Text(description), Text(tooltip))
        return table

    def _places(self) -> Text:
        app = self.app
        config_path = getattr(getattr(app, "config", None), "path", None) or locations.config_file()
        data_dir = getattr(app, "data_dir", None) or locations.data_dir()
        text = Text()
        text.append(f"\n{t('help.config_file')} ", style="bold")
        text.append(f"{config_path}\n")
        text.append(f"{t('help.data_dir')} ", style="bold")
        text.append(f"{data_dir}\n")
        text.append(f"{t('help.prompts_file')} ", style="bold")
        text.append(f"{locations.user_prompts_file()}\n")
        text.append(f"\n{t('help.more')}")
        return text

    def action_close(self) -> None:
        self.dismiss(None)
