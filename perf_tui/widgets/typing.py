"""Typing lands where it was typed: the order of keys and pastes, kept across focus moves.

Textual hands each key to the widget that has focus *when the app reads the key*, by posting it
to that widget's own queue. A key that moves the cursor (Enter on "+ Add", `a` on a table, Tab)
is acted on later, in that widget's task, so the keys read in the meantime (an input method
commits a whole word at once, a paste, a fast typist) go to the old place: "调整排班" typed on
"+ Add action" made four actions. Two rules, applied where the app reads keys, in their order:

- Tab and Shift+Tab move the focus at once, in order with the keys around them (no widget of
  ours uses Tab for anything else; a TextArea that indents with Tab keeps it).
- A widget may say that a key sends the cursor somewhere new (`holds_typing_after(event)`): the
  keys and pastes read after it are held, in order, until the focus has moved (or the widget
  calls `release()`, or HOLD_LIMIT_S passed), then handed on as if just read.

Below the minimum size (MIN_WIDTH × MIN_HEIGHT) fields may be cut off or have no height at all,
so no key or paste reaches any field: the app shows TooSmallScreen, which takes no text, until
the terminal is large enough again (Ctrl+Q still quits).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from perf_tui.i18n import t
from perf_tui.logfile import log

if TYPE_CHECKING:
    from textual.app import App

MIN_WIDTH = 70  # the setup form's widest rows (date, time, place; period from-to) fit
MIN_HEIGHT = 18  # the meeting editor keeps 6 lines and the notes 6
HOLD_LIMIT_S = 5.0  # a safety net only: every path that holds keys releases them once the cursor
#                     has moved (a busy machine may take a good part of a second to add a row, and
#                     keys let go before the row is there would land in the wrong place)
_POLL_S = 0.01
_ALWAYS_PASS = frozenset({"ctrl+q"})  # quitting works at any size


def is_too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """"Make the window larger": shown over everything while the terminal is below the minimum."""

    # styles: styles/app.tcss (#too-small), so that they win over ModalScreen's see-through default

    def compose(self) -> ComposeResult:
        yield Static(self.message(), id="too-small", markup=False)

    def message(self) -> str:
        size = self.app.size
        return t("app.too_small", width=MIN_WIDTH, height=MIN_HEIGHT, now_width=size.width,
                 now_height=size.height)

    def on_resize(self) -> None:
        self.query_one("#too-small", Static).update(self.message())


class TypingGate:
    """Keys and pastes held while the cursor is on its way to a new field, in the order read."""

    def __init__(self, app: "App") -> None:
        self.app = app
        self.held: deque[events.Event] = deque()
        self.waiting_on: Widget | None = None  # the widget that took the key that moves the cursor
        self._since = 0.0
        self._timer = None
        self._replay_asked = False

    @property
    def holding(self) -> bool:
        return self.waiting_on is not None

    def hold_after(self, widget: Widget) -> None:
        from time import monotonic

        self.waiting_on = widget
        self._since = monotonic()
        self._replay_asked = False
        if self._timer is None:
            self._timer = self.app.set_interval(_POLL_S, self._check, name="typing-gate")

    def release(self) -> None:
        """The cursor is where the held keys belong (called by the widget that moved it). The keys
        are handed on from the app's own queue, after whatever it has already read."""
        if self.holding and not self._replay_asked:
            self._replay_asked = True
            self.app.call_later(self._replay)

    def _check(self) -> None:
        from time import monotonic

        if not self.holding:
            return
        moved = self.app.focused is not self.waiting_on
        if moved:
            self.release()
        elif monotonic() - self._since > HOLD_LIMIT_S:
            log.warning("typed keys held %.1f s for %r: handed on where the cursor is",
                        HOLD_LIMIT_S, self.waiting_on)
            self.release()

    def _stop(self) -> None:
        self.waiting_on = None
        self._replay_asked = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    async def _replay(self) -> None:
        self._stop()
        while self.held and not self.holding:
            await self.app.on_event(self.held.popleft())  # type: ignore[arg-type]


def _tab_moves_focus(widget: Widget | None) -> bool:
    return not (isinstance(widget, TextArea) and widget.tab_behavior == "indent")


class OrderedTyping:
    """App mixin: reads keys and pastes through the TypingGate and the minimum-size rule."""

    typing_gate: TypingGate

    @property
    def too_small(self) -> bool:
        size = self.size  # type: ignore[attr-defined]
        return is_too_small(size.width, size.height)

    async def on_event(self, event: events.Event) -> None:
        app: App = self  # type: ignore[assignment]
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if not hasattr(self, "typing_gate"):
                self.typing_gate = TypingGate(app)
            if self.too_small and not (isinstance(event, events.Key) and event.key in _ALWAYS_PASS):
                self.show_too_small()
                return  # a field that cannot be seen never gets text
            gate = self.typing_gate
            if gate.holding:
                gate.held.append(event)
                return
            focused = app.focused
            if isinstance(event, events.Key) and event.key in ("tab", "shift+tab") \
                    and _tab_moves_focus(focused) and not isinstance(app.screen, TooSmallScreen):
                if event.key == "tab":
                    app.screen.focus_next()
                else:
                    app.screen.focus_previous()
                return
            for node in (focused, app.screen):  # the field's own keys, then the screen's
                starts = getattr(node, "holds_typing_after", None)
                if starts is not None and starts(event):
                    gate.hold_after(focused or app.screen)  # type: ignore[arg-type]
                    break
        elif isinstance(event, events.Resize):
            self.call_later(self.check_size)  # type: ignore[attr-defined]
        elif isinstance(event, events.Ready):
            app.screen_change_signal.subscribe(app, lambda _screen: app.call_later(self.check_size))
            self.call_later(self.check_size)  # type: ignore[attr-defined]
        await super().on_event(event)  # type: ignore[misc]

    def check_size(self) -> None:
        """The warning is on top exactly while the window is too small (also when a screen was
        opened above it meanwhile: it comes back on top)."""
        app: App = self  # type: ignore[assignment]
        on_top = isinstance(app.screen, TooSmallScreen)
        if self.too_small and not on_top:
            self.show_too_small()
        elif not self.too_small and on_top:
            app.pop_screen()

    def show_too_small(self) -> None:
        app: App = self  # type: ignore[assignment]
        if not isinstance(app.screen, TooSmallScreen):
            app.push_screen(TooSmallScreen())


def release_typing(widget: Widget) -> None:
    """The cursor has been sent where held keys belong: hand them on (a no-op when none held)."""
    gate = getattr(widget.app, "typing_gate", None)
    if gate is not None:
        gate.release()


def bound_action(widget: Widget, key: str) -> str | None:
    """The action `key` runs on `widget` (its own bindings, as remapped by the user's keymap)."""
    bindings = widget._bindings.key_to_bindings.get(key)  # noqa: SLF001 - Textual keeps them there
    return bindings[0].action if bindings else None


def keep_in_view(widget: Widget) -> None:
    """Scroll the focused field fully into view once the layout it causes is done (a row that
    wraps, a message that appears): typing never goes into a field the user cannot see."""

    def scroll() -> None:
        screen = widget.screen if widget.is_attached else None
        if screen is not None and screen.focused is widget and not screen.can_view_entire(widget):
            widget.scroll_visible(animate=False, immediate=True)

    widget.call_after_refresh(scroll)
