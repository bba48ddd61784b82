"""Earlier versions from the home screen: the last good version is restored by keys alone."""

from __future__ import annotations

from perf_tui.model import Person, Stage, new_record
from perf_tui.screens.versions import VersionsScreen
from perf_tui.store import open_repository


def stored_with_history(data_dir, clock):
    """A session saved three times a minute apart, each save kept as a version."""
    repo = open_repository(data_dir, clock=clock)
    record = new_record(now_iso=clock().isoformat(), lang="en", supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    for notes in ("first draft", "good notes", "notes damaged by a bad edit"):
        clock.advance(minutes=1)
        record.set_notes(Stage.OPENING, notes)
        if notes == "first draft":
            repo.create(record)
        repo.save(record, backup=True)
    repo.close()
    return record.id


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_v_lists_versions_and_enter_restores_the_chosen_one(make_app, data_dir, clock):
    session_id = stored_with_history(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        taken = [b.taken_at for b in screen.backups]
        assert taken == sorted(taken, reverse=True) and len(taken) >= 3  # newest first
        assert screen.query_one("#versions-table").row_count == len(taken)
        await pilot.press("down")  # the version before the bad edit
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.repo.get(session_id).notes_for(Stage.OPENING) == "good notes"
        # the replaced version is kept, so the restore itself can be undone
        kept = [app.repo._backups.read(session_id, b.name) for b in app.repo.backups(session_id)]
        assert any(k["stage_notes"]["opening"] == "notes damaged by a bad edit" for k in kept)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, VersionsScreen)


async def test_versions_screen_in_chinese_and_empty(make_app, data_dir, clock):
    repo = open_repository(data_dir, clock=clock)
    record = new_record(now_iso=clock().isoformat(), lang="zh")
    record.employee = Person("张伟", "专员")
    repo.create(record)
    repo.close()
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        texts = " ".join(str(w.render()) for w in screen.query("Label, Static"))
        assert "历史版本" in texts
