"""The plan's dates as an iCalendar file (RFC 5545): one all-day VEVENT per dated checkpoint and
one per action deadline. Checkpoints and deadlines that have no understood date are left out.

- UIDs are stable (record id + item id), so importing an updated export updates the events
  instead of duplicating them;
- DTSTAMP is the export moment passed in (`now`, else the record's last update), in UTC;
- TEXT values are escaped (backslash, semicolon, comma, newline) and every content line is folded
  at 75 octets without splitting a UTF-8 character; lines end in CRLF.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Iterator, Mapping

from perf_tui.export.view import ActionView, RecordView, build_view
from perf_tui.model import Record

MAX_OCTETS = 75
PRODID = "-//perf-tui//perf-tui record export//EN"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_UNSAFE_UID = re.compile(r"[^A-Za-z0-9-]")
_UNITS = re.compile(r"\\.|.", re.DOTALL)


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """One content line folded into CRLF-joined physical lines of at most 75 octets each."""
    parts, current, size = [], [], 0
    limit = MAX_OCTETS
    # An escape such as \n or \, stays on one physical line: legal either way, kinder to lax readers.
    for ch in _UNITS.findall(line):
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines start with a space
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def unfold(text: str) -> list[str]:
    """Content lines of an iCalendar text (the inverse of `fold`, for tests and readers)."""
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


def _stamp(moment: datetime | None) -> str:
    moment = moment or _EPOCH
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _uid(*parts: str) -> str:
    return "-".join(_UNSAFE_UID.sub("", p) or "x" for p in parts) + "@perf-tui"


def _context(view: RecordView) -> str:
    if view.employee_name:
        return view.label("ics.interview", employee=view.employee_name, period=view.period or "—")
    return view.title


def _description(view: RecordView, action: ActionView) -> str:
    lines = [_context(view), action.measure.strip()]
    if action.owner.strip():
        lines.append(view.label("ics.owner", owner=action.owner.strip()))
    if action.support.strip():
        lines.append(view.label("ics.support", support=action.support.strip()))
    return "\n".join(line for line in lines if line)


def _event(uid: str, stamp: str, day: date, summary: str, description: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(' '.join(summary.split()))}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _events(view: RecordView, stamp: str) -> Iterator[list[str]]:
    for action in view.actions:
        for cp in action.checkpoints:
            if cp.date is not None:
                summary = view.label("ics.checkpoint", text=cp.description.strip() or action.measure.strip())
                yield _event(_uid(view.record_id, "cp", cp.id), stamp, cp.date, summary, _description(view, action))
        if action.deadline is not None:
            summary = view.label("ics.deadline", text=action.measure.strip())
            yield _event(_uid(view.record_id, "deadline", action.id), stamp, action.deadline, summary,
                         _description(view, action))


def render_view(view: RecordView) -> str:
    stamp = _stamp(view.exported_at)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(view.label('ics.calendar_name'))}"]
    for event in sorted(_events(view, stamp), key=lambda e: (e[3], e[1])):  # by DTSTART, then UID
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None) -> str:
    """The plan's checkpoints and deadlines as iCalendar text. Never contains the private notes."""
    return render_view(build_view(record, lang, thresholds, now, weights))
