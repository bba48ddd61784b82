"""Root cause (深入沟通/问题根源): problems, each with a 5-Why chain and both views of the cause.

Listen, ask, guide: the employee's view first, then the supervisor's. The 5-Why check and the
"facts, not blame" check run as the text is written and show their findings under the problem.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from perf_tui.model import Problem, Stage
from perf_tui.widgets.editors.base import StageEditor
from perf_tui.widgets.fields import (BoundInput, CheckedCard, RowList, field_label,
                                     text_item_list)
from perf_tui.widgets.quality import fact_findings, why_findings


def new_problem() -> Problem:
    return Problem(whys=[""])  # the first why is there to be typed into


class ProblemCard(CheckedCard):
    label_key = "meeting.problem.label"

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(classes="problem-card card")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row card-head"):
            yield self.number
            yield BoundInput(self.problem, "description", placeholder="meeting.problem.placeholder",
                             hint="meeting.hint.problem")
        yield text_item_list(self.problem.whys, label_key="meeting.why.label", add_key="meeting.why.add",
                             kind="why", placeholder="meeting.why.placeholder", hint="meeting.hint.why",
                             classes="why-list")
        with Horizontal(classes="field-row"):
            yield field_label("meeting.problem.employee_view")
            yield BoundInput(self.problem, "employee_view", placeholder="meeting.problem.employee_placeholder",
                             hint="meeting.hint.employee_view")
        with Horizontal(classes="field-row"):
            yield field_label("meeting.problem.supervisor_view")
            yield BoundInput(self.problem, "supervisor_view",
                             placeholder="meeting.problem.supervisor_placeholder",
                             hint="meeting.hint.supervisor_view")
        yield self.findings

    def findings_now(self) -> list:
        return [*fact_findings(self.problem.description, require_fact=False), *why_findings(self.problem)]


class RootCauseEditor(StageEditor):
    stage = Stage.ROOT_CAUSE

    def compose(self) -> ComposeResult:
        yield RowList(self.record.problems, new_item=new_problem, make_row=ProblemCard,
                      add_key="meeting.problem.add", kind="problem", id="problem-list")

    def on_mount(self) -> None:
        self.query_one("#problem-list", RowList).renumber()
