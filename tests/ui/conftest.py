"""UI tests (state checks after simulated keys; the pixel snapshots in tests/snapshots keep
Textual's own pacing)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def quick_pilot_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's pilot waits after every simulated key until the process looks idle: it sleeps in
    20 ms steps until one step used < 1 ms of CPU, so a typed character costs >= 60 ms even when
    the app needs 2 ms for it. Same idle rule (5% CPU over one step), in 5 ms steps: the keys and
    the order they are handled in are unchanged (each press still ends when every widget has
    handled its messages), the test just does not sit idle as long."""
    from textual import _wait

    monkeypatch.setattr(_wait, "SLEEP_GRANULARITY", 0.005)
    monkeypatch.setattr(_wait, "SLEEP_IDLE", 0.005 / 20.0)



@pytest.fixture
def show_meeting():
    """`await show_meeting(app, pilot, record)`: the meeting screen on `record` (already stored),
    once it has handled its first messages."""
    async def show(app, pilot, record):
        from perf_tui.screens.meeting import MeetingScreen

        await app.push_screen(MeetingScreen(record))
        await pilot.pause()
        return app.screen

    return show
