"""Textual's own words, in the user's language.

Textual ships a few English strings a user sees: the command palette's placeholder and its
"No matches found", the theme search's placeholder, and the Select menu's "Dismiss menu" key in
the footer. The app uses these subclasses instead of Textual's, so every one of those strings
comes from the catalog (perf_tui/locales/<lang>/words.json, keys "textual.*").

Textual is pinned exactly (pyproject), so the one copied method below (the no-matches countdown,
whose text Textual builds inside a closure) stays in step with the version it was taken from.
"""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import Option

from perf_tui.bindings import translated_map
from perf_tui.i18n import t


class _OwnWords:
    """Translates the class's bindings (catalog keys) like perf_tui.bindings.Translated, but these
    are Textual's internal keys: no id for a keymap, not listed in the help or the README."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bindings = translated_map(self._bindings)  # type: ignore[attr-defined]


class Palette(_OwnWords, CommandPalette):
    """The command palette with its placeholder, no-match line and keys from the catalog."""

    BINDINGS = [
        Binding("ctrl+end, shift+end", "command_list('last')", "textual.palette.last", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "textual.palette.first", show=False),
        Binding("down", "cursor_down", "textual.palette.down", show=False),
        Binding("escape", "escape", "textual.palette.escape"),
        Binding("pagedown", "command_list('page_down')", "textual.palette.page_down", show=False),
        Binding("pageup", "command_list('page_up')", "textual.palette.page_up", show=False),
        Binding("up", "command_list('cursor_up')", "textual.palette.up", show=False),
    ]

    def __init__(self, *args: Any, placeholder: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, placeholder=placeholder or t("textual.palette.placeholder"), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual 8.2.8's countdown, with the line in the user's language."""
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                command_list = self.query_one(CommandList)
                command_list.add_option(
                    Option(
                        Align.center(Text(t("textual.palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)


def theme_palette() -> Palette:
    """The theme search (Textual's App.search_themes), in the user's language."""
    from textual.theme import ThemeProvider

    return Palette(providers=[ThemeProvider], placeholder=t("textual.theme.placeholder"))


class LocalSelectOverlay(_OwnWords, SelectOverlay):
    BINDINGS = [Binding("escape", "dismiss", "textual.select.dismiss")]


class LocalSelect(_OwnWords, Select):
    """A Select whose open menu shows "Esc" with its description in the user's language."""

    BINDINGS = [Binding("enter,down,space,up", "show_overlay", "textual.select.show", show=False)]

    def compose(self):
        yield SelectCurrent(self.prompt)
        yield LocalSelectOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
