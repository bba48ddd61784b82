"""A damaged session file: the app still starts, lists the good sessions, and says which file it
moved aside and where (issue 3); nothing is deleted."""

from __future__ import annotations

import pytest

from perf_tui import locations
from perf_tui.model import Person, new_record
from perf_tui.store import open_repository


@pytest.mark.parametrize("damage", [b"", b'{"record": {"1": {"id": "x", "employee": ', b"\x00\xff\xfe binary"])
async def test_app_starts_with_a_damaged_session_and_says_where_it_went(make_app, data_dir, clock, damage):
    repo = open_repository(data_dir, clock=clock)
    good = new_record(now_iso=clock().isoformat())
    good.employee = Person("Alex Chen", "Analyst")
    repo.create(good)
    broken = new_record(now_iso=clock().isoformat())
    broken.employee = Person("Broken Bo", "Analyst")
    repo.create(broken)
    repo.close()
    broken_path = locations.sessions_dir(data_dir) / f"{broken.id}.json"
    broken_path.write_bytes(damage)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        warned = [m for m in messages if broken.id in m]
        assert warned, messages
        quarantined = list(locations.quarantine_dir(data_dir).iterdir())
        assert len(quarantined) == 1 and quarantined[0].read_bytes() == damage
        assert quarantined[0].name in warned[0] or str(locations.quarantine_dir(data_dir)) in warned[0]
        assert [s.id for s in app.repo.list()] == [good.id]
        assert not broken_path.exists()


@pytest.mark.parametrize("field, value, reason", [
    ("schema_version", "abc", "schema_version: expected a whole number from 0 to 1, got 'abc'"),
    ("status", "signed", "status: unknown value 'signed'"),
])
async def test_a_stored_session_that_does_not_validate_is_set_aside_with_the_reason(
        make_app, data_dir, clock, field, value, reason):
    """Never read as the oldest layout or as defaults: the file is moved aside and the app says why."""
    import json

    repo = open_repository(data_dir, clock=clock)
    broken = new_record(now_iso=clock().isoformat())
    broken.employee = Person("Broken Bo", "Analyst")
    broken.set_notes("opening", "notes that must not be wiped")
    repo.create(broken)
    repo.close()
    path = locations.sessions_dir(data_dir) / f"{broken.id}.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["record"]["1"][field] = value
    path.write_text(json.dumps(stored), encoding="utf-8")
    before = path.read_bytes()

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any(reason in m and broken.id in m for m in messages), messages
        (quarantined,) = locations.quarantine_dir(data_dir).iterdir()
        assert quarantined.read_bytes() == before  # kept as it was, names and notes included
        assert app.repo.list() == []
