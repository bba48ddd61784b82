"""Dates and times as a reader of the language writes them: the one place the app, the CLI and
the exporters turn a stored ISO value into text for people.

    format_moment("2026-11-30T01:20:11+00:00", "zh")  -> "2026年11月30日 09:20" (local time)
    format_moment("2026-11-30T01:20:11+00:00", "en")  -> "30 Nov 2026 09:20"
    format_day("2026-10-20", "zh")                      -> "2026年10月20日"

Stored values stay ISO (machine formats: JSON, ics, email headers, backups); only what a person
reads goes through here. A value that is not ISO is what someone typed and comes back unchanged.
Headless: no Textual.
"""

from __future__ import annotations

from datetime import date, datetime

from perf_tui import i18n
from perf_tui.dates import format_date


def parse_moment(value: str | datetime | None) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def format_moment(value: str | datetime | None, lang: str | None = None, *, local: bool = True,
                  seconds: bool = False) -> str:
    """A date and time for people: the date as the language writes it, then HH:MM(:SS).

    local: an aware moment is shown in this machine's time zone (a lock taken "since 01:20 UTC"
    reads as the local hour); otherwise in the offset it was stored with."""
    lang = lang or i18n.current_language()
    moment = parse_moment(value)
    if moment is None:
        return "" if value is None else str(value)
    if local and moment.tzinfo is not None:
        moment = moment.astimezone()
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{format_date(moment.date(), lang)} {clock}"


def format_day(value: str | date | None, lang: str | None = None) -> str:
    """A date for people ("20 Oct 2024" / "2024年10月20日"); text that is not a date unchanged."""
    return format_date(value, lang or i18n.current_language())
