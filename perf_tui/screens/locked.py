"""Told when a session is already open in another copy of the app: open read-only, or cancel.

Dismisses with True (read-only) or False (cancel). The store's SessionLocked error says who holds
the lock; this screen reads pid, host and since from it (missing ones show as "?").
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from perf_tui.bindings import Translated
from perf_tui.formatting import format_moment
from perf_tui.i18n import t


def lock_owner(exc: BaseException) -> dict[str, str]:
    """pid, host and since of the lock holder, from the error or its `owner`/`info` attribute."""
    sources = [exc, getattr(exc, "owner", None), getattr(exc, "info", None)]
    out = {}
    for name in ("pid", "host", "since"):
        value = None
        for source in sources:
            if source is None:
                continue
            value = source.get(name) if isinstance(source, dict) else getattr(source, name, None)
            if value not in (None, ""):
                break
        out[name] = str(value) if value not in (None, "") else "?"
    return out


class LockedScreen(Translated, ModalScreen[bool]):
    BINDINGS = [
        Binding("r,enter", "choose(True)", "app.keys.read_only", tooltip="app.keys.read_only.tip", id="locked_read_only"),
        Binding("escape,n", "choose(False)", "app.keys.no", tooltip="app.keys.no.tip", id="locked_cancel"),
    ]

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.owner = lock_owner(error)
        if self.owner["since"] != "?":
            self.owner["since"] = format_moment(self.owner["since"])  # the local time, as people write it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("app.locked.title"), classes="dialog-title")
            yield Static(t("app.locked.body", **self.owner), classes="dialog-body", markup=False)
            yield Static(t("app.locked.hint"), classes="dialog-body", markup=False)
            yield Static(
                f"[b]r[/b] {t('app.keys.read_only')}    [b]Esc[/b] {t('app.keys.no')}", classes="dialog-keys"
            )
        yield Footer()

    def action_choose(self, read_only: bool) -> None:
        self.dismiss(read_only)
