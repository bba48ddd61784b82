"""The agenda sidebar: five stages with their timebox, elapsed time and state, and the meeting's clock.

It only displays an `agenda.AgendaView`; the meeting screen asks the MeetingClock for a fresh view
once a second (and after every key that moves the clock) and calls `show(view)`.

One line per stage, so that it fits an 80x24 terminal beside the editor:
    ▶ Review     03:21/12:00↓
marker (✓ done, ▶ current, · pending), short stage name, elapsed/box; "↓" marks a box shrunk by
rebalancing (another stage ran over), "↑" one that grew (by 30 s or more). Each line carries the state as a CSS
class (-pending, -active, -warning, -over, -done): warning at 80% of the box, error when over.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from perf_tui.agenda import AgendaView, StageView, format_duration
from perf_tui.i18n import t
from perf_tui.model import STAGES
from perf_tui.text import pad, truncate
from perf_tui.widgets.quiet import update_if_changed

NAME_CELLS = 10
STATES = ("pending", "active", "warning", "over", "done")
REBALANCE_MARK_S = 30


def stage_line(view: StageView, number: int) -> str:
    marker = "✓" if view.state == "done" else "▶" if view.is_current else "·"
    name = pad(truncate(f"{number} {t(f'meeting.stage_short.{view.stage}')}", NAME_CELLS), NAME_CELLS)
    box = format_duration(view.planned_s)
    return f"{marker} {name} {format_duration(view.elapsed_s)}/{box}{box_change(view)}"


def box_change(view: StageView) -> str:
    """"↓" when rebalancing shrank the box (another stage ran over), "↑" when it grew; changes
    under REBALANCE_MARK_S are noise (a stage that ended a few seconds early) and not marked."""
    if view.state == "done":
        return " "
    change = view.planned_s - view.original_s
    if change <= -REBALANCE_MARK_S:
        return "↓"
    if change >= REBALANCE_MARK_S:
        return "↑"
    return " "


def total_lines(view: AgendaView) -> list[str]:
    """The meeting's clock: used/planned, then what is left or by how much it will run over."""
    lines = [f"{pad(truncate(t('meeting.agenda.total'), NAME_CELLS + 2), NAME_CELLS + 2)} "
             f"{format_duration(view.elapsed_s)}/{format_duration(view.planned_s)}"]
    if view.finished:
        lines.append(t("meeting.agenda.finished"))
    elif view.paused:
        lines.append(t("meeting.agenda.paused"))
    elif not view.started:
        lines.append(t("meeting.agenda.not_started"))
    if view.overrun_s > 0:
        lines.append(t("meeting.agenda.overrun", duration=format_duration(view.overrun_s)))
    elif view.started and not view.finished:
        lines.append(t("meeting.agenda.left", duration=format_duration(max(0, view.remaining_s))))
    if view.started and not view.finished:
        lines.append(current_stage_line(view))
    return lines


def current_stage_line(view: AgendaView) -> str:
    """What is left of the current stage's box, or by how much it is over."""
    current = view.stage(view.current_stage)
    if current.remaining_s < 0 or current.elapsed_s > current.planned_s:
        over = max(-current.remaining_s, current.elapsed_s - current.planned_s)
        return t("meeting.agenda.stage_over", duration=format_duration(over))
    return t("meeting.agenda.stage_left", duration=format_duration(current.remaining_s))


class AgendaPanel(Vertical):
    """Stage lines (with state classes) and the meeting's totals."""

    DEFAULT_CSS = """
    AgendaPanel { height: auto; }
    AgendaPanel > .agenda-stage { height: 1; }
    AgendaPanel > #agenda-total { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: AgendaView | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("meeting.agenda.title"), classes="panel-title", markup=False)
        for stage in STAGES:
            yield Static("", id=f"agenda-{stage}", classes="agenda-stage -pending", markup=False)
        yield Static("", id="agenda-total", markup=False)

    def show(self, view: AgendaView) -> None:
        self.view = view
        for number, stage_view in enumerate(view.stages, start=1):
            line = self.query_one(f"#agenda-{stage_view.stage}", Static)
            update_if_changed(line, stage_line(stage_view, number))
            for state in STATES:
                line.set_class(stage_view.state == state, f"-{state}")
            line.set_class(stage_view.is_current, "-current")
        total = self.query_one("#agenda-total", Static)
        update_if_changed(total, "\n".join(total_lines(view)))
        total.set_class(view.overrun_s > 0, "-overrun")
        total.set_class(view.paused, "-paused")

    def stage_state(self, stage: str) -> str:
        """The state shown for `stage` (tests and the screen read it)."""
        line = self.query_one(f"#agenda-{stage}", Static)
        return next((s for s in STATES if line.has_class(f"-{s}")), "pending")
