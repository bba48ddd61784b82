"""A signed record stays signed, driven by keys: the versions list shows each version's status and
will not go back to a version from before the signatures; a signature must be the signer's
recorded name; a read-only copy never says "saved"; a refused operation is no error in the log."""

from __future__ import annotations

from perf_tui.clock import iso
from perf_tui.model import Agreement, Amendment, Person, Stage, new_record
from perf_tui.screens.versions import VersionsScreen
from perf_tui.store import open_repository


def signed_with_history(data_dir, clock):
    """Saved as a draft, then signed by both, then amended; each save kept as a version."""
    repo = open_repository(data_dir, clock=clock)
    record = new_record(now_iso=iso(clock()), lang="en", supervisor=Person("王强", "经理"))
    record.employee = Person("Alex Chen", "Analyst")
    record.set_notes(Stage.OPENING, "draft notes")
    repo.create(record)
    clock.advance(minutes=2)
    record.timing.started_at = iso(clock())
    repo.save(record, backup=True)
    clock.advance(minutes=2)
    record.confirmation.agreement = Agreement.AGREES
    for signoff, name in ((record.confirmation.employee_signoff, "Alex Chen"),
                          (record.confirmation.supervisor_signoff, "王强")):
        signoff.name, signoff.signed_at = name, iso(clock())
    repo.save(record, backup=True)
    clock.advance(minutes=2)
    record.amendments.append(Amendment(at=iso(clock()), author="王强", text="Corrected the rate"))
    repo.save(record, backup=True)
    repo.close()
    return record.id


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def cells(screen) -> list[list[str]]:
    table = screen.query_one("#versions-table")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_versions_show_their_status_and_one_from_before_the_signatures_is_not_restored(
        make_app, data_dir, clock):
    session_id = signed_with_history(data_dir, clock)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        assert [row[1] for row in cells(screen)] == ["Signed", "Signed", "In progress", "Draft"]
        assert "only a signed version" in str(screen.query_one("#versions-signed").render())
        await pilot.press("down", "down", "down")  # the draft, from before the signatures
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # were a question asked, this would answer it
        await settle(app, pilot)
        assert isinstance(app.screen, VersionsScreen)
        assert any("saved before both signed" in n for n in notes(app))
        stored = app.repo.get(session_id)
        assert stored.signed and [a.text for a in stored.amendments] == ["Corrected the rate"]
        assert stored.notes_for(Stage.OPENING) == "draft notes"
        # a signed version still restores, and the later amendment stays
        await pilot.press("up", "up")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert any(n.startswith("Restored") for n in notes(app))
    check = open_repository(data_dir, clock=clock)
    try:
        again = check.get(session_id)
    finally:
        check.close()
    assert again.signed and [a.text for a in again.amendments] == ["Corrected the rate"]


async def test_versions_in_chinese_show_statuses(make_app, data_dir, clock):
    signed_with_history(data_dir, clock)
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert [row[1] for row in cells(app.screen)] == ["已签字", "已签字", "进行中", "草稿"]


async def test_a_signature_must_be_the_signers_recorded_name(make_app, clock, show_meeting):
    app = make_app()
    record = new_record(now_iso=iso(clock()), lang="en", supervisor=Person("王强", "经理"))
    record.employee = Person("Alex Chen", "Analyst")
    record.timing.current_stage = Stage.CONFIRMATION
    record.confirmation.agreement = Agreement.AGREES
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_meeting(app, pilot, record)
        screen.query_one("#sign-supervisor-name").focus()
        await pilot.press("王", "enter")
        status = screen.query_one("#sign-supervisor .sign-status")
        assert status.has_class("-bad") and "王强" in str(status.render())
        assert not record.confirmation.supervisor_signoff.signed
        assert screen.query_one("#sign-supervisor-name").value == "王"  # kept, to correct
        await pilot.press("强", "enter")
        assert record.confirmation.supervisor_signoff.name == "王强"
        screen.query_one("#sign-employee-name").focus()
        await pilot.press(*"  alex", "space", *"CHEN ", "enter")
        assert record.confirmation.employee_signoff.name == "Alex Chen"
        assert record.locked


async def test_ctrl_s_in_a_read_only_copy_says_nothing_was_saved(make_app, data_dir, clock):
    repo = open_repository(data_dir, clock=clock)
    record = new_record(now_iso=iso(clock()), lang="en")
    record.employee = Person("Alex Chen", "Analyst")
    record.timing.started_at = iso(clock())
    repo.create(record)
    lease = repo.acquire(record.id)  # another window has it
    try:
        app = make_app(start=("open", record.id))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("r")  # open read-only
            await settle(app, pilot)
            assert app.screen.read_only is True
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert any("Nothing saved" in n for n in notes(app))
            assert not any(n.startswith("Saved") for n in notes(app))
    finally:
        lease.release()
        repo.close()


async def test_a_refused_delete_is_one_info_line_in_the_log(make_app, data_dir, clock):
    repo = open_repository(data_dir, clock=clock)
    record = new_record(now_iso=iso(clock()), lang="en")
    record.employee = Person("Alex Chen", "Analyst")
    repo.create(record)
    lease = repo.acquire(record.id)
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("y")
            await settle(app, pilot)
            assert any("open in another window" in n for n in notes(app))
        log_text = app.log_path.read_text(encoding="utf-8")
    finally:
        lease.release()
        repo.close()
    refused = [line for line in log_text.splitlines() if "refused" in line]
    assert len(refused) == 1 and " INFO " in refused[0]
    assert "Traceback" not in log_text and " ERROR " not in log_text
