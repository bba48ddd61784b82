"""The period's dates filled in from "2025 H1" are a suggestion: typing a date in the field
replaces it (it used to be appended: "2025-01-012025-02-01"); a date the person typed is theirs
and is never replaced by a keystroke."""

from __future__ import annotations

from textual.widgets import Input

from perf_tui.clock import iso
from perf_tui.model import new_record
from perf_tui.screens.setup import SetupScreen

KEYS = {" ": "space", "-": "minus"}


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[KEYS.get(ch, ch) for ch in text])


async def open_setup(app, pilot, record) -> SetupScreen:
    await pilot.pause()
    app.open_setup(record)
    await pilot.pause()
    assert isinstance(app.screen, SetupScreen)
    return app.screen


async def test_typing_in_a_filled_in_period_date_replaces_it(make_app, clock):
    app = make_app()
    record = new_record(now_iso=iso(clock()))
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(app, pilot, record)
        start, end = screen.query_one("#period-start", Input), screen.query_one("#period-end", Input)
        screen.query_one("#period", Input).focus()
        await type_text(pilot, "2025 H1")
        assert (start.value, end.value) == ("2025-01-01", "2025-06-30")
        await pilot.press("tab")
        assert screen.focused is start
        await type_text(pilot, "2025-02-01")
        assert start.value == "2025-02-01"
        assert record.period_start == "2025-02-01"
        # arrows keep a suggestion to edit it: the end of June becomes the 15th
        await pilot.press("tab")
        assert screen.focused is end
        await pilot.press("end", "backspace", "backspace")
        await type_text(pilot, "15")
        assert end.value == record.period_end == "2025-06-15"
        # back into the date typed by hand: the cursor is at its end, nothing is selected
        await pilot.press("shift+tab")
        assert screen.focused is start and start.selection.is_empty
        assert start.cursor_position == len("2025-02-01")


async def test_reopened_dates_that_are_the_periods_own_are_still_a_suggestion(make_app, clock):
    app = make_app()
    record = new_record(now_iso=iso(clock()))
    record.period, record.period_start, record.period_end = "2025 H1", "2025-01-01", "2025-03-31"
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(app, pilot, record)
        # what is shown is what is stored (the period's first Changed on mount used to show its
        # own end, 2025-06-30, over the stored 2025-03-31)
        assert screen.query_one("#period-end", Input).value == "2025-03-31"
        screen.query_one("#period", Input).focus()
        await pilot.press("tab")
        await type_text(pilot, "2025-01-06")
        assert record.period_start == "2025-01-06"  # the period's own start: replaced
        await pilot.press("tab")
        await pilot.press("1")
        assert record.period_end == "2025-03-311"  # typed by hand before: kept, appended to


async def test_a_new_period_moves_suggested_dates_but_keeps_dates_typed_by_hand(make_app, clock):
    app = make_app()
    record = new_record(now_iso=iso(clock()))
    record.period, record.period_start, record.period_end = "2025 H1", "2025-01-01", "2025-03-31"
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(app, pilot, record)
        screen.query_one("#period", Input).focus()
        await pilot.press("end", "backspace", "backspace")
        await type_text(pilot, "Q2")
        # the end was typed by hand (not H1's end): both stay, as the person wrote them
        assert (record.period_start, record.period_end) == ("2025-01-01", "2025-03-31")
