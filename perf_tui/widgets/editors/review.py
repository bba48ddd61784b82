"""Performance review (绩效回顾): the goals table, achievements with their cases, key events.

The goals table is the form's table (一), one editable line per goal plus its notes:
    Goal               Target  Actual   ±   Rate    Grade
    Complaint rate     ≤5%     8%       ↓   62.5%   C
The rate is computed the right way round for the goal's direction (scoring.achievement_rate) and
the suggested grade follows live; a/b/c/d on the grade overrides it ("C*"), Delete returns to the
suggestion. Typing a target like "≤5%" switches the direction to "lower is better".
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from perf_tui.i18n import t
from perf_tui.model import Achievement, Goal, Polarity, Source, Stage
from perf_tui.scoring import achievement_rate, format_rate, infer_direction
from perf_tui.widgets.editors.base import StageEditor
from perf_tui.widgets.fields import (BoundInput, CheckedCard, ChoiceToggle, Edited, FindingsView, GradeField,
                                     RowList, field_label)
from perf_tui.widgets.quality import fact_findings, goal_number_findings
from perf_tui.widgets.wrap import HangingList
from perf_tui.widgets.quiet import update_if_changed

DIRECTIONS = (("higher", "meeting.goal.higher_short"), ("lower", "meeting.goal.lower_short"))
SOURCES = (("supervisor", "source.supervisor"), ("employee", "source.employee"))


class GoalRow(Vertical):
    """One goal: an editable line of the table and its notes."""

    def __init__(self, goal: Goal, thresholds) -> None:
        super().__init__(classes="goal-row")
        self.goal = goal
        self.target = BoundInput(goal, "target", placeholder="meeting.goal.target",
                                 hint="meeting.hint.goal_target", classes="goal-target")
        self.direction = ChoiceToggle(goal, "direction", DIRECTIONS, hint="meeting.hint.direction",
                                      classes="goal-direction")
        self.rate = Static("", classes="goal-rate", markup=False)
        self.grade = GradeField(goal, thresholds)
        self.number_findings = FindingsView(classes="goal-findings")  # a target/actual that is no number

    def compose(self) -> ComposeResult:
        with Horizontal(classes="goal-line"):
            yield BoundInput(self.goal, "name", placeholder="meeting.goal.name",
                             hint="meeting.hint.goal_name", classes="goal-name")
            yield self.target
            yield BoundInput(self.goal, "actual", placeholder="meeting.goal.actual",
                             hint="meeting.hint.goal_actual", classes="goal-actual")
            yield self.direction
            yield self.rate
            yield self.grade
        with Horizontal(classes="field-row goal-notes"):
            yield field_label("meeting.goal.notes")
            yield BoundInput(self.goal, "notes", placeholder="meeting.goal.notes_placeholder",
                             hint="meeting.hint.goal_notes")
        yield self.number_findings

    def on_mount(self) -> None:
        self.refresh_derived()

    def on_edited(self, message: Edited) -> None:
        if message.source is self.target:
            suggested = infer_direction(self.goal.target)
            if suggested is not None:
                self.direction.set_value(str(suggested))
        self.refresh_derived()

    def refresh_derived(self) -> None:
        self.rate_text = format_rate(achievement_rate(self.goal)) or "–"
        update_if_changed(self.rate, self.rate_text)
        self.grade.refresh()
        self.number_findings.show(goal_number_findings(self.goal))


class AchievementRow(CheckedCard):
    """An achievement or strength with its concrete case (facts, not adjectives)."""

    label_key = "meeting.achievement.label"

    def __init__(self, achievement: Achievement) -> None:
        self.achievement = achievement
        super().__init__(classes="achievement-row")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield self.number
            yield BoundInput(self.achievement, "title", placeholder="meeting.achievement.title",
                             hint="meeting.hint.achievement_title")
            yield ChoiceToggle(self.achievement, "source", SOURCES, hint="meeting.hint.source",
                               classes="achievement-source")
        with Horizontal(classes="field-row"):
            yield field_label("meeting.achievement.case")
            yield BoundInput(self.achievement, "case", placeholder="meeting.achievement.case_placeholder",
                             hint="meeting.hint.achievement_case")
        yield self.findings

    def findings_now(self) -> list:
        return fact_findings(self.achievement.case or self.achievement.title)


class GoalHeader(Horizontal):
    def compose(self) -> ComposeResult:
        for key, classes in (("meeting.goal.col_name", "goal-name"), ("meeting.goal.col_target", "goal-target"),
                             ("meeting.goal.col_actual", "goal-actual"), ("meeting.goal.col_dir", "goal-direction"),
                             ("meeting.goal.col_rate", "goal-rate"), ("meeting.goal.col_grade", "goal-grade")):
            yield Label(t(key), classes=f"goal-col {classes}", markup=False)


class ReviewEditor(StageEditor):
    stage = Stage.REVIEW

    def compose(self) -> ComposeResult:
        yield Label(t("meeting.review.goals"), classes="section-title", markup=False)
        yield GoalHeader(classes="goal-header")
        yield RowList(self.record.goals, new_item=Goal, make_row=lambda g: GoalRow(g, self.thresholds),
                      add_key="meeting.goal.add", kind="goal", id="goal-list")
        yield Label(t("meeting.review.key_events"), classes="section-title", markup=False)
        yield HangingList(self._key_events(), id="key-events")
        yield Label(t("meeting.review.achievements"), classes="section-title", markup=False)
        yield RowList(self.record.achievements, new_item=lambda: Achievement(source=Source.SUPERVISOR),
                      make_row=AchievementRow, add_key="meeting.achievement.add", kind="achievement",
                      id="achievement-list")

    def on_mount(self) -> None:
        for row_list in self.query(RowList):
            row_list.renumber()

    def _key_events(self) -> list[tuple[str, str]]:
        events = [e for e in self.record.key_events if e.fact.strip()]
        if not events:
            return [("", t("meeting.review.no_key_events"))]
        return [(f"{'+' if e.polarity == Polarity.POSITIVE else '−'} {e.date or '–'} ", e.fact) for e in events]

    def refresh_derived(self) -> None:
        if self.is_mounted:
            self.query_one("#key-events", HangingList).set_items(self._key_events())
            for row in self.query(GoalRow):
                row.refresh_derived()
