"""Check findings shown in the UI use Finding.message, so dates read as the language writes them."""

from __future__ import annotations

from datetime import date

import pytest

from perf_tui import i18n
from perf_tui.checks import finding
from perf_tui.widgets.fields import finding_line
from perf_tui.widgets.setup_events import fact_findings


@pytest.fixture
def language():
    before = i18n.current_language()
    yield i18n.set_language
    i18n.set_language(before)


@pytest.mark.parametrize(("lang", "shown"), [("en", "20 Oct 2024"), ("zh", "2024年10月20日")])
def test_finding_line_formats_a_date_for_the_current_language(language, lang, shown):
    language(lang)
    line = finding_line(finding("smart.time.past", "warn", date=date(2024, 10, 20)))
    assert shown in line
    assert "2024-10-20" not in line


def test_finding_line_without_values_is_the_translated_message(language):
    language("zh")
    assert finding_line(finding("smart.time.no_deadline", "warn")).endswith("请设定完成时限。")


def test_fact_findings_are_messages_in_the_current_language(language):
    language("en")
    assert fact_findings("He is lazy", "en") == [
        "A judgment, not a fact (lazy): say what was seen or done, when, with what result."
    ]
