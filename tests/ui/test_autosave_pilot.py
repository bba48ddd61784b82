"""Issue 3's Pilot tests: notes typed in the running app reach the disk by themselves, within the
autosave's debounce, with no explicit save and no quit; and Ctrl+Q saves what was typed just
before it. The disk is read through a fresh repository, as a second process would."""

from __future__ import annotations

import asyncio
import time

import pytest

from perf_tui.model import Person, Stage, Status, new_record
from perf_tui.store import open_repository


def stored_session(app, clock) -> str:
    """A session already in its meeting, so that opening it shows the opening stage's notes."""
    record = new_record(now_iso=clock().isoformat(), lang="en", supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    record.status = Status.IN_PROGRESS
    record.timing.started_at = clock().isoformat()
    app.repo.create(record)
    return record.id


def notes_on_disk(data_dir, session_id: str) -> str:
    return open_repository(data_dir).get(session_id).notes_for(Stage.OPENING)


async def wait_for_notes_on_disk(data_dir, session_id: str, expected: str, timeout: float = 5.0) -> str:
    """Poll the file (a fresh repository each time) without blocking the app's loop."""
    deadline = time.monotonic() + timeout
    found = notes_on_disk(data_dir, session_id)
    while found != expected and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        found = notes_on_disk(data_dir, session_id)
    return found


async def shown_meeting(app, pilot, timeout: float = 10.0):
    """The meeting once it is on screen with the cursor in the notes. On a loaded machine the
    screen and its first focus can take several refreshes: wait for them (bounded), then check."""
    deadline = time.monotonic() + timeout
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        meeting = type(screen).__name__ == "MeetingScreen"
        if meeting and screen.focused is screen.notes.stage_notes or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.02)
    assert type(screen).__name__ == "MeetingScreen"
    assert screen.focused is screen.notes.stage_notes
    return screen


async def type_notes(app, pilot, text: str):
    screen = app.screen
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
    assert screen.record.notes_for(Stage.OPENING) == text
    return screen


async def test_typed_notes_reach_the_disk_after_the_debounce_without_save_or_quit(make_app, clock, data_dir,
                                                                                  monkeypatch):
    setup_app = make_app()
    session_id = stored_session(setup_app, clock)
    setup_app.close_storage()

    app = make_app(start=("open", session_id))
    async with app.run_test(size=(80, 24)) as pilot:
        await shown_meeting(app, pilot)
        # from here on, an explicit save (stage change, leaving, quitting) would be noticed
        flushes = []
        monkeypatch.setattr(app, "flush_save", lambda *a, **k: flushes.append(a))
        monkeypatch.setattr(app.autosaver, "flush", lambda *a, **k: flushes.append(a))
        await type_notes(app, pilot, "Goals met")
        assert app.autosaver.delay == pytest.approx(1.0)
        # the writer thread saves once typing has paused for the debounce; wait for it off the loop
        assert await asyncio.to_thread(app.autosaver.wait_idle, 5.0)
        assert await wait_for_notes_on_disk(data_dir, session_id, "Goals met") == "Goals met"
        assert flushes == []  # nobody asked for a save: the autosave did it
        assert app.is_running and type(app.screen).__name__ == "MeetingScreen"

        # a second burst of typing is saved the same way
        await pilot.press("full_stop")
        assert await wait_for_notes_on_disk(data_dir, session_id, "Goals met.") == "Goals met."


async def test_ctrl_q_right_after_typing_saves_the_notes(make_app, clock, data_dir):
    setup_app = make_app()
    session_id = stored_session(setup_app, clock)
    setup_app.close_storage()

    app = make_app(start=("open", session_id))
    async with app.run_test(size=(80, 24)) as pilot:
        await shown_meeting(app, pilot)
        app.autosaver.delay = 600.0  # the debounce will not fire: only the quit can save
        await type_notes(app, pilot, "Last words")
        assert notes_on_disk(data_dir, session_id) == ""
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert notes_on_disk(data_dir, session_id) == "Last words"


async def test_a_full_disk_is_shown_the_text_stays_and_the_save_is_retried(make_app, clock, data_dir, monkeypatch):
    """Disk full while typing: the user is told, nothing typed is lost, and the autosave retries
    until the disk has room again (issue 3)."""
    import errno
    import os

    from perf_tui.store import atomic_storage

    setup_app = make_app()
    session_id = stored_session(setup_app, clock)
    setup_app.close_storage()

    real_replace = os.replace
    disk_full = True

    def replace(src, dst, *args, **kwargs):
        if disk_full and str(dst).endswith(f"{session_id}.json"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic_storage.os, "replace", replace)
    app = make_app(start=("open", session_id))
    async with app.run_test(size=(80, 24)) as pilot:
        await shown_meeting(app, pilot)
        app.autosaver.retry_delays = (0.2,)
        await type_notes(app, pilot, "Plan agreed")
        deadline = time.monotonic() + 5
        while "No space" not in app.save_status and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert "No space" in app.save_status  # the status line says it
        assert any("No space" in str(n.message) for n in app._notifications)
        assert notes_on_disk(data_dir, session_id) == ""  # not written ...
        assert app.screen.record.notes_for(Stage.OPENING) == "Plan agreed"  # ... and not lost
        disk_full = False  # room again: the retry writes it without anyone asking
        assert await wait_for_notes_on_disk(data_dir, session_id, "Plan agreed") == "Plan agreed"
