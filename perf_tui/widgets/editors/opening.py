"""Opening (开场): who and why, the agenda to state, something positive and specific to start with.

Nothing to fill in here beyond the notes: the editor is the supervisor's crib sheet, built from the
preparation (basic information, key events, checklist).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from perf_tui.agenda import split_timeboxes, whole_minutes_summing
from perf_tui.i18n import t
from perf_tui.model import CHECKLIST_ITEMS, STAGES, Polarity, Stage
from perf_tui.widgets.editors.base import StageEditor
from perf_tui.widgets.wrap import HangingList


def person_text(name: str, position: str) -> str:
    if not name:
        return "–"
    return t("meeting.opening.person", name=name, position=position) if position else name


class OpeningEditor(StageEditor):
    stage = Stage.OPENING

    def compose(self) -> ComposeResult:
        yield Static("", id="opening-who", markup=False)
        yield Static("", id="opening-agenda-title", classes="section", markup=False)
        yield HangingList(id="opening-agenda")
        yield Static(t("meeting.opening.positive"), classes="section", markup=False)
        yield HangingList(id="opening-positive")
        yield Static("", id="opening-checklist-title", classes="section", markup=False)
        yield HangingList(id="opening-checklist")

    def on_mount(self) -> None:
        self.refresh_derived()

    def refresh_derived(self) -> None:
        record = self.record
        kind = t(f"type.{record.interview_type}")
        if record.interview_type_other:
            kind = f"{kind}: {record.interview_type_other}"
        who = [
            t("meeting.opening.line", label=t("meeting.opening.employee"),
              value=person_text(record.employee.name, record.employee.position)),
            t("meeting.opening.line", label=t("meeting.opening.supervisor"),
              value=person_text(record.supervisor.name, record.supervisor.position)),
            t("meeting.opening.line", label=t("meeting.opening.period"),
              value=f"{record.period or '–'} · {kind} · {t(f'level.{record.role_level}')}"),
        ]
        self.query_one("#opening-who", Static).update("\n".join(who))
        self.query_one("#opening-agenda-title", Static).update(
            t("meeting.opening.agenda", minutes=self.record.planned_minutes))
        self.query_one("#opening-agenda", HangingList).set_items([("  ", self._agenda_text())])
        self.query_one("#opening-positive", HangingList).set_items(self._positive_items())
        done = sum(1 for item in CHECKLIST_ITEMS if self.record.checklist.get(item))
        self.query_one("#opening-checklist-title", Static).update(
            t("meeting.opening.checklist", done=done, total=len(CHECKLIST_ITEMS)))
        self.query_one("#opening-checklist", HangingList).set_items(
            [("- ", t(f"checklist.{item}")) for item in CHECKLIST_ITEMS if not self.record.checklist.get(item)])

    def _agenda_text(self) -> str:
        try:
            boxes = split_timeboxes(self.record.planned_minutes, self.app.config.stage_weights)  # type: ignore[attr-defined]
        except ValueError:
            boxes = {}
        minutes = whole_minutes_summing([boxes.get(s, 0) for s in STAGES])  # they add up to the length
        parts = [t("meeting.opening.agenda_item", stage=t(f"meeting.stage_short.{s}"), minutes=m)
                 for s, m in zip(STAGES, minutes)]
        return " · ".join(parts)

    def _positive_items(self) -> list[tuple[str, str]]:
        facts = [e.fact for e in self.record.key_events if e.polarity == Polarity.POSITIVE and e.fact]
        facts += [a.title for a in self.record.achievements if a.title]
        return [("+ ", fact) for fact in facts[:3]] or [("  ", t("meeting.opening.no_positive"))]
