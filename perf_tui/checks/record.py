"""Every finding of a record, by stage: what `perf-tui check ID` prints and what the confirmation
stage lists as still open before signing.

record_findings(record, today) walks the record in the order the form is read:
    setup            key events (facts, not judgments)
    review           goals (a target/actual that is no number), achievements (facts)
    root_cause       problems (facts) and their 5-Why chains
    action_planning  actions (SMART, links, checkpoints)
Each RecordFinding names its stage, its item ("action", 2) and the Finding itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from perf_tui.checks import Finding
from perf_tui.checks.facts import check_fact
from perf_tui.checks.numbers import check_goal_numbers
from perf_tui.checks.smart import check_action
from perf_tui.checks.whys import check_why_chain
from perf_tui.i18n import t
from perf_tui.model import Record, Stage

SETUP = "setup"
STAGE_ORDER = (SETUP, str(Stage.REVIEW), str(Stage.ROOT_CAUSE), str(Stage.ACTION_PLANNING))


@dataclass(frozen=True)
class RecordFinding:
    stage: str  # "setup" or a Stage value
    kind: str  # key_event, goal, achievement, problem, action
    position: int  # 1-based, as numbered on screen
    finding: Finding

    @property
    def item(self) -> str:
        """Stable for scripts: "action 2"."""
        return f"{self.kind} {self.position}"

    def item_label(self, lang: str | None = None) -> str:
        return t(f"checks.record.item.{self.kind}", lang, n=self.position)

    def stage_label(self, lang: str | None = None) -> str:
        return t("checks.record.stage.setup", lang) if self.stage == SETUP else t(f"stage.{self.stage}", lang)

    def to_json(self, lang: str | None = None) -> dict[str, str]:
        return {"stage": self.stage, "item": self.item, "code": self.finding.code,
                "severity": self.finding.severity, "message": self.finding.message(lang)}


def _safe(check, *args, **kwargs) -> list[Finding]:
    # A check that fails on odd text must not hide the other findings; its own tests catch the bug.
    try:
        return list(check(*args, **kwargs))
    except Exception:  # noqa: BLE001
        return []


def record_findings(record: Record, today: date, *, warnings_only: bool = False) -> list[RecordFinding]:
    lang = record.lang if record.lang in ("en", "zh") else "en"
    out: list[RecordFinding] = []

    def add(stage: str, kind: str, position: int, findings: list[Finding]) -> None:
        out.extend(RecordFinding(stage, kind, position, f) for f in findings
                   if not warnings_only or f.severity == "warn")

    for n, event in enumerate(record.key_events, 1):
        if event.fact.strip():
            add(SETUP, "key_event", n, _safe(check_fact, event.fact, lang))
    for n, goal in enumerate(record.goals, 1):
        add(str(Stage.REVIEW), "goal", n, _safe(check_goal_numbers, goal))
    for n, achievement in enumerate(record.achievements, 1):
        text = " ".join(part for part in (achievement.title.strip(), achievement.case.strip()) if part)
        if text:
            add(str(Stage.REVIEW), "achievement", n, _safe(check_fact, text, lang))
    for n, problem in enumerate(record.problems, 1):
        add(str(Stage.ROOT_CAUSE), "problem", n,
            _safe(check_fact, problem.description, lang, require_fact=False) + _safe(check_why_chain, problem))
    for n, action in enumerate(record.actions, 1):
        add(str(Stage.ACTION_PLANNING), "action", n, _safe(check_action, action, today, record=record, lang=lang))
    return out
