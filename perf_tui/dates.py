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
from dataclasses import dataclass
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
    """"fri"/"周五" -> Friday of this week, or of next week once this week's has passed; "this
    friday"/"本周五" -> Friday of this week (even if past); "next friday"/"下周五" -> Friday of next week."""
    match = re.fullmatch(r"(next|this|coming)?\s*([a-z]+)", text)
    if match and match.group(2) in _WEEKDAYS_EN:
        target, which = _WEEKDAYS_EN[match.group(2)], {"next": "next", "this": "this"}.get(match.group(1) or "", "")
    else:
        match = re.fullmatch(r"(下下个?|下个?|本|这个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])", text)
        if not match:
            return None
        day = match.group(2)
        target = int(day) - 1 if day.isdigit() else _WEEKDAYS_ZH[day]
        prefix = match.group(1) or ""
        which = "after_next" if prefix.startswith("下下") else "next" if prefix.startswith("下") else (
            "this" if prefix else "")
    monday = today - timedelta(days=today.weekday())
    if which == "after_next":
        return monday + timedelta(days=14 + target)
    if which == "next":
        return monday + timedelta(days=7 + target)
    this_week = monday + timedelta(days=target)
    if which == "this" or this_week >= today:
        return this_week
    return this_week + timedelta(days=7)


def _relative(text: str, today: date) -> date | None:
    if text in _RELATIVE:
        return today + timedelta(days=_RELATIVE[text])
    match = _IN_DAYS.fullmatch(text)
    if match:
        return today + timedelta(days=int(match.group(1) or match.group(2)))
    return _weekday(text, today) or _conventional(text, today)


def _chinese(text: str, today: date) -> date | None:
    match = _ZH_DATE.fullmatch(text)
    if match:
        return _with_year(match.group(1), int(match.group(2)), int(match.group(3)), today)
    match = _ZH_MONTH_END.fullmatch(text)
    if match:
        return _month_end(match.group(1), int(match.group(2)), today)
    return None


def _numeric(text: str, today: date) -> date | None:
    """"10/20" and "20/10" are 20 October: only a reading that leaves no doubt is taken ("3/4"
    could be either, so it is not a date)."""
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
    if first <= 12 and second <= 12 and first != second:
        return None  # 3/4: March 4 or 3 April? Only an order that leaves no doubt is a date
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
    return read_date(text, today, lang).date


@dataclass(frozen=True)
class DateReading:
    """What a typed date means: the date, or why it is not one.

    problem: "" (a date), "empty", "vague" (asap, 尽快, ongoing), "period" (Q4, 下季度), "anchor"
    (国庆后, after the holidays), "event" (before the next review, 下次面谈前), "impossible"
    (31/02/2025, 11月31日), "ambiguous" (3/4), "calendar" (a holiday beyond the holiday calendar's
    years) or "unknown".
    """

    date: date | None
    problem: str = ""


def read_date(text: str | None, today: date, lang: str = "en") -> DateReading:
    """Read a date or deadline as people type it, relative to `today` (the interview date).

    Deadline words are understood with the named day itself as the deadline ("10月20日前" -> 20
    Oct, "by Fri" -> Friday); see _conventional for the relative forms.
    """
    if not text or not text.strip():
        return DateReading(None, "empty")
    if len(text) > _MAX_INPUT:
        return DateReading(None, "unknown")
    normal = _arabic_month_days(_normalise(text).lower().rstrip(".。!！;；,，"))
    try:
        found = _parse(normal, today)
        stripped = normal
        if found is None:
            stripped = _strip_deadline_words(normal)
            if stripped != normal and stripped:
                found = _parse(stripped, today)
    except _CalendarGap:
        return DateReading(None, "calendar")
    if found is not None:
        return DateReading(found)
    problem = _why_not_a_date(stripped or normal)
    return DateReading(None, problem if problem != "unknown" else _why_not_a_date(normal))


_CN_MONTH = re.compile(r"(?<![\d〇零一二三四五六七八九十])([一二三四五六七八九十]{1,2})(?=\s*月(?!份?内))")
_CN_DAY = re.compile(r"(?<=月)([一二三四五六七八九十]{1,3})(?=\s*[日号])")


def _arabic_month_days(text: str) -> str:
    """"八月底" -> "8月底", "十月二十日" -> "10月20日" (months and days written in Chinese numerals)."""
    if not re.search(r"[一二三四五六七八九十]", text):
        return text

    def number(match: re.Match[str]) -> str:
        value = _small_number(match.group(1))
        return str(value) if value is not None else match.group(1)

    return _CN_DAY.sub(number, _CN_MONTH.sub(number, text))


def _parse(normal: str, today: date) -> date | None:
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
            or (None if re.search(r"[\u3000-\u9fff]", normal) else _dateutil(normal, today, "en")))


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


# --------------------------------------------------------------------------- deadlines as typed

_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
               "twenty": 20, "thirty": 30}
_ZH_NUMERALS = {"一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _small_number(word: str) -> int | None:
    """"3", "three", "三", "十五", "两" -> the number (up to 99); anything else None."""
    word = word.strip()
    if word.isdigit():
        return int(word)
    if word in _EN_NUMBERS:
        return _EN_NUMBERS[word]
    if word and all(ch in _ZH_NUMERALS or ch == "十" for ch in word) and word.count("十") <= 1:
        tens, _, units = word.partition("十")
        if "十" not in word:
            return _ZH_NUMERALS[word] if len(word) == 1 else None
        value = (_ZH_NUMERALS.get(tens, 0) if tens else 1) * 10 + (_ZH_NUMERALS.get(units, 0) if units else 0)
        return value if (not tens or tens in _ZH_NUMERALS) and (not units or units in _ZH_NUMERALS) else None
    return None


# Words around a deadline that do not change its day: "by", "before", "no later than", "前",
# "之前", "下班前", "完成" ... The named day itself is the deadline ("10月20日前" -> 20 Oct).
_EN_LEAD = re.compile(r"^(?:(?:no|not) later than|at the (?:very )?latest(?: by)?|deadline(?: is)?:?|due(?: date)?:?"
                      r"|due by|due on|by|before|until|till|til|on|for|latest|around)\s+")
_EN_TRAIL = re.compile(r"\s+(?:at the (?:very )?latest|latest|eod|cob|end of (?:the )?day|close of business"
                       r"|(?:in the )?(?:morning|afternoon|evening)|noon|midday|am|pm|\d{1,2}(?::\d\d)?\s*(?:am|pm))$")
_EN_TIME_LEAD = re.compile(r"^(?:eod|cob|end of (?:the )?day|close of business)\s+(?:on\s+)?")
_ZH_LEAD = re.compile(r"^(?:要在|需在|需要在|务必在|请在|最晚|最迟|截止到|截至|截止|在|于|到)\s*")
_ZH_TRAIL = re.compile(r"(?:完成|交付|提交|搞定|交|给到|落实)$")
_ZH_BEFORE = re.compile(r"(?:之前|以前|前|为止|截止)$")
_ZH_TIME_OF_DAY = re.compile(r"(?:下班|上班|中午|上午|下午|晚上|早上|傍晚|午饭|午休|\d{1,2}\s*[点:：]\s*\d{0,2}\s*分?)$")


def _strip_deadline_words(text: str) -> str:
    """"by eod friday" -> "friday", "明天下班前完成" -> "明天", "10月20日前" -> "10月20日"."""
    previous = None
    while previous != text:
        previous = text
        text = _EN_TIME_LEAD.sub("", _EN_LEAD.sub("", text)).strip()
        text = _EN_TRAIL.sub("", text).strip()
        text = _ZH_TRAIL.sub("", _ZH_LEAD.sub("", text)).strip()
        text = _ZH_BEFORE.sub("", text).strip()
        text = _ZH_TIME_OF_DAY.sub("", text).strip()
        text = text.removeprefix("the ").strip(" ,，")
        if text.startswith("by the end of ") or text.startswith("the end of "):
            text = "end of " + text.split("end of ", 1)[1]
    return text


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _friday(today: date, weeks_ahead: int = 0) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(days=4 + 7 * weeks_ahead)


def _quarter_end(year: int, quarter: int) -> date:
    return _last_day(year, 3 * quarter)


def _next_quarter_end(quarter: int, today: date) -> date:
    end = _quarter_end(today.year, quarter)
    return end if end >= today else _quarter_end(today.year + 1, quarter)


_FIXED = {
    "today": 0, "eod": 0, "end of day": 0, "end of the day": 0, "cob": 0, "close of business": 0,
    "end of play": 0, "eop": 0, "tonight": 0, "今天": 0, "今日": 0, "当天": 0, "今晚": 0, "本日": 0,
    "tomorrow": 1, "tmr": 1, "tmrw": 1, "tomorrow eod": 1, "明天": 1, "明日": 1, "明早": 1, "明晚": 1,
    "day after tomorrow": 2, "the day after tomorrow": 2, "后天": 2,
}
_THIS_WEEK_END = {"eow", "end of week", "end of the week", "end of this week", "week end", "weekend", "this weekend",
                  "the weekend", "本周内", "这周内", "周内", "本周末", "这周末", "周末", "这个周末", "本周以内"}
_NEXT_WEEK_END = {"end of next week", "next week end", "eonw", "下周内", "下周末", "下个周末", "下周以内", "下个星期内"}
_MONTH_END = {"end of month", "end of the month", "end of this month", "eom", "month end", "month-end", "end of mo",
              "月底", "月末", "本月底", "本月末", "这个月底", "这个月末", "本月内", "这个月内", "月内", "当月底", "当月内"}
_NEXT_MONTH_END = {"end of next month", "下月底", "下个月底", "下月末", "下个月末", "下月内", "下个月内"}
_QUARTER_END = {"end of quarter", "end of the quarter", "end of this quarter", "eoq", "quarter end", "quarter-end",
                "本季度末", "本季末", "季度末", "季末", "本季度内", "季度内", "这个季度末", "本季度底"}
_NEXT_QUARTER_END = {"end of next quarter", "下季度末", "下个季度末", "下季末", "下季度内", "下个季度内"}
_YEAR_END = {"end of year", "end of the year", "end of this year", "eoy", "year end", "year-end", "年底", "年末",
             "今年底", "今年年底", "今年年末", "年内", "今年内", "本年度内", "本年底", "年终", "本年内"}
_IN_N = re.compile(
    r"^(?:in|within|in the next|within the next)?\s*(\d{1,3}|[a-z]+)\s*(day|days|week|weeks|wk|wks|month|months"
    r"|business days?|working days?|fortnight|hours?|hrs?)(?:\s+(?:from|after)\s+(?:now|today))?$")
_IN_N_ZH = re.compile(r"^(\d{1,3}|[一二两俩三四五六七八九十半]{1,3})\s*个?\s*(天|日|周|星期|礼拜|月|工作日|小时)"
                      r"(?:内|之内|以内|后|之后|以后)?$")
_QUARTER_NAMED = re.compile(r"^(?:end of\s*(?:the\s+)?|eo)q([1-4])$|^q([1-4])\s*(?:end|末|底)$"
                            r"|^(?:第)?([一二三四1-4])\s*季度\s*(?:末|底)$")
_DAY_OF_MONTH = re.compile(r"^(?:(本月|这个月|当月)|(下个?月))?\s*(\d{1,2})\s*(?:st|nd|rd|th|号|日)(?:\s+of\s+(?:the|this)\s+month)?$")
_HOLIDAY_NAMES = {"国庆": "National Day", "国庆节": "National Day", "national day": "National Day",
                  "春节": "Spring Festival", "过年": "Spring Festival", "spring festival": "Spring Festival",
                  "chinese new year": "Spring Festival", "cny": "Spring Festival", "元旦": "New Year's Day",
                  "new year": "New Year's Day", "new year's day": "New Year's Day", "五一": "Labour Day",
                  "劳动节": "Labour Day", "labour day": "Labour Day", "labor day": "Labour Day", "may day": "Labour Day",
                  "清明": "Tomb-sweeping Day", "清明节": "Tomb-sweeping Day", "端午": "Dragon Boat Festival",
                  "端午节": "Dragon Boat Festival", "中秋": "Mid-autumn Festival", "中秋节": "Mid-autumn Festival"}
_HOLIDAY_ZH = re.compile(r"^(国庆节?|春节|过年|元旦|五一|劳动节|清明节?|端午节?|中秋节?)(?:假期|长假|假|节假日|放假)?"
                         r"(?:后|之后|以后|结束后|回来后?|收假后|返岗)(?:的)?(?:第一个工作日|第一天上班|上班第一天|开工第一天|首个工作日|第一个上班日)$")
_HOLIDAY_EN = re.compile(r"^(?:the\s+)?first (?:working|work|business) day after (?:the\s+)?"
                         r"(national day|spring festival|chinese new year|cny|new year's day|new year|labou?r day|may day)"
                         r"(?:\s+(?:holidays?|break))?$")


class _CalendarGap(Exception):
    """A holiday-relative date in a year the holiday calendar does not cover."""


def _after_holiday(name: str, today: date) -> date:
    """The first working day after the holiday called `name` (chinese_calendar), this year's or,
    once it is over, next year's. chinese_calendar is imported here, on first use (~7 ms)."""
    try:
        import chinese_calendar
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise _CalendarGap from exc
    for year in (today.year, today.year + 1):
        try:
            days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
            named = [d for d in days if d.year == year and chinese_calendar.get_holiday_detail(d) == (True, name)]
            if not named:
                raise _CalendarGap
            last = named[0]
            while chinese_calendar.is_holiday(last + timedelta(days=1)):
                last += timedelta(days=1)
            first_working = last + timedelta(days=1)
            while not chinese_calendar.is_workday(first_working):
                first_working += timedelta(days=1)
        except NotImplementedError as exc:  # the calendar has no data for that year
            raise _CalendarGap from exc
        if first_working >= today:
            return first_working
    raise _CalendarGap


def _working_days_later(today: date, count: int) -> date:
    """`count` working days after today: weekends skipped, and Chinese public holidays where the
    holiday calendar knows the year."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover
        chinese_calendar = None
    day = today
    while count > 0:
        day += timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(day) if chinese_calendar else day.weekday() < 5
        except NotImplementedError:
            working = day.weekday() < 5
        count -= working
    return day


def _in_n(text: str, today: date) -> date | None:
    match = _IN_N.fullmatch(text)
    if match:
        number = _small_number(match.group(1)) if match.group(2) != "fortnight" else 1
        unit = match.group(2)
    else:
        match = _IN_N_ZH.fullmatch(text)
        if not match:
            return None
        number, unit = _small_number(match.group(1)), match.group(2)
    if number is None and match.group(1) == "半" and unit == "月":
        return today + timedelta(days=15)  # 半个月内: half a month
    if number is None:
        return None
    if unit.startswith(("hour", "hr")) or unit == "小时":
        return today + timedelta(days=number // 24 + (1 if number > 24 and number % 24 else 0))
    if unit.startswith(("business", "working")) or unit == "工作日":
        return _working_days_later(today, number)
    if unit in ("day", "days", "天", "日"):
        return today + timedelta(days=number)
    if unit in ("week", "weeks", "wk", "wks", "周", "星期", "礼拜"):
        return today + timedelta(days=7 * number)
    if unit == "fortnight":
        return today + timedelta(days=14)
    return _add_months(today, number)


def _day_of_month(text: str, today: date) -> date | None:
    """"by the 15th", "15号前": the 15th of this month if not past, else next month's."""
    match = _DAY_OF_MONTH.fullmatch(text)
    if not match:
        return None
    day = int(match.group(3))
    if not 1 <= day <= 31:
        return None
    first = date(today.year, today.month, 1)
    months = [0] if match.group(1) else ([1] if match.group(2) else [0, 1, 2])
    for offset in months:
        month_start = _add_months(first, offset)
        candidate = _safe_date(month_start.year, month_start.month, day)
        if candidate is not None and (candidate >= today or match.group(1) or match.group(2)):
            return candidate
    return None


def _conventional(text: str, today: date) -> date | None:
    """The ways a deadline is said in a meeting (the conventions the checks and tests use)."""
    if text in _FIXED:
        return today + timedelta(days=_FIXED[text])
    if text in _THIS_WEEK_END:
        return _friday(today)
    if text in _NEXT_WEEK_END:
        return _friday(today, 1)
    if text in _MONTH_END:
        return _last_day(today.year, today.month)
    if text in _NEXT_MONTH_END:
        following = _add_months(date(today.year, today.month, 1), 1)
        return _last_day(following.year, following.month)
    if text in _QUARTER_END:
        return _quarter_end(today.year, (today.month - 1) // 3 + 1)
    if text in _NEXT_QUARTER_END:
        following = _add_months(date(today.year, today.month, 1), 3)
        return _quarter_end(following.year, (following.month - 1) // 3 + 1)
    if text in _YEAR_END:
        return date(today.year, 12, 31)
    if match := _QUARTER_NAMED.fullmatch(text):
        quarter = next(g for g in match.groups() if g)
        return _next_quarter_end(_CN_QUARTERS[quarter], today)
    if match := (_HOLIDAY_ZH.fullmatch(text) or _HOLIDAY_EN.fullmatch(text)):
        return _after_holiday(_HOLIDAY_NAMES[match.group(1)], today)
    return _in_n(text, today) or _day_of_month(text, today)


_VAGUE = re.compile(
    r"^(?:asap|a\.s\.a\.p|soon|soonest|as soon as possible|as soon as we can|asap please|ongoing|on-going|continuous"
    r"|continuously|continual|tbd|tbc|t\.b\.d|n/a|na|later|whenever|eventually|when possible|someday|some day|tba"
    r"|in due course|going forward|from now on|every day|daily|weekly|always|immediately|right away|now|at once"
    r"|尽快|尽早|马上|立即|立刻|赶紧|持续|持续进行|长期|随时|待定|未定|待确认|再说|以后|之后|后续|日常|一直|及时|近期|最近|尽量早)$")
_PERIOD = re.compile(
    r"^(?:(?:fy\s*)?\d{4}\s*(?:年|年度)?\s*)?(?:q[1-4]|h[12]|[上下]半年|第?[一二三四1-4]季度)$|^(?:fy\s*)?\d{4}\s*年?度?$"
    r"|^(?:this|next|the next|coming|following|last)\s+(?:week|month|quarter|year|sprint|cycle|half)$"
    r"|^(?:this|next)\s+(?:fiscal\s+)?year$|^(?:q[1-4]|h[12])\s*\d{4}$|^(?:in\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug"
    r"|sep|sept|oct|nov|dec)[a-z]*(?:\s+\d{4})?$|^(?:mid|early|late)[- ]\S+$"
    r"|^(?:下个?|本|这个?|今|明|来)(?:周|星期|礼拜|月|季度|季|年|年度|半年)$|^(?:下半年|上半年|明年|今年|年初|月初|月中|下旬|上旬|中旬)$"
    r"|^\d{1,2}\s*月(?:份|中旬|上旬|下旬|初|中)?$|^(?:下个?|本)?月(?:初|中)$")
_ANCHOR = re.compile(
    r"^(?:after|post)\s+(?:the\s+)?(?:holidays?|break|new year|national day|spring festival|chinese new year|cny"
    r"|summer|vacation|christmas|xmas|easter)(?:\s+(?:holidays?|break))?$"
    r"|^(?:国庆|国庆节|春节|过年|元旦|五一|劳动节|清明|端午|中秋|节|假期|放假|年|寒假|暑假|长假)(?:后|之后|以后|回来|结束后|过后|以来)$"
    r"|^节后|^年后|^假期后")
_EVENT = re.compile(r"^(?:before|after|by|until|ahead of|prior to|in time for|once)\s+|^(?:the\s+)?next\s+[a-z0-9:]+|^(?:下次|下一次|下一轮|下轮|本次|这次)"
                    r"|(?:之前|以前|前|后|之后|以后)$")
_IMPOSSIBLE_SHAPES = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?$"),
    re.compile(r"^(?:\d{4}\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(rf"^(?:{'|'.join(sorted(_MONTH_NAMES, key=len, reverse=True))})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?$"),
    re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{'|'.join(sorted(_MONTH_NAMES, key=len, reverse=True))})\.?(?:,?\s+\d{{4}})?$"),
)


def _why_not_a_date(text: str) -> str:
    if _VAGUE.fullmatch(text):
        return "vague"
    if _ANCHOR.search(text):
        return "anchor"
    if _PERIOD.fullmatch(text):
        return "period"
    numeric = _NUMERIC.fullmatch(text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12:
        return "ambiguous"
    if any(shape.fullmatch(text) for shape in _IMPOSSIBLE_SHAPES):
        return "impossible"
    if _EVENT.search(text):
        return "event"
    return "unknown"


def parse_event_date(text: str | None, today: date, lang: str = "en",
                     period: tuple[date, date] | None = None) -> date | None:
    """A date of something that happened (a key event): a day typed without a year takes the year
    that puts it nearest the interview period ("7月1日" in a 2025 上半年 interview is 2025-07-01
    whatever today's year is); without a period, the latest such day on or before today (an event
    gathered before the meeting has happened). A year typed is kept."""
    reading = read_date(text, today, lang)
    normal = _normalise(text or "")
    if reading.date is None or re.search(r"\d{4}", normal) or not re.search(r"\d", normal):
        return reading.date
    month, day = reading.date.month, reading.date.day
    if period is None:
        for year in range(today.year, today.year - 9, -1):  # 29 Feb looks back to the last leap year
            candidate = _safe_date(year, month, day)
            if candidate is not None and candidate <= today:
                return candidate
        return reading.date
    first, last = min(period), max(period)
    candidates = [c for c in (_safe_date(y, month, day) for y in range(first.year - 4, last.year + 5)) if c]

    def distance(candidate: date) -> int:
        if first <= candidate <= last:
            return 0
        return min(abs((candidate - first).days), abs((candidate - last).days))

    return min(candidates, key=distance) if candidates else reading.date


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
