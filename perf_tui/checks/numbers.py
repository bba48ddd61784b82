"""Targets and actuals that cannot be read as a quantity are named (目标值/完成值).

scoring.achievement_rate gives no rate when a target or actual has no number in it; without a
message the rate and grade are silently blank. A goal whose target is a date or a deliverable
("Delivered by the end of the period", "周期末前交付", "on time") is graded by hand, so it gets
no message; "abc", "lots", "good" do.

check_goal_numbers(goal) -> [warn "numbers.unreadable" (field, text)] per unreadable field.
no_rate_reason(goal, lang) -> the one line an export shows in place of a blank rate, or "".
"""

from __future__ import annotations

import re
import unicodedata

from perf_tui.checks import Finding, finding
from perf_tui.model import Goal
from perf_tui.scoring import parse_quantity

# A target or actual about a date or a deliverable: graded by hand, not a bad number.
_DATE_OR_DELIVERABLE = re.compile(
    r"\d{1,4}\s*[-/.年月]\s*\d{1,2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\bq[1-4]\b"
    r"|\b(?:deliver\w*|done|complete\w*|finish\w*|on time|late|early|by|before|due|live|launch\w*|ship\w*|"
    r"released?|yes|no|passed|failed|met|not met|achieved|signed|approved|in place|none|zero)\b"
    r"|交付|完成|上线|发布|按时|按期|提前|延迟|延期|逾期|前|已|未|是|否|通过|达成|无|零")


def unreadable(text: str) -> bool:
    """Typed, but neither a quantity nor a date or deliverable."""
    normal = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not normal:
        return False
    return parse_quantity(normal) is None and not _DATE_OR_DELIVERABLE.search(normal)


def check_goal_numbers(goal: Goal) -> list[Finding]:
    return [finding("numbers.unreadable", "warn", field=name, text=getattr(goal, name).strip())
            for name in ("target", "actual") if unreadable(getattr(goal, name))]


def no_rate_reason(goal: Goal, lang: str | None = None) -> str:
    found = check_goal_numbers(goal)
    return found[0].message(lang) if found else ""
