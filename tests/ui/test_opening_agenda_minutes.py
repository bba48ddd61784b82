"""The opening stage states the agenda in whole minutes per stage; they add up to the planned
length (each stage rounded on its own showed 61 of 60)."""

from __future__ import annotations

import re

import pytest

from perf_tui.clock import iso
from perf_tui.model import Person, new_record


@pytest.mark.parametrize("minutes", [60, 30, 90])
async def test_opening_agenda_minutes_add_up_to_the_planned_length(make_app, clock, minutes, show_meeting):
    app = make_app()
    record = new_record(now_iso=iso(clock()), lang="en", planned_minutes=minutes)
    record.employee = Person("Alex Chen", "Analyst")
    app.repo.create(record)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await show_meeting(app, pilot, record)
        title = str(screen.query_one("#opening-agenda-title").render())
        line = " ".join(str(text) for _, text in screen.query_one("#opening-agenda").items)
        assert f"({minutes} min)" in title
        parts = [int(n) for n in re.findall(r"\b(\d+)\b", line)]
        assert len(parts) == 5 and sum(parts) == minutes, line
