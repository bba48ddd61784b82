"""Action planning (制定改进措施): SMART actions with steps, owner, deadline, support and checkpoints.

Each action is checked against SMART as it is written (checks.smart) and the findings are shown
under it, as written, without blocking anything. Deadlines and checkpoint dates are read from what
is typed ("20 Oct", "10月20日", "next friday"); text that is not understood stays as typed, with a
message beside it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from perf_tui.i18n import t
from perf_tui.model import Action, Checkpoint, Record, Stage
from perf_tui.widgets.editors.base import StageEditor
from perf_tui.widgets.fields import (BoundInput, CheckedCard, DateField, Edited, RowList, field_label,
                                     text_item_list)
from perf_tui.widgets.quality import smart_findings


class CheckpointRow(Vertical):
    def __init__(self, checkpoint: Checkpoint) -> None:
        super().__init__(classes="checkpoint-row")
        self.checkpoint = checkpoint
        self.date_field = DateField("meeting.checkpoint.date", checkpoint, "date", "date_text",
                                    hint="meeting.hint.checkpoint_date")

    def compose(self) -> ComposeResult:
        yield self.date_field
        with Horizontal(classes="field-row"):
            yield field_label("meeting.checkpoint.what")
            yield BoundInput(self.checkpoint, "description", placeholder="meeting.checkpoint.placeholder",
                             hint="meeting.hint.checkpoint_what")


class LinkList(SelectionList[str]):
    """The goals and problems an action addresses (space ticks one)."""

    lockable = True

    def __init__(self, action: Action, record: Record) -> None:
        super().__init__(compact=True, classes="link-list")
        self.action = action
        self.record = record
        self.hint_key = "meeting.hint.links"
        self._rebuilding = False

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Options from the record's current goals and problems (they may change in other stages)."""
        self._rebuilding = True
        try:
            self.clear_options()
            options = [Selection(t("meeting.action.link_goal", name=g.name or t("meeting.unnamed")), g.id,
                                 g.id in self.action.links) for g in self.record.goals]
            options += [Selection(t("meeting.action.link_problem", name=p.description or t("meeting.unnamed")),
                                  p.id, p.id in self.action.links) for p in self.record.problems]
            if not options:  # say why there is nothing to tick (the list still takes the cursor)
                options = [Selection(t("meeting.action.links_none"), "", False, disabled=True)]
            self.add_options(options)
        finally:
            self._rebuilding = False

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        if self._rebuilding:
            return
        selected = list(self.selected)
        if selected != self.action.links:
            self.action.links = selected
            self.post_message(Edited(self))


class ActionCard(CheckedCard):
    label_key = "meeting.action.label"

    def __init__(self, action: Action, record: Record) -> None:
        self.action = action
        self.record = record
        super().__init__(classes="action-card card")

    def compose(self) -> ComposeResult:
        action = self.action
        with Horizontal(classes="field-row card-head"):
            yield self.number
            yield BoundInput(action, "measure", placeholder="meeting.action.placeholder",
                             hint="meeting.hint.measure")
        yield text_item_list(action.steps, label_key="meeting.step.label", add_key="meeting.step.add",
                             kind="step", placeholder="meeting.step.placeholder", hint="meeting.hint.step",
                             classes="step-list")
        with Horizontal(classes="field-row"):
            yield field_label("meeting.action.owner")
            yield BoundInput(action, "owner", placeholder="meeting.action.owner_placeholder",
                             hint="meeting.hint.owner")
        yield DateField("meeting.action.deadline", action, "deadline", "deadline_text",
                        hint="meeting.hint.deadline")
        with Horizontal(classes="field-row"):
            yield field_label("meeting.action.support")
            yield BoundInput(action, "support", placeholder="meeting.action.support_placeholder",
                             hint="meeting.hint.support")
        with Horizontal(classes="field-row link-row"):
            yield field_label("meeting.action.links")
            yield LinkList(action, self.record)
        yield Label(t("meeting.action.checkpoints"), classes="subsection-title", markup=False)
        yield RowList(action.checkpoints, new_item=Checkpoint, make_row=CheckpointRow,
                      add_key="meeting.checkpoint.add", kind="checkpoint", classes="checkpoint-list")
        yield self.findings

    def findings_now(self) -> list:
        today = self.app.clock().date()  # type: ignore[attr-defined]
        return smart_findings(self.action, today, self.record)


class ActionPlanningEditor(StageEditor):
    stage = Stage.ACTION_PLANNING

    def compose(self) -> ComposeResult:
        yield RowList(self.record.actions, new_item=Action,
                      make_row=lambda action: ActionCard(action, self.record),
                      add_key="meeting.action.add", kind="action", id="action-list")

    def on_mount(self) -> None:
        self.query_one("#action-list", RowList).renumber()

    def refresh_derived(self) -> None:
        for links in self.query(LinkList):
            links.rebuild()
