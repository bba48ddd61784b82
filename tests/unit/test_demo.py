"""The demo interview: the form's own examples, in en and zh, dated around `now`, ready to finish."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from perf_tui.checks import check_fact, check_why_chain
from perf_tui.demo import DEMO_ELAPSED, build_demo_record
from perf_tui.model import Agreement, Direction, InterviewType, Record, RoleLevel, Stage, Status
from perf_tui.scoring import achievement_rate, effective_grade

CST = timezone(timedelta(hours=8))
NOW = datetime(2024, 10, 8, 14, 0, tzinfo=CST)


@pytest.fixture(params=["en", "zh"])
def lang(request) -> str:
    return request.param


def test_demo_basic_information(lang):
    record = build_demo_record(lang, NOW)
    assert record.lang == lang
    assert record.employee.name and record.employee.position and record.supervisor.name and record.supervisor.position
    assert record.date == "2024-10-08" and record.start_time and record.end_time
    assert record.location == ("3号会议室" if lang == "zh" else "Meeting room 3")
    assert record.period == ("2024年Q3" if lang == "zh" else "2024 Q3")
    assert (record.period_start, record.period_end) == ("2024-07-01", "2024-09-30")
    assert record.interview_type is InterviewType.IMPROVEMENT and record.role_level is RoleLevel.STAFF
    assert record.planned_minutes == 60
    assert all(record.checklist.values()) and record.checklist


def test_demo_goals_score_like_the_forms_examples(lang):
    goals = build_demo_record(lang, NOW).goals
    project, complaints, satisfaction, report = goals
    assert achievement_rate(project) == 100 and effective_grade(project) == ("A", False)
    assert complaints.target == "≤5%" and complaints.actual == "8%" and complaints.direction is Direction.LOWER
    assert achievement_rate(complaints) == 62.5 and effective_grade(complaints) == ("C", False)
    assert effective_grade(satisfaction)[0] == "A"
    assert achievement_rate(report) is None and effective_grade(report) == ("C", True)


def test_demo_has_the_forms_five_whys_and_both_views():
    record = build_demo_record("zh", NOW)
    report = record.problems[1]
    assert report.whys == ["样本量不足", "未提前扩大调研范围", "资源协调不及时", "未提前向部门反馈需求"]
    complaints = record.problems[0]
    assert "升级" in complaints.employee_view and "培训未覆盖应急场景" in complaints.supervisor_view


def test_demo_sample_action_has_owner_deadline_support_and_checkpoints(lang):
    record = build_demo_record(lang, NOW)
    samples, escalation = record.actions
    assert "50" in samples.measure and samples.owner == record.employee.name
    assert samples.deadline == "2024-10-20"  # "by 20 Oct" as in the form
    assert [c.date for c in samples.checkpoints] == ["2024-10-14", "2024-11-05"]  # "5 Nov: review"
    assert samples.support and samples.steps and samples.links == [record.problems[1].id]
    assert escalation.links == [record.problems[0].id] and escalation.checkpoints


def test_demo_is_in_progress_unsigned_with_notes_and_timing(lang):
    record = build_demo_record(lang, NOW)
    assert record.status is Status.IN_PROGRESS and not record.signed and not record.locked
    assert record.confirmation.agreement is Agreement.PENDING
    assert record.confirmation.summary and record.confirmation.employee_comments
    assert record.private_notes.strip()
    assert set(record.stage_notes) == {"opening", "review", "root_cause", "action_planning"}
    assert len(record.achievements) == 3 and len(record.key_events) == 4
    timing = record.timing
    assert timing.paused and timing.running_since == "" and timing.current_stage is Stage.CONFIRMATION
    assert timing.elapsed == {str(s): v for s, v in DEMO_ELAPSED.items()}
    assert datetime.fromisoformat(timing.started_at) == NOW - timedelta(seconds=sum(DEMO_ELAPSED.values()))


def test_demo_round_trips_through_to_dict(lang):
    record = build_demo_record(lang, NOW)
    assert Record.from_dict(record.to_dict()) == record


def test_demo_evidence_passes_the_facts_and_why_checks(lang):
    record = build_demo_record(lang, NOW)
    for text in [e.fact for e in record.key_events] + [f"{a.title} {a.case}" for a in record.achievements]:
        assert check_fact(text, lang) == [], text
    for problem in record.problems:
        assert check_why_chain(problem) == []


def test_demo_dates_follow_now_into_another_quarter():
    now = datetime(2026, 3, 15, 10, 0, tzinfo=CST)
    record = build_demo_record("en", now)
    assert record.period == "2025 Q4" and (record.period_start, record.period_end) == ("2025-10-01", "2025-12-31")
    assert record.date == "2026-03-15"
    assert record.actions[0].deadline == "2026-03-27"
    late = record.key_events[-1]
    assert late.date == "2026-01-10"  # due at the quarter's end, delivered 10 days late
    assert date.fromisoformat(late.date) < now.date()


def test_report_delivery_is_before_the_meeting_even_early_in_a_quarter():
    record = build_demo_record("zh", datetime(2024, 10, 3, 9, 0, tzinfo=CST))
    assert record.key_events[-1].date == "2024-10-02"


def test_unknown_language_falls_back_to_english():
    assert build_demo_record("fr", NOW).employee.name == "Alex Chen"


def test_each_demo_has_fresh_ids():
    first, second = build_demo_record("en", NOW), build_demo_record("en", NOW)
    assert first.id != second.id and first.goals[0].id != second.goals[0].id
