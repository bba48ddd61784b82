"""Under --lang zh, no English word on any screen: Textual's own strings (the palette's placeholder
and "no matches", the Select menu's key), ours, dates and the lock dialog all read as Chinese.

Each screen is walked by keys and its visible text collected from the exported SVG (what the
terminal shows, footer included); any run of two or more ASCII letters outside the allow-list of
legitimate tokens (key names, the program's name, the demo's ids and units) fails the test."""

from __future__ import annotations

import html
import re
import socket

from perf_tui.demo import build_demo_record
from perf_tui.model import Amendment, SignOff
from perf_tui.store import open_repository

# Tokens a Chinese user legitimately sees: key names as Textual displays them, the program's
# name, units and abbreviations used in Chinese business writing, and machine tokens.
ALLOWED = {
    "ctrl", "esc", "tab", "enter", "shift", "alt", "space", "del", "delete", "home", "end", "pgup", "pgdn",
    "up", "down", "left", "right", "backspace", "ins", "insert",
    "perf", "tui", "demo", "list", "export", "toml", "json", "md", "html", "eml", "ics", "csv", "pdf",
    "markdown", "kpi", "okr", "smart", "why", "hr", "id", "pid", "min", "ms", "en", "zh", "kb",
    "english",  # the language switch names English in English, as language menus do
}
WORD = re.compile(r"[A-Za-z]{2,}")


def screen_text(app) -> str:
    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<>]*)</text>", svg)))


def english_words(text: str, extra: set[str] = frozenset()) -> list[str]:
    allowed = ALLOWED | {w.lower() for w in extra}
    # e-mail addresses, paths and ids are machine tokens
    text = re.sub(r"\S+@\S+|[\w.~-]*/[\w./~-]+|\b[0-9a-f]{6,}\b", " ", text)
    return sorted({w for w in WORD.findall(text) if w.lower() not in allowed})


async def settle(pilot, seconds: float = 0.05) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(seconds)


def seen_english(app, where: str, problems: dict[str, list[str]], extra: set[str] = frozenset()) -> None:
    words = english_words(screen_text(app), extra)
    if words:
        problems[where] = words


def stored_demo(data_dir, clock, *, signed: bool = False):
    record = build_demo_record("zh", clock())
    if signed:
        stamp = "2026-11-30T01:20:11+00:00"
        record.confirmation.supervisor_signoff = SignOff(name=record.supervisor.name, signed_at=stamp)
        record.confirmation.employee_signoff = SignOff(name=record.employee.name, signed_at=stamp)
        record.amendments.append(Amendment(at=stamp, author=record.supervisor.name, section="review",
                                           text="补充：投诉率数据已复核。"))
    repo = open_repository(data_dir, clock=clock)
    repo.create(record)
    repo.close()
    return record


async def test_every_screen_in_chinese_shows_no_english_word(make_app, data_dir, clock):
    record = stored_demo(data_dir, clock)
    app = make_app(lang="zh")
    problems: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen_english(app, "home", problems)

        await pilot.press("ctrl+c")  # Textual's "Do you want to quit?" reminder
        await settle(pilot)
        assert any("Ctrl+Q" in str(n.message) for n in app._notifications), list(app._notifications)
        seen_english(app, "home after Ctrl+C", problems, {"Ctrl", "Q"})
        app.clear_notifications()

        await pilot.press("ctrl+p")
        await settle(pilot)
        seen_english(app, "palette", problems)
        await pilot.press(*"qqxqz")
        await settle(pilot, 0.8)  # Textual shows "no matches" after 0.5 s
        text = screen_text(app)
        assert "没有匹配项" in text
        seen_english(app, "palette without matches", problems, {"qqxqz"})
        await pilot.press("escape")
        await settle(pilot)

        app.search_themes()
        await settle(pilot)
        await pilot.press(*"zzqq")
        await settle(pilot, 0.8)
        seen_english(app, "theme search", problems, {"zzqq"})
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f1")
        await settle(pilot)
        seen_english(app, "help", problems)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExportScreen"
        suggested = app.screen.query_one("#export-path").value
        assert suggested.rsplit("/", 1)[-1].startswith("绩效面谈_")  # named in Chinese
        seen_english(app, "export dialog", problems)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("v")
        await settle(pilot)
        seen_english(app, "versions", problems)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("ctrl+t")
        await settle(pilot)
        seen_english(app, "trash", problems)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("ctrl+n")
        await settle(pilot, 0.2)
        assert type(app.screen).__name__ == "SetupScreen"
        seen_english(app, "setup", problems)
        app.screen.query_one("#interview-type").focus()
        await pilot.press("enter")  # the Select's menu opens: its Esc key is in the footer
        await settle(pilot)
        text = screen_text(app)
        assert "收起菜单" in text
        seen_english(app, "setup with a menu open", problems)
        await pilot.press("escape")
        await settle(pilot)

        app.open_session(record.id)
        await settle(pilot, 0.2)
        assert type(app.screen).__name__ in ("MeetingScreen", "SetupScreen")
        if type(app.screen).__name__ == "SetupScreen":
            await pilot.press("ctrl+g")
            await settle(pilot, 0.2)
        for n in range(1, 6):
            await pilot.press(f"alt+{n}")
            await settle(pilot, 0.1)
            seen_english(app, f"meeting stage {n}", problems)
    assert problems == {}


async def test_a_signed_record_in_chinese_shows_its_dates_and_amendments_in_chinese(make_app, data_dir, clock):
    record = stored_demo(data_dir, clock, signed=True)
    app = make_app(lang="zh", start=("open", record.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        assert type(app.screen).__name__ == "MeetingScreen"
        await pilot.press("alt+5")
        await settle(pilot, 0.2)
        text = screen_text(app)
        assert "补充：投诉率数据已复核。" in text and "绩效回顾" in text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text  # no ISO date or timestamp
        assert english_words(text) == []


async def test_the_lock_dialog_shows_the_time_as_a_chinese_reader_writes_it(make_app, data_dir, clock):
    record = stored_demo(data_dir, clock)
    other = open_repository(data_dir, clock=clock)
    lease = other.acquire(record.id)
    try:
        app = make_app(lang="zh", start=("open", record.id))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, 0.2)
            assert type(app.screen).__name__ == "LockedScreen"
            text = screen_text(app)
            body = " ".join(str(w.render()) for w in app.screen.query(".dialog-body"))  # unwrapped
            assert not re.search(r"\d{4}-\d{2}-\d{2}T", text + body), text  # no raw ISO timestamp
            assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", body), body
            host_words = set(WORD.findall(socket.gethostname()))  # the lock holder's machine: a name
            assert english_words(text, host_words) == []
    finally:
        lease.release()
        other.close()


async def test_home_palette_lists_each_command_once(make_app, data_dir, clock):
    stored_demo(data_dir, clock)
    for lang in ("en", "zh"):
        app = make_app(lang=lang)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert len(titles) == len(set(titles)), titles
            assert any(command.callback for command in app.get_system_commands(app.screen))
