"""Concrete positive and negative events gathered before the meeting (facts, not adjectives)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from perf_tui import dates
from perf_tui.i18n import current_language, t
from perf_tui.model import KeyEvent, Polarity
from perf_tui.widgets import quality
from perf_tui.widgets.setup_rows import Column, RowsEditor, field_input, set_quietly
from perf_tui.widgets.textual_words import LocalSelect

def past_date(text: str, today: date, lang: str, period: tuple[date, date] | None = None) -> date | None:
    """An event's date: a day without a year is the one nearest the interview period ("7月1日" in a
    2025 H1 interview is 2025-07-01); without a period, the latest on or before today."""
    return dates.parse_event_date(text, today, lang, period)


def record_period(record) -> tuple[date, date] | None:
    first, last = dates.parse_iso_date(record.period_start), dates.parse_iso_date(record.period_end)
    return (first, last) if first and last else None


def fact_findings(text: str, lang: str) -> list[str]:
    """Messages of the facts-not-adjectives check, formatted for the language (a raw date would
    show as 2024-10-20)."""
    return [finding.message(lang) for finding in quality.fact_findings(text, lang)]


class EventsEditor(RowsEditor):
    COLUMNS = (
        Column("date", "setup.events.col.date", 12),
        Column("polarity", "setup.events.col.polarity", 8),
        Column("fact", "setup.events.col.fact", 0),
    )
    EMPTY_KEY = "setup.events.empty"

    def __init__(self, record, *, today: date, **kwargs) -> None:
        super().__init__(record, **kwargs)
        self.today = today
        self._bad_date: set[str] = set()

    def on_mount(self) -> None:
        # Facts are checked as they are typed: read the checks' lexicons now, in a thread.
        quality.warm_up_checks()

    def rows(self) -> list[KeyEvent]:
        return self.record.key_events

    def new_row(self) -> KeyEvent:
        return KeyEvent()

    def is_blank(self, row: KeyEvent) -> bool:
        return not (row.date.strip() or row.fact.strip())

    def cell_text(self, row: KeyEvent, column: Column) -> str:
        if column.key == "polarity":
            return t(f"setup.events.sign.{row.polarity}")
        return super().cell_text(row, column)

    def compose_editor(self) -> ComposeResult:
        with Horizontal(classes="setup-row"):
            yield Label(t("setup.events.col.date"), classes="setup-label")
            yield field_input("event-date", "setup.events.placeholder.date", classes="setup-w12")
            yield LocalSelect(  # Textual's Select, with its Esc key in the user's language
                [(t(f"polarity.{p}"), p.value) for p in Polarity],
                value=Polarity.POSITIVE.value,
                allow_blank=False,
                compact=True,
                id="event-polarity",
                classes="setup-w14",
            )
            yield field_input("event-fact", "setup.events.placeholder.fact")

    def editor_fields(self) -> list[Widget]:
        return [self.query_one(f"#event-{name}") for name in ("date", "polarity", "fact")]

    def load_editor(self, row: KeyEvent | None) -> None:
        event = row or KeyEvent()
        for name in ("date", "fact"):
            widget = self.query_one(f"#event-{name}", Input)
            set_quietly(widget, getattr(event, name))
        select = self.query_one("#event-polarity", Select)
        with select.prevent(Select.Changed):
            select.value = str(event.polarity) if str(event.polarity) in Polarity._value2member_map_ else "positive"

    def apply_field(self, row: KeyEvent, widget: Widget) -> None:
        name = (widget.id or "").removeprefix("event-")
        value = widget.value  # type: ignore[attr-defined]
        if name == "polarity":
            row.polarity = Polarity(value)
        elif name == "date":
            parsed = past_date(value, self.today, current_language(), record_period(self.record))
            # stored as ISO when understood, else as typed so that nothing typed is lost
            row.date = parsed.isoformat() if parsed else value
            self._bad_date.discard(row.id)
            if value.strip() and parsed is None:
                self._bad_date.add(row.id)
        else:
            row.fact = value

    def after_change(self, row: KeyEvent) -> None:
        messages = []
        if row.id in self._bad_date:
            messages.append(t("setup.invalid.date"))
        if row.fact.strip():
            messages.extend(fact_findings(row.fact, current_language()))
        self.set_hint(" ".join(messages) or t("setup.events.hint"))
