"""Textual's own wrapping breaks Chinese like Chinese once the app is imported (labels, hints,
findings, notifications, the notes' soft wrap): a line is filled between CJK characters instead of
breaking at the last space before a run of Chinese; and the footer at 40 columns keeps every
character of the palette key."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static, TextArea

import perf_tui.app  # noqa: F401  (installs the line breaker, as running the app does)
from perf_tui.text import cell_width

TEXT = "缺陷率 3.5% 未达标，原因是样本量不足，需要扩大调研范围"


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


class Harness(App):
    CSS = "Static, TextArea { width: 22; height: auto; } TextArea { border: none; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield Static(TEXT, id="label")
        yield TextArea(TEXT, soft_wrap=True, show_line_numbers=False, id="notes")


async def test_a_label_fills_its_line_before_breaking_into_chinese():
    app = Harness()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        label = app.query_one("#label", Static)
        lines = [line.rstrip() for line in screen_lines(app)[: label.size.height]]
        # Textual alone: "缺陷率 3.5%" / "未达标，原因是样本量" ...: the first line stops short.
        assert lines[0].startswith("缺陷率 3.5% 未达标，")
        assert "".join(lines) == TEXT
        assert all(cell_width(line) <= 22 for line in lines)


async def test_the_notes_soft_wrap_fills_its_line_too():
    app = Harness()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        notes = app.query_one("#notes", TextArea)
        top = notes.region.y
        lines = [line[:22].rstrip() for line in screen_lines(app)[top: top + notes.size.height]]
        assert lines[0].startswith("缺陷率 3.5% 未达标")
        assert "".join(line for line in lines if line) == TEXT
        # The cursor still walks the text the way it is shown: End on the first row stops there.
        notes.move_cursor((0, 0))
        await pilot.press("end")
        assert notes.cursor_location[1] > len("缺陷率 3.5% ")


async def test_a_notification_in_chinese_fills_its_lines(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(60, 16), notifications=True) as pilot:
        await pilot.pause()
        app.notify(TEXT * 2, timeout=30)
        await pilot.pause(0.3)
        shown = [line for line in screen_lines(app) if "缺陷率" in line or "样本" in line]
        assert shown, screen_lines(app)
        first = next(line for line in shown if "缺陷率 3.5%" in line)
        assert "缺陷率 3.5% 未" in first  # not "缺陷率 3.5%" alone on its line


@pytest.mark.parametrize("lang, palette", [("zh", "^p 命令"), ("en", "^p Commands")])
async def test_the_footer_at_the_narrowest_size_keeps_the_palette_key_whole(make_app, lang, palette):
    # The keys that do not fit used to run on under the palette key, and the compositor cut it at
    # their edges: "^p   令" (seen at 40 columns; below 70×18 the app now shows only its "make the
    # window larger" screen, so the narrowest footer a user sees is at 70 columns).
    from perf_tui.widgets.typing import MIN_HEIGHT, MIN_WIDTH

    app = make_app(lang=lang, start=("new",))
    async with app.run_test(size=(MIN_WIDTH, MIN_HEIGHT)) as pilot:
        for _ in range(50):  # the footer fills in once the screen's bindings are known
            await pilot.pause(0.05)
            footer = (screen_lines(app) or [""])[-1]
            if "^p" in footer:
                break
        assert footer.rstrip().endswith(palette), footer
        assert cell_width(footer) == MIN_WIDTH


def test_the_hooks_are_in_place():
    # Textual has no setting for its line breaker: the app replaces the functions its renderers
    # call. If a new Textual renames them, this fails before a user sees short lines again.
    import rich.text
    import textual.content
    import textual.document._wrapped_document as wrapped_document

    for hooked in (textual.content.divide_line, rich.text.divide_line,
                   wrapped_document.compute_wrap_offsets):
        assert getattr(hooked, "_perf_tui", False), hooked


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_meeting_footer_at_the_narrowest_size_shows_only_whole_labels(make_app, clock, lang, show_meeting):
    # Seen in tmux at 70 columns: "^s Sav▏^p Commands" (the compact footer's key margins were not
    # counted). A key that does not fit whole is left out; F1 lists every key anyway.
    from perf_tui.model import Person, new_record
    from perf_tui.widgets.typing import MIN_HEIGHT, MIN_WIDTH

    app = make_app(lang=lang)
    record = new_record(now_iso=clock().isoformat(), lang=lang, supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    app.repo.create(record)
    async with app.run_test(size=(MIN_WIDTH, MIN_HEIGHT)) as pilot:
        await show_meeting(app, pilot, record)
        await pilot.pause(0.1)
        footer = screen_lines(app)[-1]
        keys = footer.split("▏")[0].rstrip()
        labels = {"en": ("Next", "Pause", "Add", "Private", "Quit", "Help", "Save"),
                  "zh": ("下一阶段", "暂停", "添加", "私人笔记", "退出", "帮助", "保存")}[lang]
        last = keys.split()[-1]
        assert last in labels, footer
        assert cell_width(footer) == MIN_WIDTH
