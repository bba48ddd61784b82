"""Textual's Input and Footer without the whole-screen work they do on every keystroke and on
every focus change: typing never waits.

- Input: each typed character changes its `virtual_size` (text width + 1), a reactive that asks
  for a layout of the whole screen; the layout then resets it to the widget's own size, so the
  next key asks again. A fixed-size, one-line field needs no layout for that (an auto-sized one
  still gets it: Input asks itself when `styles.auto_dimensions`).
- Footer: it rebuilds all its keys whenever the active bindings change, i.e. on every Tab from
  one kind of field to another, even when the keys it shows stay the same. And the keys that do not
  fit run on under the command-palette key docked on its right: the compositor then cuts that key
  at their edges, and a Chinese character cut in half is drawn as two blanks ("^p   令" at 40
  columns). Here the keys sit in a group that ends where the palette key begins.
- Static.update(): a layout of the whole screen, even when the text is the same.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.containers import HorizontalGroup
from textual.widgets import Footer, Input, Static


class QuietInput(Input):
    """An Input whose typing repaints the field only, not the layout of the screen."""

    virtual_size = Reactive(Size(0, 0), layout=False)


class QuietFooter(Footer):
    """A Footer that rebuilds its keys only when the keys it shows change."""

    DEFAULT_CSS = """
    QuietFooter > .footer-keys { width: 1fr; height: 1; overflow: hidden hidden; }
    """

    _shown: tuple | None = None

    def _shown_keys(self) -> tuple:
        app = self.app
        return tuple((binding.key, app.get_key_display(binding), binding.description, binding.action,
                      bool(enabled), tooltip or "")
                     for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                     if binding.show or key == app.COMMAND_PALETTE_BINDING)

    def compose(self):
        self._shown = self._shown_keys() if self._bindings_ready else None
        palette = []
        with HorizontalGroup(classes="footer-keys"):
            for widget in super().compose():
                if widget.has_class("-command-palette"):
                    palette.append(widget)
                else:
                    yield widget
        yield from palette

    def bindings_changed(self, screen) -> None:
        if self._shown is not None and self.is_attached and screen is self.screen \
                and self._shown_keys() == self._shown:
            return
        super().bindings_changed(screen)


def update_if_changed(widget: Static, text: str) -> None:
    """Static.update() lays out the whole screen each time; the clock and the live checks call it
    on every tick and keystroke, mostly with the same text."""
    if widget.content != text:
        widget.update(text)
