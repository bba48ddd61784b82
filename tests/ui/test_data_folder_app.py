"""The app on a data folder that is not as perf-tui left it: a session file it cannot read is told
in a notification (never silently left out), and a read-only data folder shows a banner and opens
every session read-only (issue 7 §5).

The read-only folder is simulated at the store's probe (locations.is_writable_folder): tests run as
root, which writes into any folder whatever its mode."""

from __future__ import annotations

import os
import stat

from perf_tui import locations
from perf_tui.model import Person, new_record
from perf_tui.store import open_repository


def _stored(data_dir, clock, name: str, *, started: bool = False):
    repo = open_repository(data_dir, clock=clock)
    record = new_record(now_iso=clock().isoformat())
    record.employee = Person(name, "Analyst")
    if started:
        record.timing.started_at = clock().isoformat()
    repo.create(record)
    repo.close()
    return record


def _messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_unreadable_session_files_are_told_in_a_notification(make_app, data_dir, clock, tmp_path):
    good = _stored(data_dir, clock, "Alex Chen")
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    os.chmod(outside, 0o644)
    link = locations.sessions_dir(data_dir) / "aaaaaaaaaaaa.json"
    link.symlink_to(outside)
    folder = locations.sessions_dir(data_dir) / "bbbbbbbbbbbb.json"
    folder.mkdir()

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = _messages(app)
        assert any(str(link) in m and "symbolic link" in m for m in messages), messages
        assert any(str(folder) in m and "folder" in m for m in messages), messages
        assert app.screen.summaries is not None and [s.id for s in app.screen.summaries] == [good.id]
        count = len(app._notifications)
        await pilot.press("ctrl+n")  # leave and come back: the list is read again...
        await pilot.pause()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not [m for m in _messages(app)[count:] if str(link) in m]  # ...but told only once
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644


async def test_a_read_only_data_folder_shows_a_banner_and_opens_sessions_read_only(
        make_app, data_dir, clock, monkeypatch):
    draft = _stored(data_dir, clock, "Dana Draft")
    started = _stored(data_dir, clock, "Sam Started", started=True)
    monkeypatch.setattr(locations, "is_writable_folder", lambda path: False)
    os.chmod(data_dir, 0o500)
    # The log file is left out: it is opened by logging, not the store, and root (unlike a real
    # read-only folder) lets it be created.
    files_before = sorted(p.name for p in data_dir.rglob("*") if p.name != "perf-tui.log")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        banner = app.screen.query_one("#home-read-only")
        assert "read-only" in str(banner.render()).lower() and str(data_dir) in str(banner.render())
        assert any("read-only" in m.lower() for m in _messages(app))
        assert sorted(s.id for s in app.screen.summaries) == sorted([draft.id, started.id])

        await pilot.press("ctrl+n")  # a new session cannot be stored: said, nothing made
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert any("read-only" in m.lower() for m in _messages(app)[-1:])

        app.open_session(draft.id)  # a draft would open on the editable setup screen: not here
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "MeetingScreen" and screen.read_only
        text = str(screen.query_one("#meeting-banner").render())
        assert "data folder" in text and "another copy" not in text
        await pilot.press("a", "b", "c")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert sorted(p.name for p in data_dir.rglob("*") if p.name != "perf-tui.log") == files_before
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o500
    assert open_repository(data_dir, clock=clock).get(draft.id) == draft


async def test_read_only_banner_in_chinese(make_app, data_dir, clock, monkeypatch):
    _stored(data_dir, clock, "王强")
    monkeypatch.setattr(locations, "is_writable_folder", lambda path: False)
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "只读" in str(app.screen.query_one("#home-read-only").render())
