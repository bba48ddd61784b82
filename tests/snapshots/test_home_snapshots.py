"""The home screen at 80x24 in English and Chinese, with a fixed set of sessions (FakeClock,
temp data dir, no cursor blink). Review snapshot_report.html before updating a snapshot."""

from __future__ import annotations

from perf_tui.model import InterviewType, Person, Status, new_record
from perf_tui.store import open_repository

SIZE = (80, 24)

SESSIONS = [
    ("Zhang San", "2024 Q3", InterviewType.IMPROVEMENT, Status.IN_PROGRESS, "2024-10-08"),
    ("张敏", "2024年第三季度", InterviewType.REGULAR, Status.CONFIRMED, "2024-10-02"),
    ("Alex Chen", "2024 H1", InterviewType.PROMOTION, Status.ARCHIVED, "2024-07-15"),
    ("王小明", "2024 Q2", InterviewType.DEVELOPMENT, Status.DRAFT, ""),
]


def store_sessions(data_dir, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    for number, (employee, period, kind, status, date) in enumerate(SESSIONS):
        record = new_record(now_iso=clock().isoformat(), lang="en")
        record.id = f"snap{number:08d}"  # fixed ids: the same order and rows on every run
        record.employee = Person(employee, "")
        record.period, record.interview_type, record.status, record.date = period, kind, status, date
        repo.create(record)
    repo.close()


async def quiet(pilot) -> None:
    app = pilot.app
    await app.workers.wait_for_complete()
    for widget in app.screen.query("Input"):
        widget.cursor_blink = False
    await pilot.pause()


def test_home_snapshot_en(snap_compare, make_app, data_dir, clock):
    store_sessions(data_dir, clock)
    assert snap_compare(make_app(lang="en"), terminal_size=SIZE, run_before=quiet)


def test_home_snapshot_zh(snap_compare, make_app, data_dir, clock):
    store_sessions(data_dir, clock)
    assert snap_compare(make_app(lang="zh"), terminal_size=SIZE, run_before=quiet)


def test_home_snapshot_empty_en(snap_compare, make_app):
    assert snap_compare(make_app(lang="en"), terminal_size=SIZE, run_before=quiet)


def test_home_snapshot_filtered_zh(snap_compare, make_app, data_dir, clock):
    store_sessions(data_dir, clock)

    async def filtered(pilot) -> None:
        await quiet(pilot)
        await pilot.press("slash", *"2024")
        await pilot.press("space", "q")
        await pilot.pause(0.3)  # the table follows the filter once typing pauses
        await quiet(pilot)

    assert snap_compare(make_app(lang="zh"), terminal_size=SIZE, run_before=filtered)
