"""Dates, deadlines and periods from typed text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perf_tui.dates import format_date, format_date_range, parse_date, parse_iso_date, parse_period

TODAY = date(2024, 10, 8)  # a Tuesday


@pytest.mark.parametrize(
    "text",
    ["2024-10-20", "2024/10/20", "20 Oct", "Oct 20", "October 20", "10/20", "20/10", "10月20日",
     "10月20号", "2024年10月20日", "１０月２０日", "20 October 2024", "Oct 20, 2024", "  20 oct. "],
)
def test_parse_date_reads_the_common_ways_to_write_20_october(text):
    assert parse_date(text, TODAY, "en") == date(2024, 10, 20)
    assert parse_date(text, TODAY, "zh") == date(2024, 10, 20)


def test_date_without_year_is_the_next_occurrence_on_or_after_today():
    assert parse_date("5 Oct", TODAY, "en") == date(2025, 10, 5)
    assert parse_date("10月8日", TODAY, "zh") == TODAY
    assert parse_date("1月15日", TODAY, "zh") == date(2025, 1, 15)


def test_explicit_past_year_is_kept_as_typed():
    assert parse_date("2024年9月30日", TODAY, "zh") == date(2024, 9, 30)


def test_leap_day_without_year_waits_for_a_leap_year():
    assert parse_date("29 Feb", TODAY, "en") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("today", TODAY), ("今天", TODAY), ("tomorrow", date(2024, 10, 9)), ("明天", date(2024, 10, 9)),
     ("in 3 days", date(2024, 10, 11)), ("3天后", date(2024, 10, 11)), ("friday", date(2024, 10, 11)),
     ("周五", date(2024, 10, 11)), ("next friday", date(2024, 10, 18)), ("下周五", date(2024, 10, 18)),
     ("tuesday", TODAY), ("monday", date(2024, 10, 14)), ("9月底", date(2025, 9, 30)), ("2024年9月底", date(2024, 9, 30)),
     ("end of Oct", date(2024, 10, 31)), ("end of September 2024", date(2024, 9, 30))],
)
def test_parse_date_relative_words_and_month_ends(text, expected):
    assert parse_date(text, TODAY, "en") == expected


@pytest.mark.parametrize(
    "text", ["", None, "soon", "may", "2024", "5", "14:00", "2024-02-30", "13/13", "10月32日", "明年", "x" * 500]
)
def test_parse_date_returns_none_for_what_is_not_a_date(text):
    assert parse_date(text, TODAY, "en") is None


@given(st.text(max_size=60))
@settings(max_examples=400)
def test_parse_date_never_raises(text):
    result = parse_date(text, TODAY, "en")
    assert result is None or isinstance(result, date)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_formatted_dates_parse_back(value):
    assert parse_date(format_date(value, "en"), TODAY, "en") == value
    assert parse_date(format_date(value, "zh"), TODAY, "zh") == value
    assert parse_date(value.isoformat(), TODAY, "en") == value


def test_format_date_in_both_languages():
    assert format_date(date(2024, 10, 20), "en") == "20 Oct 2024"
    assert format_date(date(2024, 10, 20), "zh") == "2024年10月20日"
    assert format_date("2024-11-05", "zh") == "2024年11月5日"
    assert format_date("next week", "en") == "next week"  # typed text that is not ISO stays as typed
    assert format_date(None) == "" and format_date("") == ""


def test_format_date_range():
    assert format_date_range("2024-07-01", "2024-09-30", "en") == "1 Jul 2024 – 30 Sep 2024"
    assert format_date_range("2024-07-01", "2024-09-30", "zh") == "2024年7月1日至2024年9月30日"
    assert format_date_range("", "2024-09-30", "en") == "30 Sep 2024"


def test_parse_iso_date():
    assert parse_iso_date("2024-10-20") == date(2024, 10, 20)
    assert parse_iso_date("2024-10-20T10:00:00+08:00") == date(2024, 10, 20)
    assert parse_iso_date("20 Oct") is None and parse_iso_date("") is None


Q3 = (date(2024, 7, 1), date(2024, 9, 30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024 Q3", Q3), ("2024年Q3", Q3), ("2024Q3", Q3), ("2024-q3", Q3), ("Q3 2024", Q3), ("２０２４年Ｑ３", Q3),
     ("2024年第三季度", Q3), ("2024年第3季度", Q3),
     ("2024 Q1", (date(2024, 1, 1), date(2024, 3, 31))), ("2024 Q4", (date(2024, 10, 1), date(2024, 12, 31))),
     ("2024 H1", (date(2024, 1, 1), date(2024, 6, 30))), ("2024 H2", (date(2024, 7, 1), date(2024, 12, 31))),
     ("2024年上半年", (date(2024, 1, 1), date(2024, 6, 30))), ("2024下半年", (date(2024, 7, 1), date(2024, 12, 31))),
     ("2024", (date(2024, 1, 1), date(2024, 12, 31))), ("2024年度", (date(2024, 1, 1), date(2024, 12, 31))),
     ("FY2024", (date(2024, 1, 1), date(2024, 12, 31))),
     ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))), ("2024年7月", (date(2024, 7, 1), date(2024, 7, 31))),
     ("2024-07-01 to 2024-09-30", Q3), ("2024年7月1日至2024年9月30日", Q3), ("1 Jul 2024 – 30 Sep 2024", Q3)],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", None, "Q5 2024", "2024 Q0", "last quarter", "2024-13", "0000",
                                  "2024-09-30 to 2024-07-01", "1 Jul to 30 Sep"])
def test_parse_period_returns_none_when_not_understood(text):
    assert parse_period(text) is None


@given(st.text(max_size=60))
@settings(max_examples=300)
def test_parse_period_never_raises(text):
    result = parse_period(text)
    assert result is None or (isinstance(result[0], date) and result[0] <= result[1])


# --------------------------------------------------------------------------- event dates (issue 7)

from perf_tui.dates import parse_event_date  # noqa: E402

H1_2025 = (date(2025, 1, 1), date(2025, 6, 30))


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("7月1日", date(2027, 3, 2), date(2025, 7, 1)),  # the interview is held late: the year is the period's
    ("5月20日", date(2027, 3, 2), date(2025, 5, 20)),
    ("20 Oct", date(2025, 3, 1), date(2024, 10, 20)),  # just before the period, not next October
    ("1 Jan", date(2025, 7, 10), date(2025, 1, 1)),
    ("2026年7月1日", date(2025, 7, 10), date(2026, 7, 1)),  # a year typed is kept
    ("yesterday", date(2025, 7, 10), None),
])
def test_event_date_without_a_year_takes_the_year_nearest_the_period(text, today, expected):
    assert parse_event_date(text, today, "zh", H1_2025) == expected


def test_event_date_without_a_period_is_the_latest_on_or_before_today():
    assert parse_event_date("12月1日", date(2024, 10, 8), "zh") == date(2023, 12, 1)
    assert parse_event_date("10月2日", date(2024, 10, 8), "zh") == date(2024, 10, 2)


# --------------------------------------------------------------------------- deadlines as typed (issue 9)

from perf_tui.dates import read_date  # noqa: E402

WED = date(2025, 6, 18)


@pytest.mark.parametrize(("text", "expected"), [
    ("10月20日前", date(2025, 10, 20)), ("Fri", date(2025, 6, 20)), ("this Friday", date(2025, 6, 20)),
    ("本周五", date(2025, 6, 20)), ("EOW", date(2025, 6, 20)), ("EOD", WED), ("tomorrow", date(2025, 6, 19)),
    ("明天下班前", date(2025, 6, 19)), ("next Tuesday", date(2025, 6, 24)), ("下周三", date(2025, 6, 25)),
    ("end of next week", date(2025, 6, 27)), ("in 2 weeks", date(2025, 7, 2)), ("in 3 days", date(2025, 6, 21)),
    ("10天内", date(2025, 6, 28)), ("两周内", date(2025, 7, 2)), ("end of month", date(2025, 6, 30)),
    ("月底前", date(2025, 6, 30)), ("end of Q4", date(2025, 12, 31)), ("年底前", date(2025, 12, 31)),
    ("by the 15th", date(2025, 7, 15)), ("15号前", date(2025, 7, 15)), ("by the 20th", date(2025, 6, 20)),
    ("Oct 20", date(2025, 10, 20)), ("3 March", date(2026, 3, 3)), ("10/20", date(2025, 10, 20)),
    ("20/10", date(2025, 10, 20)), ("国庆后第一个工作日", date(2025, 10, 9)),
    ("first working day after the National Day holiday", date(2025, 10, 9)),
    ("5 business days", date(2025, 6, 25)),
])
def test_deadlines_as_people_type_them(text, expected):
    assert read_date(text, WED, "en").date == expected


@pytest.mark.parametrize(("text", "problem"), [
    ("", "empty"), ("asap", "vague"), ("soon", "vague"), ("尽快", "vague"), ("ongoing", "vague"), ("持续", "vague"),
    ("Q4", "period"), ("by Q4", "period"), ("next quarter", "period"), ("下季度", "period"),
    ("国庆后", "anchor"), ("after the holidays", "anchor"), ("before the next review", "event"),
    ("下次绩效面谈前", "event"), ("31/02/2025", "impossible"), ("Nov 31", "impossible"), ("11月31日", "impossible"),
    ("3/4", "ambiguous"),
])
def test_what_is_not_one_date_says_why(text, problem):
    reading = read_date(text, WED, "en")
    assert reading.date is None and reading.problem == problem


def test_a_holiday_beyond_the_calendars_years_is_not_guessed():
    reading = read_date("国庆后第一个工作日", date(2031, 1, 5), "zh")
    assert reading.date is None and reading.problem == "calendar"
