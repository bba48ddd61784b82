"""A small yes/no question. Dismisses with True (yes) or False (no)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from perf_tui.bindings import Translated
from perf_tui.i18n import t
from perf_tui.widgets.quiet import QuietFooter


class ConfirmScreen(Translated, ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "app.keys.yes", tooltip="app.keys.yes.tip", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "app.keys.no", tooltip="app.keys.no.tip", id="confirm_no"),
    ]

    def __init__(self, question: str, title: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.title_text = title or t("app.confirm.title")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-body", markup=False)
            yield Static(f"[b]y[/b] {t('app.keys.yes')}    [b]n[/b] {t('app.keys.no')}", classes="dialog-keys")
        yield QuietFooter()  # its palette key stays whole in a narrow terminal

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
