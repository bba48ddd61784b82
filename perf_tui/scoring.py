"""Achievement rate (direction-aware) and the suggested grade A-D.

Targets and actuals are stored as typed ("≤5%", "1个项目", "８％", "1,200", "3.5h"), so scoring
starts by reading a quantity out of the text. The rate is always "how well was the goal met",
100% meaning exactly met, whichever way the goal points:

- higher is better (sales, deliveries):      rate = actual / target * 100
- lower is better (complaint rate, defects): rate = target / actual * 100

The form's own example, complaint rate target ≤5% actual 8%, therefore reads 62.5% (missed, C),
not the form's 8/5 = 160% which looks like over-achievement.

Edge cases, decided once here:
- unparseable target or actual, or a negative value: no rate (None); the grade is then only
  what the user sets.
- higher is better with target 0: undefined, None.
- lower is better with actual 0: the goal was beaten completely; the rate is LOWER_BETTER_CAP
  (200%) when the target is positive and 100% when the target is also 0 ("0 defects" met).
- lower is better with target 0 and actual above 0: 0% (a zero-tolerance goal was missed).
- lower is better rates are capped at LOWER_BETTER_CAP, because target/actual explodes as the
  actual nears 0 (target 5%, actual 0.01% would otherwise be 50000%).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Mapping

from perf_tui.config import DEFAULT_GRADE_THRESHOLDS
from perf_tui.model import GRADES, Direction, Goal

LOWER_BETTER_CAP = Decimal(200)
_HUNDRED = Decimal(100)
_RATE_STEP = Decimal("0.1")

COMPARATORS = ("<=", ">=", "<", ">", "=")


@dataclass(frozen=True)
class Quantity:
    """A number read from typed text: value, the unit after it ("%", "个项目", "h") and a comparator."""

    value: Decimal
    unit: str = ""
    comparator: str = ""  # "" or one of COMPARATORS


# Words that act as a comparator before (or, for 以内/以下/以上, after) the number.
_PREFIX_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("<=", "<="), (">=", ">="), ("=<", "<="), ("=>", ">="),
    ("≤", "<="), ("⩽", "<="), ("≦", "<="), ("≥", ">="), ("⩾", ">="), ("≧", ">="),
    ("<", "<"), (">", ">"), ("＜", "<"), ("＞", ">"), ("=", "="), ("≈", ""), ("~", ""), ("约", ""),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("最多", "<="), ("至多", "<="),
    ("不低于", ">="), ("不少于", ">="), ("至少", ">="), ("最少", ">="),
    ("低于", "<"), ("少于", "<"), ("小于", "<"), ("高于", ">"), ("多于", ">"), ("大于", ">"), ("超过", ">"),
    ("at most", "<="), ("no more than", "<="), ("up to", "<="),
    ("at least", ">="), ("no less than", ">="),
    ("less than", "<"), ("under", "<"), ("below", "<"),
    ("more than", ">"), ("over", ">"), ("above", ">"),
)
_SUFFIX_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("以内", "<="), ("以下", "<="), ("以上", ">="), ("or less", "<="), ("or fewer", "<="),
    ("or more", ">="),
)

_NUMBER = re.compile(r"(?<![\d.])([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+")

# A date is not a quantity: "30 Sep" against "10 Oct" must not read as 30 vs 10. These match the
# ways a date is typed (see dates.py); a number inside one of them is part of a date.
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ZH_NUM = r"[\d〇零一二三四五六七八九十]"
_DATE = re.compile(
    "|".join((
        r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}",  # 2024-09-30, 2024/9/30, 2024年9月30日
        rf"(?<![\d.,]){_DAY}(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTH}\b",  # 30 Sep, 1st of October
        rf"\b{_MONTH}\.?\s*{_DAY}(?:st|nd|rd|th)?(?![\d.,]*\d)",  # Sep 30, Sept. 30th
        rf"(?:\d{{4}}\s*年\s*)?(?<![\d.]){_ZH_NUM}{{1,3}}\s*月",  # 9月30日, 九月底, 9月 (months: 9个月)
        rf"(?<![\d.,/]){_DAY}/{_DAY}(?:/\d{{2,4}})?(?![\d/])",  # 30/9, 9/30, 30/9/2024
        rf"(?<![\d.,]){_DAY}([.-]){_DAY}\1\d{{2,4}}(?!\d)",  # 30.9.2024, 30-09-24 (3.5 is a number)
    )),
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    # NFKC turns full-width digits and signs (８％, ＜) into ASCII; the ≤/≥ signs survive it.
    return unicodedata.normalize("NFKC", text).strip()


def _chinese_number(word: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 三百零五 -> 305, 三百五 -> 350 (as it is said: the digit
    after 百 without 零 is the tens); anything odd -> None."""
    total, current, last_unit, zero = 0, None, 1, False
    for ch in word:
        if ch in "零〇":
            zero = True  # a gap in the places: 三百零五 is 305
            continue
        if ch in _CN_DIGITS:
            if current is not None:
                return None
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current if current is not None else 1) * 10
            current, last_unit = None, 10
        elif ch == "百":
            if current is None:
                return None
            total += current * 100
            current, last_unit = None, 100
    if current is not None:
        total += current * (10 if last_unit == 100 and not zero else 1)
    return total


def _ends_with_word(text: str, word: str) -> bool:
    # "turnover" must not read as "over": English words need a boundary before them.
    if not text.endswith(word):
        return False
    if not word[0].isascii() or not word[0].isalpha():
        return True
    before = text[: len(text) - len(word)]
    return not before or not before[-1].isalpha()


def _comparator_before(prefix: str) -> str:
    head = prefix.strip().lower()
    for word, comparator in _PREFIX_COMPARATORS:
        if _ends_with_word(head, word):
            return comparator
    return ""


def _comparator_after(unit: str) -> tuple[str, str]:
    lowered = unit.lower()
    for word, comparator in _SUFFIX_COMPARATORS:
        if lowered.endswith(word):
            return comparator, unit[: len(unit) - len(word)].strip()
    return "", unit


def parse_quantity(text: str | None) -> Quantity | None:
    """The first number in `text` with its unit and comparator, or None when there is no number.

    Never raises, whatever the text.
    """
    if not text:
        return None
    try:
        normal = _normalise(str(text))
    except (TypeError, ValueError):
        return None
    match = _NUMBER.search(normal)
    if match:
        sign, digits = match.group(1), match.group(2).replace(",", "")
        try:
            value = Decimal(sign + digits)
        except InvalidOperation:
            return None
        prefix, rest = normal[: match.start()], normal[match.end():]
    else:
        cn = _CN_NUMBER.search(normal)
        number = _chinese_number(cn.group(0)) if cn else None
        if number is None or cn is None:
            return None
        value = Decimal(number)
        prefix, rest = normal[: cn.start()], normal[cn.end():]
    if _inside_a_date(normal, len(prefix), len(normal) - len(rest)):
        return None
    comparator = _comparator_before(prefix)
    unit = rest.strip()
    after, unit = _comparator_after(unit)
    return Quantity(value=value, unit=unit, comparator=comparator or after)


def _inside_a_date(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is part of a date ("30 Sep", "9月30日", "2024-09-30")."""
    return any(m.start() <= start and end <= m.end() for m in _DATE.finditer(text))


def _direction_of(goal: Goal) -> Direction:
    try:
        return Direction(goal.direction)
    except ValueError:
        return Direction.HIGHER


def _rate_lower_is_better(target: Decimal, actual: Decimal) -> Decimal:
    if actual == 0:
        return _HUNDRED if target == 0 else LOWER_BETTER_CAP
    return min(target / actual * _HUNDRED, LOWER_BETTER_CAP)


def achievement_rate(goal: Goal) -> Decimal | None:
    """How well `goal` was met, in percent (100 = exactly met), rounded to 0.1; None when undefined."""
    target, actual = parse_quantity(goal.target), parse_quantity(goal.actual)
    if target is None or actual is None or target.value < 0 or actual.value < 0:
        return None
    if _direction_of(goal) is Direction.LOWER:
        rate = _rate_lower_is_better(target.value, actual.value)
    elif target.value == 0:
        return None
    else:
        rate = actual.value / target.value * _HUNDRED
    return _round_rate(rate)


def _round_rate(rate: Decimal) -> Decimal:
    try:
        return rate.quantize(_RATE_STEP, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds (actual 10^40 x the target)
        return rate.to_integral_value(rounding=ROUND_HALF_UP)


def format_rate(rate: Decimal | None) -> str:
    """62.5 -> "62.5%", 100.0 -> "100%", None -> ""."""
    if rate is None:
        return ""
    text = f"{rate:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def suggest_grade(rate: Decimal | None, thresholds: Mapping[str, float] | None = None) -> str | None:
    """A at or above thresholds["A"], then B, then C; below C is D. None when there is no rate."""
    if rate is None:
        return None
    limits = {**DEFAULT_GRADE_THRESHOLDS, **(thresholds or {})}
    for grade in ("A", "B", "C"):
        if rate >= Decimal(str(limits[grade])):
            return grade
    return "D"


def normalise_grade(text: str | None) -> str:
    """The override as stored ("a ", "Ｂ") -> "A"/"B"; anything not a grade -> ""."""
    grade = _normalise(text or "").upper()
    return grade if grade in GRADES else ""


def effective_grade(goal: Goal, thresholds: Mapping[str, float] | None = None) -> tuple[str | None, bool]:
    """(grade, is_override): the user's override when set, else the suggested grade (may be None)."""
    override = normalise_grade(goal.grade_override)
    if override:
        return override, True
    return suggest_grade(achievement_rate(goal), thresholds), False


def infer_direction(target_text: str | None) -> Direction | None:
    """A suggestion from the target as typed: "≤5%" -> lower is better, "≥90" -> higher; else None."""
    quantity = parse_quantity(target_text)
    if quantity is None:
        return None
    if quantity.comparator in ("<=", "<"):
        return Direction.LOWER
    if quantity.comparator in (">=", ">"):
        return Direction.HIGHER
    return None
