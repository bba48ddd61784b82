"""The Markdown record renders the same with raw HTML turned off (markdown-it-py's commonmark
preset with html=False, as pandoc and cmark-gfm would): no "<br>" in table cells; what has more
than one line moves into a list under its table, keyed by the row's number."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from markdown_it import MarkdownIt

from perf_tui import export
from perf_tui.demo import build_demo_record
from perf_tui.model import Goal, Problem, Record

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
STRICT = MarkdownIt("commonmark", {"html": False}).enable("table")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_demo_renders_without_html_and_keeps_every_part(lang):
    record = build_demo_record(lang, NOW)
    md = export.render(record, "md", lang, now=NOW)
    assert "<br" not in md.lower()
    html = STRICT.render(md)
    assert "&lt;br" not in html.lower() and "<br>" not in html
    shown = text_of(html)
    for problem in record.problems:
        for part in (problem.description, problem.employee_view, problem.supervisor_view, *problem.whys):
            assert " ".join(part.split()) in shown, part
    for action in record.actions:
        for part in (action.measure, *action.steps, *(c.description for c in action.checkpoints)):
            assert " ".join(part.split()) in shown, part
    # The lists are keyed by the row's number in the "#" column.
    assert "<th>#</th>" in html and "<li><strong>1</strong>" in html


def test_a_note_typed_on_several_lines_moves_under_the_table_under_its_row_number():
    record = Record(goals=[Goal(name="Ship X", target="1", actual="1"),
                           Goal(name="Complaints", target="≤5%", actual="8%",
                                notes="two complaints\nboth from slow replies")])
    md = export.render(record, "md", "en")
    assert "| 2 | Complaints | ≤5% | 8% |" in md and "| (see below) |" in md
    assert "- **2** Complaints\n  - Notes (key events / data): two complaints\\\n    both from slow replies" in md
    html = STRICT.render(md)
    assert "two complaints<br />\nboth from slow replies" in html  # a Markdown hard break, no raw HTML
    assert "<li><strong>1</strong>" not in html  # a row with nothing more has no entry


def test_the_5_why_chain_is_a_numbered_list_under_its_problem():
    record = Record(problems=[Problem(description="Report late", whys=["sample too small", "not widened early"],
                                      employee_view="channels were limited")])
    md = export.render(record, "md", "en")
    assert "| 1 | Report late | (see below) |" in md
    assert ("- **1** Report late\n  - Employee: channels were limited\n  - 5 Whys:\n"
            "    1. sample too small\n    2. not widened early") in md
