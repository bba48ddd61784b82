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
  columns). Here the keys sit in a group that ends where the palette key begins, and only the
  keys that fit whole are shown.
- Input away from the cursor: a value longer than the field ends in an ellipsis instead of a cut.
- Static.update(): a layout of the whole screen, even when the text is the same.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.containers import HorizontalGroup
from textual.strip import Strip
from textual.widgets import Footer, Input, Static

from perf_tui.text import cell_width, truncate


def one_line(text: str) -> str:
    """Pasted lines for a one-line field: every line kept, joined by spaces (Textual keeps the
    first line only, and the rest of a paste would be lost)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip()) or text.strip("\r\n")


class QuietInput(Input):
    """An Input whose typing repaints the field only, not the layout of the screen, and that
    keeps every line of a paste."""

    virtual_size = Reactive(Size(0, 0), layout=False)

    def _on_paste(self, event: events.Paste) -> None:
        if event.text:
            line = one_line(event.text)
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *selection)
        event.stop()
        event.prevent_default()  # Input's own handler would paste the first line a second time

    def render_line(self, y: int) -> Strip:
        """Away from the cursor, a value too long for the field ends in an ellipsis, so that a cut
        word ("Deliver projec") never reads as the whole text; with the cursor in it, the field
        scrolls as usual."""
        room = self.scrollable_content_region.width
        if y != 0 or self.has_focus or self.password or not self.value or cell_width(self.value) <= room:
            return super().render_line(y)
        shown = Text(truncate(self.value, room), no_wrap=True, overflow="ignore", end="")
        strip = Strip(self.app.console.render(shown, self.app.console_options.update_width(room)))
        return strip.extend_cell_length(room).crop(0, room).apply_style(self.rich_style)


class _FooterKeys(HorizontalGroup):
    """The footer's keys (all but the palette key); tells the footer when its width is known."""

    def on_resize(self) -> None:
        footer = self.parent
        if isinstance(footer, QuietFooter):
            footer.fit_keys()


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
        with _FooterKeys(classes="footer-keys"):
            for widget in super().compose():
                if widget.has_class("-command-palette"):
                    palette.append(widget)
                else:
                    yield widget
        yield from palette

    def fit_keys(self) -> None:
        """Show only the keys that fit whole, in order: a key cut by the window's edge ("^s" with
        no "Save", "f1 帮") says less than no key at all, and F1 lists every key anyway."""
        groups = self.query(".footer-keys")
        if not groups:
            return
        group = groups.first()
        room = group.size.width
        if room <= 0:
            return
        used = 0
        for key in group.children:
            # Margins count too: the compact footer spaces its keys with margin-right: 1.
            width = (key.get_content_width(self.app.size, self.app.size) + key.styles.gutter.width
                     + key.styles.margin.width)
            fits = used + width <= room
            if key.display != fits:
                key.display = fits
            if fits:
                used += width

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
