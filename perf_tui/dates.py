"""Dates, deadlines and periods from what a person types (python-dateutil underneath).

Nothing here reads the clock: `today` is passed in. Nothing here raises on what a person typed:
text that is not understood gives None.

- parse_date("20 Oct", today, "en") -> the next 20 October on or after today (deadlines lie
  ahead, so a date without a year means its next occurrence). ISO, "Oct 20", "10/20",
  "10月20日", "2024年10月20日", "9月底" / "end of Sep", "today"/"今天", "tomorrow"/"明天",
  "friday"/"周五" (the next one, today excluded), "next friday"/"下周五" (the one in next week),
  "in 3 days"/"3天后" are understood.
- format_date(date, lang) -> "20 Oct 2024" / "2024年10月20日".
- parse_period("2024 Q3" / "2024年Q3" / "2024年第三季度" / "2024 H1" / "2024上半年" / "2024" /
  "2024-07" / "2024-07-01 to 2024-09-30") -> (first day, last day).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta

from dateutil import parser as _dateutil_parser

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_WEEKDAYS_EN = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS_EN.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?$")
_ZH_DATE = re.compile(r"^(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_ZH_MONTH_END = re.compile(r"^(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(?:底|末)$")
_EN_MONTH_END = re.compile(r"^(?:the\s+)?end\s+of\s+([a-z]+)\.?(?:\s+(\d{4}))?$")
_IN_DAYS = re.compile(r"^(?:in\s+(\d{1,3})\s+days?|(\d{1,3})\s*天(?:后|之后|以后))$")
_RELATIVE = {"today": 0, "今天": 0, "今日": 0, "tomorrow": 1, "明天": 1, "明日": 1, "后天": 2,
             "day after tomorrow": 2}

_MAX_INPUT = 200  # no person types a date longer than this; longer text is not a date


def _normalise(text: str) -> str:
    # NFKC: full-width digits and letters (２０２４年１０月２０日) become ASCII.
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _next_occurrence(month: int, day: int, today: date) -> date | None:
    """The first month/day on or after today; Feb 29 waits for the next leap year."""
    for year in range(today.year, today.year + 9):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _with_year(year: str | None, month: int, day: int, today: date) -> date | None:
    if year:
        return _safe_date(int(year), month, day)
    return _next_occurrence(month, day, today)


def _month_end(year: str | None, month: int, today: date) -> date | None:
    if not 1 <= month <= 12:
        return None
    if year:
        return _safe_date(int(year), month, calendar.monthrange(int(year), month)[1])
    for y in (today.year, today.year + 1):
        end = date(y, month, calendar.monthrange(y, month)[1])
        if end >= today:
            return end
    return None


def _weekday(text: str, today: date) -> date | None:
    """"friday"/"周五" -> the next Friday after today; "next friday"/"下周五" -> Friday of next week."""
    match = re.fullmatch(r"(next\s+|this\s+)?([a-z]+)", text)
    if match and match.group(2) in _WEEKDAYS_EN:
        target, which = _WEEKDAYS_EN[match.group(2)], (match.group(1) or "").strip()
    else:
        match = re.fullmatch(r"(下|本|这)?(?:周|星期|礼拜)([一二三四五六日天])", text)
        if not match:
            return None
        target, which = _WEEKDAYS_ZH[match.group(2)], {"下": "next", "本": "this", "这": "this"}.get(
            match.group(1) or "", "")
    if which == "next":
        monday_next_week = today + timedelta(days=7 - today.weekday())
        return monday_next_week + timedelta(days=target)
    if which == "this":
        return today + timedelta(days=target - today.weekday())
    ahead = (target - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _relative(text: str, today: date) -> date | None:
    if text in _RELATIVE:
        return today + timedelta(days=_RELATIVE[text])
    match = _IN_DAYS.fullmatch(text)
    if match:
        return today + timedelta(days=int(match.group(1) or match.group(2)))
    return _weekday(text, today)


def _chinese(text: str, today: date) -> date | None:
    match = _ZH_DATE.fullmatch(text)
    if match:
        return _with_year(match.group(1), int(match.group(2)), int(match.group(3)), today)
    match = _ZH_MONTH_END.fullmatch(text)
    if match:
        return _month_end(match.group(1), int(match.group(2)), today)
    return None


def _numeric(text: str, today: date) -> date | None:
    """"10/20" and "10/20/2024" read month first (as both the form's Chinese and US English do);
    when the first number cannot be a month ("20/10") it is the day."""
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
    month, day = (second, first) if first > 12 else (first, second)
    if year and len(year) == 2:
        year = str(2000 + int(year))
    return _with_year(year, month, day, today)


def _english_month_end(text: str, today: date) -> date | None:
    match = _EN_MONTH_END.fullmatch(text)
    if not match or match.group(1) not in _MONTH_NAMES:
        return None
    return _month_end(match.group(2), _MONTH_NAMES[match.group(1)], today)


_PROBE_A = datetime(2000, 1, 1)
_PROBE_B = datetime(2004, 2, 2)  # both leap years, so 29 Feb parses under either default


def _dateutil(text: str, today: date, lang: str) -> date | None:
    """Free forms ("20 Oct", "Oct 20", "10/20", "20 October 2024") via dateutil.

    Parsing twice with two different defaults tells which parts the text really gave: a part
    that follows the default was missing. A month or day missing means it is not a date.
    """
    try:
        first = _dateutil_parser.parse(text, default=_PROBE_A, dayfirst=False)
        second = _dateutil_parser.parse(text, default=_PROBE_B, dayfirst=False)
    except Exception:  # dateutil raises ValueError, OverflowError, TypeError, IndexError... on odd text
        return None
    if first.month != second.month or first.day != second.day:
        return None
    if first.year != second.year:
        return _next_occurrence(first.month, first.day, today)
    return first.date()


def parse_date(text: str | None, today: date, lang: str = "en") -> date | None:
    """A date from what a person typed, or None. A date without a year is its next occurrence."""
    if not text or len(text) > _MAX_INPUT:
        return None
    normal = _normalise(text).lower().rstrip(".。")
    if not normal:
        return None
    match = _ISO.fullmatch(normal)
    if match:
        return _safe_date(*(int(g) for g in match.groups()))
    if not re.search(r"\d", normal):
        # No digits: a relative word, a weekday or "end of Sep"; never hand dateutil a bare
        # word ("may", "march"), it would invent a day.
        return _relative(normal, today) or _english_month_end(normal, today)
    if _NUMERIC.fullmatch(normal):
        return _numeric(normal, today)
    return (_relative(normal, today) or _chinese(normal, today) or _english_month_end(normal, today)
            or (None if re.search(r"[\u3000-\u9fff]", normal) else _dateutil(normal, today, lang)))


def parse_iso_date(text: str | None) -> date | None:
    """A stored ISO date ("2024-10-20"), or None when empty or damaged."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def format_date(value: date | str | None, lang: str = "en") -> str:
    """"20 Oct 2024" (en) / "2024年10月20日" (zh). An ISO string is accepted; text that is not
    an ISO date comes back unchanged (it is what the person typed), None -> ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        parsed = parse_iso_date(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, datetime):
        value = value.date()
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def format_date_range(start: date | str | None, end: date | str | None, lang: str = "en") -> str:
    """"1 Jul 2024 – 30 Sep 2024" / "2024年7月1日至2024年9月30日"; one side missing -> the other."""
    first, last = format_date(start, lang), format_date(end, lang)
    if first and last:
        return f"{first}至{last}" if lang == "zh" else f"{first} – {last}"
    return first or last


# --------------------------------------------------------------------------- periods

_PERIOD_QUARTER = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:年\s*)?(?:度\s*)?[-/ ]?\s*q([1-4])$")
_PERIOD_QUARTER_FIRST = re.compile(r"^q([1-4])\s*[-/ ]?\s*(\d{4})$")
_PERIOD_QUARTER_ZH = re.compile(r"^(\d{4})\s*年?\s*(?:度\s*)?第?([一二三四1-4])\s*季度?$")
_PERIOD_HALF = re.compile(r"^(\d{4})\s*(?:年\s*)?(?:度\s*)?[-/ ]?\s*h([12])$")
_PERIOD_HALF_ZH = re.compile(r"^(\d{4})\s*年?\s*(?:度\s*)?(上|下)半年度?$")
_PERIOD_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:年度?|年|full year)?$")
_PERIOD_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$")
_RANGE_SPLIT = re.compile(r"\s*(?:至|到|~|～|–|—|\bto\b|\s-\s)\s*")


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def _half(year: int, half: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def _explicit_range(text: str) -> tuple[date, date] | None:
    parts = _RANGE_SPLIT.split(text)
    if len(parts) != 2:
        return None
    # Both ends of a period must be written out; the year of a bare day is not guessed here.
    anchor = date(1, 1, 1)
    start, end = parse_date(parts[0], anchor), parse_date(parts[1], anchor)
    if start is None or end is None or start > end or start.year < 1900:
        return None
    return start, end


def parse_period(text: str | None) -> tuple[date, date] | None:
    """The first and last day of a performance period as typed, or None."""
    if not text or len(text) > _MAX_INPUT:
        return None
    normal = _normalise(text).lower()
    try:
        return _parse_period(normal)
    except (ValueError, OverflowError):  # a year like 0000
        return None


def _parse_period(normal: str) -> tuple[date, date] | None:
    if m := _PERIOD_QUARTER.fullmatch(normal):
        return _quarter(int(m.group(1)), int(m.group(2)))
    if m := _PERIOD_QUARTER_FIRST.fullmatch(normal):
        return _quarter(int(m.group(2)), int(m.group(1)))
    if m := _PERIOD_QUARTER_ZH.fullmatch(normal):
        return _quarter(int(m.group(1)), _CN_QUARTERS[m.group(2)])
    if m := _PERIOD_HALF.fullmatch(normal):
        return _half(int(m.group(1)), int(m.group(2)))
    if m := _PERIOD_HALF_ZH.fullmatch(normal):
        return _half(int(m.group(1)), 1 if m.group(2) == "上" else 2)
    if m := _PERIOD_MONTH.fullmatch(normal):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := _PERIOD_YEAR.fullmatch(normal):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    return _explicit_range(normal)
