"""The home screen by keys alone: list, filter, open, new, delete into the trash and restore."""

from __future__ import annotations

import pytest

from perf_tui.model import InterviewType, Person, Status, new_record
from perf_tui.store import open_repository

SESSIONS = [
    # employee, period, type, status, date
    ("Zhang San", "2024 Q3", InterviewType.IMPROVEMENT, Status.IN_PROGRESS, "2024-10-08"),
    ("Li Si", "2024 Q3", InterviewType.REGULAR, Status.CONFIRMED, "2024-10-02"),
    ("王五", "2024 H1", InterviewType.DEVELOPMENT, Status.DRAFT, "2024-07-15"),
]


def store_sessions(data_dir, clock, rows=SESSIONS) -> dict[str, str]:
    """Create the sessions; return employee -> id."""
    repo = open_repository(data_dir, clock=clock)
    ids = {}
    for employee, period, kind, status, date in rows:
        record = new_record(now_iso=clock().isoformat(), lang="en")
        record.employee = Person(employee, "Engineer")
        record.period, record.interview_type, record.status, record.date = period, kind, status, date
        repo.create(record)
        ids[employee] = record.id
    repo.close()
    return ids


def _session_bytes(data_dir, session_id) -> bytes:
    (path,) = [p for p in (data_dir / "sessions").iterdir() if session_id in p.name]
    return path.read_bytes()


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def typed(pilot) -> None:
    """The table follows the filter once typing pauses (FILTER_DELAY_S)."""
    from perf_tui.screens.home import FILTER_DELAY_S

    await pilot.pause(FILTER_DELAY_S * 3)


def table_rows(app) -> list[tuple[str, ...]]:
    from perf_tui.screens.home import SessionTable

    table = app.screen.query_one(SessionTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_home_lists_sessions_newest_first_with_localised_labels(make_app, data_dir, clock):
    store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        rows = table_rows(app)
        assert [row[0] for row in rows] == ["Zhang San", "Li Si", "王五"]
        assert rows[0] == ("Zhang San", "2024 Q3", "Improvement interview", "8 Oct 2024", "In progress")


async def test_home_in_chinese_shows_chinese_labels(make_app, data_dir, clock):
    store_sessions(data_dir, clock)
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert table_rows(app)[2] == ("王五", "2024 H1", "发展型", "2024年7月15日", "草稿")


async def test_home_empty_state_tells_how_to_start(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        empty = app.screen.query_one("#home-empty")
        assert empty.display
        assert "Ctrl+N" in str(empty.render())


async def test_filter_as_you_type_narrows_by_employee_type_and_status(make_app, data_dir, clock):
    store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"zhang")
        await typed(pilot)
        assert [row[0] for row in table_rows(app)] == ["Zhang San"]
        await pilot.press("escape")  # clears the filter and returns to the list
        assert len(table_rows(app)) == 3
        await pilot.press("slash", *"confirmed")
        await typed(pilot)
        assert [row[0] for row in table_rows(app)] == ["Li Si"]
        await pilot.press("ctrl+u")  # Input: delete to the start
        await pilot.press(*"q3 regular")
        await typed(pilot)
        assert [row[0] for row in table_rows(app)] == ["Li Si"]


async def test_letters_typed_into_the_filter_stay_letters(make_app, data_dir, clock):
    """n, d and t are keys on the table; in the filter they must be text, not actions."""
    store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"ndt")
        assert app.screen.query_one("#home-filter").value == "ndt"
        assert type(app.screen).__name__ == "HomeScreen"
        assert len(open_repository(data_dir, clock=clock).list()) == 3


async def test_filter_that_matches_nothing_says_so(make_app, data_dir, clock):
    store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"nobody")
        await typed(pilot)
        assert table_rows(app) == []
        assert "nobody" in str(app.screen.query_one("#home-empty").render())


async def test_delete_asks_first_and_no_keeps_the_session(make_app, data_dir, clock):
    store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(app, pilot)
        assert len(table_rows(app)) == 3


async def test_delete_moves_to_trash_and_trash_restores(make_app, data_dir, clock):
    ids = store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")  # Li Si
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert [row[0] for row in table_rows(app)] == ["Zhang San", "王五"]
        repo = open_repository(data_dir, clock=clock)
        assert [s.id for s in repo.trash()] == [ids["Li Si"]]

        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TrashScreen"
        await pilot.press("r")
        await settle(app, pilot)
        assert repo.trash() == []
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert [row[0] for row in table_rows(app)] == ["Zhang San", "Li Si", "王五"]


async def test_empty_trash_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert "empty" in str(app.screen.query_one("#trash-empty").render())


async def test_enter_opens_the_highlighted_session_and_escape_home_unlocks_it(make_app, data_dir, clock):
    ids = store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "MeetingScreen"  # in progress -> the meeting
        assert app.screen.record.id == ids["Zhang San"]
        assert ids["Zhang San"] in app._locks
        app.show_home()
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert app._locks == {}


async def test_a_draft_not_yet_started_opens_on_setup(make_app, data_dir, clock):
    ids = store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"王五", "enter", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SetupScreen"
        assert app.screen.record.id == ids["王五"]


async def test_ctrl_n_creates_a_session_from_the_config_defaults(make_app, data_dir, clock):
    from perf_tui.config import Config

    app = make_app(config=Config(supervisor_name="Li Wei", supervisor_position="Manager", planned_minutes=75))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SetupScreen"
        stored = open_repository(data_dir, clock=clock).list()
        assert len(stored) == 1
        record = open_repository(data_dir, clock=clock).get(stored[0].id)
        assert (record.supervisor.name, record.planned_minutes) == ("Li Wei", 75)


async def test_n_from_the_table_also_creates_a_session(make_app, data_dir, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SetupScreen"


async def test_start_open_with_unknown_id_stays_home_and_says_so(make_app):
    app = make_app(start=("open", "doesnotexist"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert any("doesnotexist" in n.message for n in app._notifications)


async def test_a_session_locked_elsewhere_offers_read_only(make_app, data_dir, clock):
    ids = store_sessions(data_dir, clock)
    other = open_repository(data_dir, clock=clock)
    lease = other.acquire(ids["Zhang San"])  # flock: a second open file description conflicts
    try:
        app = make_app(start=("open", ids["Zhang San"]))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            assert type(app.screen).__name__ == "LockedScreen"
            body = " ".join(str(w.render()) for w in app.screen.query(".dialog-body"))
            assert str(lease.owner.pid) in body
            await pilot.press("r")
            await settle(app, pilot)
            assert type(app.screen).__name__ == "MeetingScreen"
            assert app.screen.read_only is True
            before = _session_bytes(data_dir, ids["Zhang San"])
            # Everything that could write: typing, the app's change hook, a flush, Ctrl+S.
            await pilot.press(*"typed in a read-only copy")
            app.screen.record.location = "changed behind the screen's back"
            app.record_changed(app.screen.record)
            app.flush_save()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            app.autosaver.flush()
            assert _session_bytes(data_dir, ids["Zhang San"]) == before
            # ...and no write was even tried: the store would refuse it with a "save failed" alarm.
            await settle(app, pilot)
            assert not [n for n in app._notifications if n.severity == "error"]
    finally:
        lease.release()
        other.close()


async def test_at_most_max_rows_are_shown_and_the_rest_is_announced(make_app, data_dir, clock, monkeypatch):
    from perf_tui.screens import home

    monkeypatch.setattr(home, "MAX_ROWS", 2)
    store_sessions(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert [row[0] for row in table_rows(app)] == ["Zhang San", "Li Si"]
        assert "2 of 3" in str(app.screen.query_one("#home-empty").render())
        await pilot.press("slash", *"wang", "enter")  # enter filters at once, no pause needed
        await pilot.press("slash", "ctrl+u", *"王")
        await typed(pilot)
        assert [row[0] for row in table_rows(app)] == ["王五"]
