"""The setup screen's pure helpers: times, minutes, date checks, past-biased event dates, and
the carry-in of a previous session's open actions."""

from __future__ import annotations

from datetime import date

import pytest

from perf_tui.model import Action, CheckpointStatus, Person, Record
from perf_tui.store import Summary
from perf_tui.widgets.setup_carry import carry_in, carry_in_text, employee_key, find_previous, pending_actions
from perf_tui.widgets.setup_events import past_date
from perf_tui.widgets.setup_fields import (
    check_date,
    check_period_dates,
    check_times,
    parse_clock_time,
    read_minutes,
)

TODAY = date(2024, 10, 8)


@pytest.mark.parametrize("typed, expected", [
    ("14:00", "14:00"), ("9", "09:00"), ("1400", "14:00"), ("930", "09:30"), ("14.30", "14:30"),
    ("2pm", "14:00"), ("2:30 PM", "14:30"), ("12am", "00:00"), ("12pm", "12:00"), ("１４：００", "14:00"),
    ("下午2点", "14:00"), ("14点半", "14:30"), ("上午9点15分", "09:15"), ("中午1点", "13:00"),
    ("25:00", None), ("13pm", None), ("14:75", None), ("soon", None), ("", None), (None, None),
])
def test_setup_parse_clock_time(typed, expected):
    assert parse_clock_time(typed) == expected


def test_setup_check_times_reports_unreadable_and_reversed_times():
    assert check_times("14:00", "15:00") is None
    assert check_times("", "") is None
    assert check_times("14:00", "") is None
    assert check_times("lunch", "15:00") == "setup.invalid.time"
    assert check_times("15:00", "14:00") == "setup.invalid.end_before_start"
    assert check_times("15:00", "15:00") == "setup.invalid.end_before_start"


def test_setup_date_checks():
    assert check_date("2024-10-20", TODAY, "en") is None
    assert check_date("", TODAY, "en") is None
    assert check_date("10月20日", TODAY, "zh") is None
    assert check_date("32/13", TODAY, "en") == "setup.invalid.date"
    assert check_period_dates("2024-07-01", "2024-09-30", TODAY, "en") is None
    assert check_period_dates("2024-09-30", "2024-07-01", TODAY, "en") == "setup.invalid.period_order"
    assert check_period_dates("someday", "", TODAY, "en") == "setup.invalid.date"


@pytest.mark.parametrize("typed, expected", [
    ("60", (60, None)), ("90", (90, None)), ("75", (75, None)),
    ("45", (45, "setup.hint.minutes")), ("15", (15, "setup.hint.minutes")), ("180", (180, "setup.hint.minutes")),
    ("14", (None, "setup.invalid.minutes_range")), ("181", (None, "setup.invalid.minutes_range")),
    ("", (None, "setup.invalid.minutes_number")), ("an hour", (None, "setup.invalid.minutes_number")),
    ("６０", (60, None)),
])
def test_setup_read_minutes(typed, expected):
    assert read_minutes(typed) == expected


def test_setup_event_dates_lie_in_the_past_unless_a_year_is_given():
    assert past_date("10/2", TODAY, "en") is None  # 2 Oct or 10 Feb: only an order without doubt is a date
    assert past_date("2 Oct", TODAY, "en") == date(2024, 10, 2)
    assert past_date("12/15", TODAY, "en") == date(2023, 12, 15)  # not next December
    assert past_date("2025-01-05", TODAY, "en") == date(2025, 1, 5)  # a year typed is kept
    assert past_date("9月12日", TODAY, "zh") == date(2024, 9, 12)
    assert past_date("2/29", date(2024, 3, 1), "en") == date(2024, 2, 29)
    assert past_date("nonsense", TODAY, "en") is None


def _summary(id_, employee, date_="", updated=""):
    return Summary(id=id_, employee=employee, period="", type="regular", status="confirmed",
                   date=date_, updated_at=updated)


def test_setup_find_previous_matches_the_name_loosely_and_takes_the_latest_earlier_one():
    record = Record(id="now", employee=Person("  Zhang   San "), date="2024-10-20")
    summaries = [
        _summary("now", "Zhang San", "2024-10-20"),
        _summary("old", "zhang san", "2024-01-10"),
        _summary("prev", "ZHANG SAN", "2024-07-10"),
        _summary("later", "Zhang San", "2025-01-10"),
        _summary("other", "Li Si", "2024-09-01"),
    ]
    assert employee_key(" Zhang   SAN ") == "zhang san"
    assert find_previous(summaries, record).id == "prev"
    assert find_previous(summaries, Record(employee=Person(""))) is None
    assert find_previous(summaries, Record(employee=Person("Nobody"))) is None


def test_one_open_action_is_offered_in_the_singular():
    previous = Record(id="prev", period="2024 Q2", date="2024-07-10",
                      actions=[Action(id="a1", measure="Collect samples", owner="Zhang San")])
    record = Record(id="now", employee=Person("Zhang San"))
    text = carry_in_text(record, previous, "Ctrl+R / F6", looked_up=True)
    assert text.startswith("Still open from 2024 Q2 · 10 Jul 2024: 1 action. Ctrl+R / F6 carries it in for review.")


def test_setup_carry_in_copies_open_actions_once_with_new_ids():
    previous = Record(id="prev", period="2024 Q2", date="2024-07-10", actions=[
        Action(id="a1", measure="Collect samples", owner="Zhang San", deadline="2024-10-20"),
        Action(id="a2", measure="Training", status=CheckpointStatus.DONE),
        Action(id="a3", measure="Weekly review", status=CheckpointStatus.SLIPPED),
    ])
    record = Record(id="now", employee=Person("Zhang San"))
    assert [a.id for a in pending_actions(record, previous)] == ["a1", "a3"]
    text = carry_in_text(record, previous, "F6", looked_up=True)
    assert text.startswith("Still open from 2024 Q2 · 10 Jul 2024: 2 actions. F6 carries them in for review.")
    assert "(Zhang San, 20 Oct 2024)" in text
    assert carry_in(record, previous) == 2
    assert carry_in(record, previous) == 0
    assert record.previous_session_id == "prev"
    assert [(a.measure, a.carried_from) for a in record.actions] == [("Collect samples", "prev"), ("Weekly review", "prev")]
    assert not {a.id for a in record.actions} & {"a1", "a3"}
    assert previous.actions[0].carried_from == ""  # the previous session is not touched
    assert "carried in" in carry_in_text(record, previous, "F6", looked_up=True)
