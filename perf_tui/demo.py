"""A filled sample interview built from the form's own examples (RECORD.md), in English or Chinese.

`build_demo_record(lang, now)` returns a Record (not stored; the caller saves it). Its texts live
in locales/<lang>/demo.json. Every date is placed relative to `now` so the sample always looks
current, keeping the form's story: the interview reviews the quarter before `now`; the market
research report was due at the quarter's end and delivered 10 days late (or the day before the
meeting, if that is sooner); the sample action is due 12 days after the meeting (8 -> 20 Oct in
the form) and reviewed 28 days after it (-> 5 Nov). With now = 8 Oct 2024 the period is 2024 Q3,
exactly as in the form.

The interview is in progress: four stages done, the clock paused at the confirmation stage,
summary and comments written, agreement not yet asked and nobody signed, so the user can finish
it.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from perf_tui.clock import iso
from perf_tui.dates import format_date
from perf_tui.i18n import t
from perf_tui.model import (
    CHECKLIST_ITEMS,
    Achievement,
    Action,
    Checkpoint,
    Confirmation,
    Direction,
    Goal,
    InterviewType,
    KeyEvent,
    Person,
    Polarity,
    Problem,
    Record,
    RoleLevel,
    Source,
    Stage,
    Status,
    Timing,
)

# Seconds spent per stage so far: a 60-minute interview running a little long in review.
DEMO_ELAPSED = {
    Stage.OPENING: 290.0,
    Stage.REVIEW: 1260.0,
    Stage.ROOT_CAUSE: 1030.0,
    Stage.ACTION_PLANNING: 655.0,
    Stage.CONFIRMATION: 95.0,
}


def _previous_quarter(day: date) -> tuple[int, int]:
    quarter = (day.month - 1) // 3 + 1
    return (day.year, quarter - 1) if quarter > 1 else (day.year - 1, 4)


def _quarter_span(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    return first, date(year, last_month, calendar.monthrange(year, last_month)[1])


class _Texts:
    """demo.* messages in one language, with the story's dates filled in."""

    def __init__(self, lang: str, **dates: str) -> None:
        self.lang, self.dates = lang, dates

    def __call__(self, key: str) -> str:
        return t(f"demo.{key}", self.lang, **self.dates)


def _goals(say: _Texts) -> list[Goal]:
    def goal(key: str, direction: Direction = Direction.HIGHER, grade_override: str = "") -> Goal:
        return Goal(name=say(f"goal.{key}.name"), target=say(f"goal.{key}.target"), actual=say(f"goal.{key}.actual"),
                    direction=direction, grade_override=grade_override, notes=say(f"goal.{key}.notes"))

    return [
        goal("project"),
        goal("complaints", Direction.LOWER),
        goal("satisfaction"),
        # A deadline goal has no number to compute; the supervisor grades it by hand.
        goal("report", grade_override="C"),
    ]


def _problems(say: _Texts) -> list[Problem]:
    def problem(key: str, whys: int) -> Problem:
        return Problem(description=say(f"problem.{key}.description"),
                       whys=[say(f"problem.{key}.why{i}") for i in range(1, whys + 1)],
                       employee_view=say(f"problem.{key}.employee"), supervisor_view=say(f"problem.{key}.supervisor"))

    return [problem("complaints", 3), problem("report", 4)]


def _actions(say: _Texts, employee: str, meeting: date, problems: list[Problem]) -> list[Action]:
    samples = Action(
        measure=say("action.samples.measure"),
        steps=[say(f"action.samples.step{i}") for i in (1, 2, 3)],
        owner=employee,
        deadline=(meeting + timedelta(days=12)).isoformat(),
        support=say("action.samples.support"),
        links=[problems[1].id],
        checkpoints=[
            Checkpoint(date=(meeting + timedelta(days=6)).isoformat(), description=say("action.samples.checkpoint1")),
            Checkpoint(date=(meeting + timedelta(days=28)).isoformat(), description=say("action.samples.checkpoint2")),
        ],
    )
    escalation = Action(
        measure=say("action.escalation.measure"),
        steps=[say(f"action.escalation.step{i}") for i in (1, 2, 3)],
        owner=employee,
        deadline=(meeting + timedelta(days=23)).isoformat(),
        support=say("action.escalation.support"),
        links=[problems[0].id],
        checkpoints=[
            Checkpoint(date=(meeting + timedelta(days=14)).isoformat(), description=say("action.escalation.checkpoint1")),
        ],
    )
    return [samples, escalation]


def _key_events(say: _Texts, start: date, due: date, delivered: date) -> list[KeyEvent]:
    return [
        KeyEvent(date=(start + timedelta(days=20)).isoformat(), polarity=Polarity.POSITIVE, fact=say("event.spec")),
        KeyEvent(date=(start + timedelta(days=55)).isoformat(), polarity=Polarity.POSITIVE, fact=say("event.live")),
        KeyEvent(date=(start + timedelta(days=70)).isoformat(), polarity=Polarity.NEGATIVE, fact=say("event.complaint")),
        KeyEvent(date=delivered.isoformat(), polarity=Polarity.NEGATIVE, fact=say("event.report")),
    ]


def _achievements(say: _Texts) -> list[Achievement]:
    return [
        Achievement(title=say("achievement.coordination.title"), case=say("achievement.coordination.case"),
                    source=Source.SUPERVISOR),
        Achievement(title=say("achievement.process.title"), case=say("achievement.process.case"),
                    source=Source.EMPLOYEE),
        Achievement(title=say("achievement.satisfaction.title"), case=say("achievement.satisfaction.case"),
                    source=Source.SUPERVISOR),
    ]


def _timing(now: datetime) -> Timing:
    spent = sum(DEMO_ELAPSED.values())
    return Timing(
        started_at=iso(now - timedelta(seconds=spent)),
        current_stage=Stage.CONFIRMATION,
        running_since="",
        paused=True,  # paused, so time between creating and opening the demo does not count
        elapsed={str(stage): seconds for stage, seconds in DEMO_ELAPSED.items()},
    )


def build_demo_record(lang: str, now: datetime) -> Record:
    """A realistic, filled, unsigned interview in `lang` ("en" or "zh"), dated around `now`."""
    lang = "zh" if lang == "zh" else "en"
    meeting = now.date()
    year, quarter = _previous_quarter(meeting)
    period_start, period_end = _quarter_span(year, quarter)
    delivered = min(period_end + timedelta(days=10), meeting - timedelta(days=1))
    deadline = meeting + timedelta(days=12)
    say = _Texts(lang, due=format_date(period_end, lang), delivered=format_date(delivered, lang),
                 deadline=format_date(deadline, lang))
    employee = Person(say("employee.name"), say("employee.position"))
    goals, problems = _goals(say), _problems(say)
    start = now - timedelta(seconds=sum(DEMO_ELAPSED.values()))
    period = f"{year}年Q{quarter}" if lang == "zh" else f"{year} Q{quarter}"
    return Record(
        created_at=iso(start - timedelta(days=2)),
        updated_at=iso(now),
        status=Status.IN_PROGRESS,
        lang=lang,
        employee=employee,
        supervisor=Person(say("supervisor.name"), say("supervisor.position")),
        date=meeting.isoformat(),
        start_time=f"{start:%H:%M}",
        end_time=f"{start + timedelta(minutes=60):%H:%M}",
        location=say("location"),
        period=period,
        period_start=period_start.isoformat(),
        period_end=period_end.isoformat(),
        interview_type=InterviewType.IMPROVEMENT,
        role_level=RoleLevel.STAFF,
        planned_minutes=60,
        checklist={item: True for item in CHECKLIST_ITEMS},
        key_events=_key_events(say, period_start, period_end, delivered),
        goals=goals,
        achievements=_achievements(say),
        problems=problems,
        actions=_actions(say, employee.name, meeting, problems),
        stage_notes={str(stage): say(f"notes.{stage}") for stage in
                     (Stage.OPENING, Stage.REVIEW, Stage.ROOT_CAUSE, Stage.ACTION_PLANNING)},
        private_notes=say("private_notes"),
        timing=_timing(now),
        confirmation=_confirmation(say),
    )


def _confirmation(say: _Texts) -> Confirmation:
    return Confirmation(summary=say("summary"), employee_comments=say("comments"))
