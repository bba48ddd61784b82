"""The goals with their targets (核心目标 / 目标值), edited on the setup screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from perf_tui.i18n import t
from perf_tui.model import Direction, Goal
from perf_tui.scoring import infer_direction
from perf_tui.widgets import quality
from perf_tui.widgets.setup_rows import Column, RowsEditor, field_input, set_quietly
from perf_tui.widgets.textual_words import LocalSelect


class GoalsEditor(RowsEditor):
    COLUMNS = (
        Column("name", "setup.goals.col.name", 0),
        Column("target", "setup.goals.col.target", 10),
        Column("unit", "setup.goals.col.unit", 6),
        Column("direction", "setup.goals.col.direction", 10),
        Column("notes", "setup.goals.col.notes", 16),
    )
    EMPTY_KEY = "setup.goals.empty"

    def __init__(self, record, **kwargs) -> None:
        super().__init__(record, **kwargs)
        # goals whose direction the person chose: a later target no longer re-suggests it
        self._direction_chosen: set[str] = set()

    def rows(self) -> list[Goal]:
        return self.record.goals

    def new_row(self) -> Goal:
        return Goal()

    def is_blank(self, row: Goal) -> bool:
        return not (row.name.strip() or row.target.strip() or row.unit.strip() or row.notes.strip())

    def cell_text(self, row: Goal, column: Column) -> str:
        if column.key == "direction":
            return t(f"setup.goals.dir_short.{row.direction}")
        return super().cell_text(row, column)

    def compose_editor(self) -> ComposeResult:
        with Horizontal(classes="setup-row"):
            yield Label(t("setup.goals.col.name"), classes="setup-label")
            yield field_input("goal-name", "setup.goals.placeholder.name")
            yield Label(t("setup.goals.col.target"), classes="setup-label-inline")
            yield field_input("goal-target", "setup.goals.placeholder.target", classes="setup-w12")
            yield Label(t("setup.goals.col.unit"), classes="setup-label-inline")
            yield field_input("goal-unit", "setup.goals.placeholder.unit", classes="setup-w8")
        with Horizontal(classes="setup-row"):
            yield Label(t("setup.goals.col.direction"), classes="setup-label")
            yield LocalSelect(  # Textual's Select, with its Esc key in the user's language
                [(t(f"direction.{d}"), d.value) for d in Direction],
                value=Direction.HIGHER.value,
                allow_blank=False,
                compact=True,
                id="goal-direction",
                classes="setup-w22",
            )
            yield Label(t("setup.goals.col.notes"), classes="setup-label-inline")
            yield field_input("goal-notes", "setup.goals.placeholder.notes")

    def editor_fields(self) -> list[Widget]:
        return [self.query_one(f"#goal-{name}") for name in ("name", "target", "unit", "direction", "notes")]

    def load_editor(self, row: Goal | None) -> None:
        goal = row or Goal()
        for name in ("name", "target", "unit", "notes"):
            widget = self.query_one(f"#goal-{name}", Input)
            set_quietly(widget, getattr(goal, name))
        self._show_direction(goal)

    def _show_direction(self, goal: Goal) -> None:
        select = self.query_one("#goal-direction", Select)
        with select.prevent(Select.Changed):
            select.value = str(goal.direction) if str(goal.direction) in Direction._value2member_map_ else "higher"

    def apply_field(self, row: Goal, widget: Widget) -> None:
        name = (widget.id or "").removeprefix("goal-")
        if name == "direction":
            row.direction = Direction(widget.value)  # type: ignore[attr-defined]
            self._direction_chosen.add(row.id)
            return
        setattr(row, name, widget.value)  # type: ignore[attr-defined]
        if name == "target":
            self._suggest_direction(row)

    def _suggest_direction(self, goal: Goal) -> None:
        suggested = infer_direction(goal.target)
        if suggested is None or goal.id in self._direction_chosen or goal.direction == suggested:
            return
        goal.direction = suggested
        self._show_direction(goal)

    def after_change(self, row: Goal) -> None:
        suggested = infer_direction(row.target)
        bad_numbers = quality.number_messages(row)
        if bad_numbers:  # "Target: cannot compute a rate from 'abc' ..." in place, before any hint
            self.set_hint(" ".join(bad_numbers))
        elif suggested is Direction.LOWER and row.direction == Direction.LOWER:
            self.set_hint(t("setup.goals.hint.lower"))
        elif suggested is not None and row.direction != suggested:
            self.set_hint(t("setup.goals.hint.mismatch", direction=t(f"direction.{suggested}")))
        else:
            self.set_hint("")
