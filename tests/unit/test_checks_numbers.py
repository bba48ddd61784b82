"""Bad numbers are named: a target or actual that is no quantity gets a message, and the export
says why the rate is blank."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from perf_tui.checks.numbers import check_goal_numbers, no_rate_reason, unreadable
from perf_tui.demo import build_demo_record
from perf_tui.export import render_bytes
from perf_tui.model import Goal

NOW = datetime(2025, 6, 18, 10, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize("text", ["abc", "lots", "good", "很多", "n/a?"])
def test_text_that_is_no_quantity_is_unreadable(text):
    assert unreadable(text)


@pytest.mark.parametrize("text", ["", "95%", "≤5%", "1个项目", "Delivered by the end of the period",
                                  "周期末前交付", "on time", "30 Sep", "延迟至10月10日交付", "1,200"])
def test_quantities_dates_and_deliverables_are_not(text):
    assert not unreadable(text)


def test_each_unreadable_field_gets_its_own_message_in_both_languages():
    found = check_goal_numbers(Goal(name="NPS", target="abc", actual="xyz"))
    assert [f.values["field"] for f in found] == ["target", "actual"]
    assert found[0].message("en").startswith("Target: cannot compute a rate from 'abc'")
    assert found[1].message("zh").startswith("完成值：无法根据“xyz”计算达成率")


def test_no_message_when_the_rate_can_be_computed():
    assert check_goal_numbers(Goal(target="≤5%", actual="8%")) == []
    assert no_rate_reason(Goal(target="10", actual="")) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_export_shows_why_the_rate_is_blank(lang):
    record = build_demo_record(lang, NOW)
    record.goals.append(Goal(name="Response time", target="abc", actual="3h"))
    text = render_bytes(record, "md", lang, now=NOW).decode("utf-8")
    row = next(line for line in text.splitlines() if "Response time" in line)
    assert ("cannot compute a rate from 'abc'" if lang == "en" else "无法根据“abc”计算达成率") in row


def test_the_demo_has_no_bad_number():
    for lang in ("en", "zh"):
        assert [f for g in build_demo_record(lang, NOW).goals for f in check_goal_numbers(g)] == []
