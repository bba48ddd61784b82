"""HTML, email draft, calendar and JSON exports, and the export API the CLI uses."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email import policy
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perf_tui import export
from perf_tui.demo import build_demo_record
from perf_tui.export.ics import escape_text, fold, unfold
from perf_tui.model import (
    Achievement,
    Action,
    Amendment,
    Checkpoint,
    Confirmation,
    Goal,
    KeyEvent,
    Person,
    Record,
    SignOff,
    Timing,
)
from perf_tui.schema import SchemaError
from perf_tui.store.backup_format import load_session

NOW = datetime(2024, 10, 8, 14, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture(params=["en", "zh"])
def lang(request) -> str:
    return request.param


# --------------------------------------------------------------------------- API


def test_formats_and_unknown_format():
    assert export.FORMATS == ("md", "html", "eml", "ics", "json", "backup")
    with pytest.raises(export.ExportError, match="unknown export format 'pdf'"):
        export.render(Record(), "pdf", "en")
    with pytest.raises(export.ExportError):
        export.suggested_filename(Record(), "doc")


DEMO_EMPLOYEE = {"en": "Alex Chen", "zh": "张敏"}
DEMO_TITLE = {"en": "Performance Interview Record and Improvement Plan", "zh": "绩效面谈记录与改进措施表"}


def test_every_format_renders_the_demo_with_its_content(lang):
    record = build_demo_record(lang, NOW)
    name, title = DEMO_EMPLOYEE[lang], DEMO_TITLE[lang]
    texts = {fmt: export.render(record, fmt, lang, now=NOW) for fmt in export.FORMATS}
    for fmt, text in texts.items():
        assert export.render_bytes(record, fmt, lang, now=NOW) == text.encode("utf-8")

    assert texts["md"].startswith(f"# {title}\n")
    assert name in texts["md"] and "| 62.5%" in texts["md"]

    assert f"<title>{title}" in texts["html"] and name in texts["html"]
    assert texts["html"].count("<table") >= 3

    message = email.message_from_string(texts["eml"], policy=policy.default)
    assert name in message["Subject"]
    kinds = sorted(part.get_content_type() for part in message.walk() if not part.is_multipart())
    assert "text/plain" in kinds and "text/html" in kinds
    assert name in message.get_body(("plain",)).get_content()

    events = texts["ics"].count("BEGIN:VEVENT")
    dated = sum(1 for a in record.actions for c in a.checkpoints if c.date) + sum(
        1 for a in record.actions if a.deadline)
    assert texts["ics"].startswith("BEGIN:VCALENDAR\r\n") and events == dated > 0

    shared = json.loads(texts["json"])
    assert shared["format"] == "perf-tui-record" and shared["basic_information"]["employee"]["name"] == name
    restored = load_session(texts["backup"])
    assert restored.employee.name == name
    assert restored.goals[1].actual == record.goals[1].actual


def test_suggested_filename_is_safe_and_keeps_cjk():
    record = Record(id="abcdef123456", employee=Person("张 敏/../x"), period="2024年Q3")
    assert export.suggested_filename(record, "md") == "interview_张-敏-.-x_2024年Q3_abcdef.md"
    assert export.suggested_filename(Record(id="abc123"), "ics") == "interview_abc123.ics"
    for fmt in export.FORMATS:
        name = export.suggested_filename(build_demo_record("en", NOW), fmt)
        assert name.endswith(export.SUFFIXES[fmt]) and "/" not in name and " " not in name
    assert export.SUFFIXES["backup"] == ".backup.json" and export.SUFFIXES["json"] == ".json"


def test_exporters_never_import_textual():
    code = ("import sys; from perf_tui import export, demo, checks, dates, scoring; import perf_tui.export.markdown, "
            "perf_tui.export.html, perf_tui.export.eml, perf_tui.export.ics, perf_tui.export.json_export, "
            "perf_tui.export.json_record; "
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- html


class _Structure(HTMLParser):
    VOID = {"meta", "br", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang", "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):  # <br />
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}>")
        else:
            self.stack.pop()


def test_html_is_a_balanced_standalone_page(lang):
    page = export.render(build_demo_record(lang, NOW), "html", lang, now=NOW)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page and "<style>" in page
    parser = _Structure()
    parser.feed(page)
    assert parser.errors == [] and parser.stack == []
    assert parser.lang == ("zh-CN" if lang == "zh" else "en")
    assert page.count("<table>") == 9 - 1  # no amendments in the demo
    assert "&lt;br" not in page  # no HTML from the Markdown: multi-line content is in lists
    assert "<li><strong>1</strong>" in page  # ... under its table, keyed by the row's number


def test_html_title_escapes_the_employee_name():
    page = export.render(Record(employee=Person("<b>x</b>")), "html", "en")
    assert "<title>Performance Interview Record and Improvement Plan — &lt;b&gt;x&lt;/b&gt;</title>" in page


# --------------------------------------------------------------------------- eml


def parse_eml(text: str):
    return email.message_from_string(text, policy=policy.default)


def test_eml_is_a_multipart_alternative_draft_with_both_parts(lang):
    text = export.render(build_demo_record(lang, NOW), "eml", lang, now=NOW)
    assert text.isascii()
    assert all(len(line) <= 78 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    message = parse_eml(text)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["X-Unsent"] == "1"
    assert message["Date"] == "Tue, 08 Oct 2024 14:00:00 +0800"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    if lang == "zh":
        assert message["Subject"] == "绩效面谈记录：张敏（2024年Q3）"
        assert str(message["To"]) == "张敏 <employee@example.invalid>"
        assert plain.startswith("张敏，你好：")
        assert "# 绩效面谈记录与改进措施表" in plain and "<h1>绩效面谈记录与改进措施表</h1>" in html
    else:
        assert message["Subject"] == "Performance interview record: Alex Chen · 2024 Q3"
        assert str(message["From"]) == "Morgan Li <supervisor@example.invalid>"
        assert plain.startswith("Hello Alex Chen,")
        assert "<td>62.5% (lower is better)</td>" in html


def test_eml_is_deterministic():
    record = build_demo_record("en", NOW)
    assert export.render(record, "eml", "en", now=NOW) == export.render(record, "eml", "en", now=NOW)


def test_eml_headers_cannot_be_injected_through_names():
    record = Record(employee=Person("Eve\r\nBcc: victim@example.com"), period="Q3\nX-Evil: 1")
    message = parse_eml(export.render(record, "eml", "en", now=NOW))
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert "Eve Bcc: victim@example.com" in str(message["To"])


def test_eml_without_names_still_opens():
    message = parse_eml(export.render(Record(), "eml", "zh", now=NOW))
    assert message["Subject"] == "绩效面谈记录"
    assert "employee@example.invalid" in str(message["To"])
    assert message.get_body(("plain",)).get_content().startswith("你好：")


# --------------------------------------------------------------------------- ics


def test_ics_has_one_event_per_checkpoint_and_deadline(lang):
    record = build_demo_record(lang, NOW)
    text = export.render(record, "ics", lang, now=NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 3 + 2  # three checkpoints, two deadlines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT")
    starts = [l.split(":", 1)[1] for l in lines if l.startswith("DTSTART;VALUE=DATE:")]
    assert starts == sorted(starts) and "20241105" in starts and "20241020" in starts
    assert all(l == "DTSTAMP:20241008T060000Z" for l in lines if l.startswith("DTSTAMP"))
    uids = [l for l in lines if l.startswith("UID:")]
    assert len(set(uids)) == 5 and all(u.endswith("@perf-tui") for u in uids)


def test_ics_lines_are_at_most_75_octets_and_unfold_back():
    record = build_demo_record("zh", NOW)
    record.actions[0].measure = "很长的措施，" * 40 + "; with, commas\\and\nnewlines"
    text = export.render(record, "ics", "zh", now=NOW)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    summary = next(l for l in unfold(text) if l.startswith("SUMMARY:完成时限："))
    assert summary.endswith("\\; with\\, commas\\\\and newlines")  # the summary is one line


def test_ics_uids_are_stable_across_exports():
    record = build_demo_record("en", NOW)
    first = [l for l in unfold(export.render(record, "ics", "en", now=NOW)) if l.startswith("UID")]
    later = [l for l in unfold(export.render(record, "ics", "en", now=NOW + timedelta(days=3))) if l.startswith("UID")]
    assert first == later


def test_ics_skips_undated_items_and_is_valid_when_empty():
    record = Record(actions=[Action(measure="x", deadline_text="soon", checkpoints=[Checkpoint(description="y")])])
    lines = unfold(export.render(record, "ics", "en", now=NOW))
    assert "BEGIN:VEVENT" not in lines and lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"


def test_ics_escape_text():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


@given(st.text(max_size=300))
@settings(max_examples=200)
def test_fold_keeps_octet_limit_and_round_trips(value):
    line = "DESCRIPTION:" + escape_text(value.replace("\r", ""))
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert unfold(folded) == [line]


# --------------------------------------------------------------------------- json


def test_backup_is_the_full_backup_and_reads_back(lang):
    record = build_demo_record(lang, NOW)
    text = export.render(record, "backup", lang)
    assert text.lstrip().startswith('{\n  "format": "perf-tui-session"')
    assert load_session(text) == record


# --------------------------------------------------------------------------- damaged records


DAMAGED = {
    "id": "x1", "status": "weird", "interview_type": "newtype", "role_level": "ceo", "planned_minutes": "abc",
    "date": "tomorrow", "period_start": "x",
    "timing": {"elapsed": {"opening": "zz", "review": float("nan"), "root_cause": -5},
               "running_since": "2024-10-08T13:00:00", "current_stage": "nope"},
    "goals": [{"direction": "sideways", "grade_override": "Z", "target": "5", "actual": "4"}],
    "achievements": [{"source": "hr"}], "key_events": [{"polarity": "meh", "fact": "x", "date": "bad"}],
    "actions": [{"status": "lost", "deadline": "2024-13-40", "checkpoints": [{"status": "zz", "date": "nope"}],
                 "links": ["missing"]}],
    "confirmation": {"agreement": "maybe", "employee_signoff": {"name": "a", "signed_at": "garbage"}},
    "amendments": [{"at": "bad"}],
}


def unchecked(cls, data):
    """A part built by its constructor, past the schema: values no file can bring in any more
    (the schema refuses them), but code could still set, must not break an exporter."""
    hints = {"timing": Timing, "confirmation": Confirmation, "employee_signoff": SignOff,
             "supervisor_signoff": SignOff, "goals": Goal, "achievements": Achievement,
             "key_events": KeyEvent, "actions": Action, "checkpoints": Checkpoint, "amendments": Amendment}
    kwargs = {}
    for key, value in data.items():
        if key in hints and isinstance(value, list):
            value = [unchecked(hints[key], item) for item in value]
        elif key in hints:
            value = unchecked(hints[key], value)
        kwargs[key] = value
    return cls(**kwargs)


def test_the_schema_refuses_a_damaged_record():
    with pytest.raises(SchemaError):
        Record.from_dict(DAMAGED)


def test_a_damaged_record_still_exports_in_every_format(lang):
    record = unchecked(Record, DAMAGED)
    for fmt in export.FORMATS:
        assert export.render(record, fmt, lang, now=NOW)
    md = export.render(record, "md", lang, now=NOW)
    assert "| 5 | 4 | 80% | C |" in md  # unknown direction reads as higher is better
    assert "| ceo |" in md  # an unknown (newer) value shows as stored
