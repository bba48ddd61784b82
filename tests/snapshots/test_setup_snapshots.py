"""The setup screen at 80x24 in English and Chinese: the top of the form (basic information and
goals, one of them lower-is-better) and its preparation part (checklist, key events, carry-in).
FakeClock, temp data dir, fixed ids, no cursor blink. Review snapshot_report.html before updating."""

from __future__ import annotations

from perf_tui.model import (
    Action,
    Direction,
    Goal,
    InterviewType,
    KeyEvent,
    Person,
    Polarity,
    RoleLevel,
    Status,
    new_record,
)
from perf_tui.store import open_repository

SIZE = (80, 24)

TEXT = {
    "en": {
        "employee": Person("Zhang San", "Market analyst"),
        "supervisor": Person("Wang Min", "Head of Marketing"),
        "location": "Room 5",
        "goals": [("Deliver project X", "1", "project", Direction.HIGHER, "Live 5 days early"),
                  ("Customer complaint rate", "≤5%", "%", Direction.LOWER, "Two slow replies")],
        "event": "Research report 10 days late: sample of 30 too small",
        "action": "Collect 50 more samples",
    },
    "zh": {
        "employee": Person("张三", "市场专员"),
        "supervisor": Person("王敏", "市场部经理"),
        "location": "第五会议室",
        "goals": [("交付项目X", "1", "个", Direction.HIGHER, "提前5天上线"),
                  ("客户投诉率", "≤5%", "%", Direction.LOWER, "两次响应慢")],
        "event": "市场调研报告延期10天：样本量30份不足",
        "action": "补充收集50份样本",
    },
}


def store_sessions(data_dir, clock, lang: str) -> str:
    """A previous session with an open action, and the draft being prepared; returns its id."""
    text = TEXT[lang]
    repo = open_repository(data_dir, clock=clock)
    previous = new_record(now_iso=clock().isoformat(), lang=lang)
    previous.id = "snapprev0001"
    previous.employee = text["employee"]
    previous.period, previous.date, previous.status = "2024 Q2", "2024-07-10", Status.CONFIRMED
    previous.actions = [Action(id="snapact00001", measure=text["action"], owner=text["employee"].name,
                               deadline="2024-10-20")]
    repo.create(previous)

    record = new_record(now_iso=clock().isoformat(), lang=lang, supervisor=text["supervisor"])
    record.id = "snapdraft001"
    record.employee = text["employee"]
    record.date, record.start_time, record.end_time = "2024-10-20", "14:00", "15:00"
    record.location = text["location"]
    record.period, record.period_start, record.period_end = "2024 Q3", "2024-07-01", "2024-09-30"
    record.interview_type, record.role_level = InterviewType.IMPROVEMENT, RoleLevel.STAFF
    record.goals = [Goal(id=f"snapgoal{i:04d}", name=n, target=t, unit=u, direction=d, notes=notes)
                    for i, (n, t, u, d, notes) in enumerate(text["goals"])]
    record.key_events = [KeyEvent(id="snapevent001", date="2024-09-12", polarity=Polarity.NEGATIVE,
                                  fact=text["event"])]
    record.checklist.update(aim_set=True, topic_told=True)
    repo.create(record)
    repo.close()
    return record.id


def opening(session_id: str, *keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        app.open_session(session_id)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for widget in app.screen.query("Input"):
            widget.cursor_blink = False
        if keys:
            await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_setup_snapshot_basic_information_en(snap_compare, make_app, data_dir, clock):
    session_id = store_sessions(data_dir, clock, "en")
    assert snap_compare(make_app(lang="en"), terminal_size=SIZE, run_before=opening(session_id))


def test_setup_snapshot_basic_information_zh(snap_compare, make_app, data_dir, clock):
    session_id = store_sessions(data_dir, clock, "zh")
    assert snap_compare(make_app(lang="zh"), terminal_size=SIZE, run_before=opening(session_id))


def test_setup_snapshot_preparation_en(snap_compare, make_app, data_dir, clock):
    session_id = store_sessions(data_dir, clock, "en")
    assert snap_compare(make_app(lang="en"), terminal_size=SIZE, run_before=opening(session_id, "f9", "end"))


def test_setup_snapshot_preparation_zh(snap_compare, make_app, data_dir, clock):
    session_id = store_sessions(data_dir, clock, "zh")
    assert snap_compare(make_app(lang="zh"), terminal_size=SIZE, run_before=opening(session_id, "f9", "end"))
