"""What the setup screen's basic-information fields accept, as pure functions (no Textual).

Each check returns a catalog key for the message to show in place, or None when the text is
fine. Text that is not understood is still stored as typed; the message only says so.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from perf_tui import dates
from perf_tui.config import MAX_MINUTES, MIN_MINUTES

SUGGESTED_MINUTES = (60, 90)

_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.h時时点]\s*(\d{2}|半)?\s*分?)?\s*(am|pm|a\.m\.|p\.m\.)?$")
_COMPACT_TIME = re.compile(r"^(\d{1,2})(\d{2})$")
_ZH_PART_OF_DAY = {"上午": "am", "早上": "am", "中午": "noon", "下午": "pm", "晚上": "pm", "傍晚": "pm"}


def parse_clock_time(text: str | None) -> str | None:
    """"14:00", "1400", "2pm", "2:30 pm", "下午2点", "14点半" -> "HH:MM"; anything else -> None."""
    if not text:
        return None
    normal = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    part = ""
    for word, meaning in _ZH_PART_OF_DAY.items():
        if normal.startswith(word):
            part, normal = meaning, normal[len(word):]
            break
    compact = _COMPACT_TIME.fullmatch(normal)
    if compact:
        hour, minute, suffix = int(compact.group(1)), int(compact.group(2)), ""
    else:
        match = _TIME.fullmatch(normal)
        if not match:
            return None
        hour = int(match.group(1))
        minute = 30 if match.group(2) == "半" else int(match.group(2) or 0)
        suffix = (match.group(3) or "").replace(".", "")
    hour = _to_24h(hour, suffix or part)
    if hour is None or not 0 <= hour <= 23 or not 0 <= minute <= 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _to_24h(hour: int, part: str) -> int | None:
    if part in ("am", "pm") and not 1 <= hour <= 12:
        return None
    if part == "pm" and hour < 12:
        return hour + 12
    if part == "am" and hour == 12:
        return 0
    if part == "noon" and hour < 6:  # 中午1点
        return hour + 12
    return hour


def check_date(text: str, today: date, lang: str) -> str | None:
    if text.strip() and dates.parse_date(text, today, lang) is None:
        return "setup.invalid.date"
    return None


def check_times(start: str, end: str) -> str | None:
    """A message for the start–end pair: unreadable time, or the end not after the start."""
    first, last = parse_clock_time(start), parse_clock_time(end)
    if (start.strip() and first is None) or (end.strip() and last is None):
        return "setup.invalid.time"
    if first and last and last <= first:
        return "setup.invalid.end_before_start"
    return None


def check_period_dates(start: str, end: str, today: date, lang: str) -> str | None:
    first = dates.parse_date(start, today, lang) if start.strip() else None
    last = dates.parse_date(end, today, lang) if end.strip() else None
    if (start.strip() and first is None) or (end.strip() and last is None):
        return "setup.invalid.date"
    if first and last and last < first:
        return "setup.invalid.period_order"
    return None


def read_minutes(text: str) -> tuple[int | None, str | None]:
    """(minutes to store or None, message key or None) for the planned length as typed."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if not normal.isdigit():
        return None, "setup.invalid.minutes_number"
    minutes = int(normal)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        return None, "setup.invalid.minutes_range"
    low, high = SUGGESTED_MINUTES
    if not low <= minutes <= high:
        return minutes, "setup.hint.minutes"
    return minutes, None
