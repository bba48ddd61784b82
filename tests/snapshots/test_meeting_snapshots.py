"""Snapshots of the meeting screen at 80x24: the review stage with demo-like data in English and
Chinese, and a stage run over its box (red, with the later boxes shrunk and marked "↓").

The record is built here, not by perf_tui.demo, so that a change to the demo's wording does not
change these pictures. The FakeClock makes every time on screen exact.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from perf_tui.model import (Achievement, Action, Checkpoint, Direction, Goal, InterviewType, KeyEvent, Person,
                            Polarity, Problem, RoleLevel, Source, Stage, new_record)

TEXTS = {
    "en": dict(
        employee=("Alex Chen", "Marketing specialist"), supervisor=("Morgan Li", "Marketing manager"),
        goals=[("Deliver project X", "1", "1", Direction.HIGHER, "", "live 5 days early, satisfaction 95%"),
               ("Complaint rate", "≤5%", "8%", Direction.LOWER, "", "2 complaints from slow responses"),
               ("Market research report", "on time", "late", Direction.HIGHER, "C", "10 days late: sample too small")],
        events=[("2024-09-12", Polarity.POSITIVE, "Spec delivered 3 days early; testing started early"),
                ("2024-09-20", Polarity.NEGATIVE, "Two complaints after slow replies to urgent requests")],
        achievement=("Cross-team coordination", "design-to-development hand-off 30% faster"),
        notes="Alex agreed with the figures. Raised the complaint rate as a fact, with dates.",
        problem=("Report 10 days late", ["sample too small", "scope not widened early"]),
        action=("Collect 50 more samples", "Alex", "2024-10-20", "marketing provides channels"),
    ),
    "zh": dict(
        employee=("张敏", "市场专员"), supervisor=("李明", "市场经理"),
        goals=[("完成X项目交付", "1个项目", "1个项目", Direction.HIGHER, "", "提前5天上线，客户满意度95%"),
               ("客户投诉率", "≤5%", "8%", Direction.LOWER, "", "因响应延迟引发2次投诉"),
               ("市场调研报告", "按时完成", "延迟", Direction.HIGHER, "C", "样本量不足，延迟10天")],
        events=[("2024-09-12", Polarity.POSITIVE, "需求文档提前3天交付，测试得以提前开始"),
                ("2024-09-20", Polarity.NEGATIVE, "紧急需求响应慢，引发两次客户投诉")],
        achievement=("主动承担跨部门协调", "设计到开发的交接效率提升30%"),
        notes="张敏认可各项数据。用事实和日期说明了投诉率的情况。",
        problem=("调研报告延迟10天", ["样本量不足", "未及时扩大调研范围"]),
        action=("补充收集50份样本", "张敏", "2024-10-20", "市场部提供渠道"),
    ),
}


def demo_like_record(lang: str, clock, *, stage: Stage, elapsed: dict[str, float], running_s: float):
    """A session in the middle of its meeting: `running_s` seconds into the current `stage`."""
    texts = TEXTS[lang]
    now = clock()
    record = new_record(now_iso=now.isoformat(), lang=lang, supervisor=Person(*texts["supervisor"]))
    record.employee = Person(*texts["employee"])
    record.period = "2024 Q3" if lang == "en" else "2024年Q3"
    record.interview_type = InterviewType.IMPROVEMENT
    record.role_level = RoleLevel.STAFF
    record.goals = [Goal(name=n, target=tg, actual=ac, direction=d, grade_override=g, notes=no)
                    for n, tg, ac, d, g, no in texts["goals"]]
    record.key_events = [KeyEvent(date=d, polarity=p, fact=f) for d, p, f in texts["events"]]
    record.achievements = [Achievement(title=texts["achievement"][0], case=texts["achievement"][1],
                                       source=Source.SUPERVISOR)]
    record.problems = [Problem(description=texts["problem"][0], whys=list(texts["problem"][1]))]
    measure, owner, deadline, support = texts["action"]
    record.actions = [Action(measure=measure, owner=owner, deadline=deadline, support=support,
                             checkpoints=[Checkpoint(date="2024-11-05")])]
    record.set_notes(stage, texts["notes"])
    timing = record.timing
    timing.started_at = (now - timedelta(seconds=sum(elapsed.values()) + running_s)).isoformat()
    timing.current_stage = stage
    timing.elapsed = dict(elapsed)
    timing.running_since = (now - timedelta(seconds=running_s)).isoformat()
    record.updated_at = now.isoformat()
    return record


def snapshot_app(make_app, lang, record):
    from perf_tui.screens.meeting import MeetingScreen

    app = make_app(lang=lang)

    async def open_meeting(pilot) -> None:
        app.repo.create(record)
        await app.push_screen(MeetingScreen(record))
        await pilot.pause()
        app.screen.refresh_clock()
        await pilot.pause()

    return app, open_meeting


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_meeting_review_stage_snapshot_80x24(lang, make_app, clock, snap_compare):
    record = demo_like_record(lang, clock, stage=Stage.REVIEW, elapsed={"opening": 290.0}, running_s=400)
    app, open_meeting = snapshot_app(make_app, lang, record)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_meeting)


def test_meeting_overrun_stage_snapshot_80x24(make_app, clock, snap_compare):
    record = demo_like_record("en", clock, stage=Stage.OPENING, elapsed={}, running_s=9 * 60)
    app, open_meeting = snapshot_app(make_app, "en", record)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_meeting)
