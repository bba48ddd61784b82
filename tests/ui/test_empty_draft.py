"""A new draft left without a single edit leaves no empty session behind; one typed letter keeps it."""

from __future__ import annotations

import pytest

from perf_tui.store import open_repository



async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def stored_ids(data_dir, clock) -> list[str]:
    repo = open_repository(data_dir, clock=clock)
    try:
        return [s.id for s in repo.list()]
    finally:
        repo.close()


def trashed_ids(data_dir, clock) -> list[str]:
    repo = open_repository(data_dir, clock=clock)
    try:
        return [s.id for s in repo.trash()]
    finally:
        repo.close()


async def new_draft(app, pilot) -> str:
    await settle(app, pilot)
    await pilot.press("ctrl+n")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "SetupScreen"
    return app.screen.record.id


async def test_ctrl_n_then_escape_leaves_no_session_and_nothing_in_the_trash(make_app, data_dir, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await new_draft(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert not app.screen.summaries  # the list shows no empty session either
    assert stored_ids(data_dir, clock) == []
    assert trashed_ids(data_dir, clock) == []


async def test_one_letter_in_the_employee_name_keeps_the_draft(make_app, data_dir, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session_id = await new_draft(app, pilot)
        assert app.focused.id == "employee-name"
        await pilot.press("z")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
    assert stored_ids(data_dir, clock) == [session_id]
    repo = open_repository(data_dir, clock=clock)
    assert repo.get(session_id).employee.name == "z"
    repo.close()


async def test_quitting_an_untouched_draft_leaves_no_session(make_app, data_dir, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await new_draft(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert stored_ids(data_dir, clock) == []
    assert trashed_ids(data_dir, clock) == []


async def test_perf_tui_new_then_escape_leaves_no_session(make_app, data_dir, clock):
    app = make_app(start=("new",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SetupScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
    assert stored_ids(data_dir, clock) == []


async def test_a_typed_then_erased_name_still_keeps_the_draft(make_app, data_dir, clock):
    # Once edited, a draft is the user's: it is never removed behind their back.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session_id = await new_draft(app, pilot)
        await pilot.press("z", "backspace")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    assert stored_ids(data_dir, clock) == [session_id]
