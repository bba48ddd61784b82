"""The meeting screen on records in particular states: signed (locked), reopened after a break,
dates set elsewhere; and notes typed just before a stage change."""

from __future__ import annotations

from datetime import timedelta


from perf_tui.model import Action, Agreement, Goal, Person, SignOff, Stage, Status, new_record


def make_record(clock):
    record = new_record(now_iso=clock().isoformat(), lang="en", supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    return record


async def open_meeting(app, pilot, record):
    from perf_tui.screens.meeting import MeetingScreen

    app.repo.create(record)
    await app.push_screen(MeetingScreen(record))
    await pilot.pause()
    return app.screen


async def test_a_signed_record_opens_locked_and_takes_only_amendments(make_app, clock):
    app = make_app()
    record = make_record(clock)
    record.goals = [Goal(name="Sales", target="100", actual="90")]
    record.status = Status.CONFIRMED
    stamp = clock().isoformat(timespec="seconds")
    record.confirmation.agreement = Agreement.AGREES
    record.confirmation.employee_signoff = SignOff("Alex Chen", stamp)
    record.confirmation.supervisor_signoff = SignOff("Morgan Li", stamp)
    record.timing.current_stage = Stage.REVIEW
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        assert "locked" in str(screen.query_one("#meeting-banner").render())
        assert all(field.disabled for field in screen.query("ReviewEditor Input"))
        assert not screen.query("ReviewEditor AddLine").filter(".add-line").first().display
        assert screen.editor.can_focus  # a locked editor can still be scrolled by keys
        await pilot.press("f12", "ctrl+r")  # neither removes a row nor starts the clock
        assert len(record.goals) == 1 and record.timing.started_at == ""
        await pilot.press("f11")
        await pilot.press(*"typo")
        await pilot.press("enter")
        clock.advance(days=1)
        await pilot.press(*"more", "enter")
        listed = str(screen.query_one("#amendment-list").render())
        assert "typo" in listed and "more" in listed
        await pilot.press("escape")  # closes the amendment line first
        assert screen.notes.mode == "stage" and screen.is_current
        app.flush_save()
        saved = app.repo.get(record.id)
    assert [(a.section, a.text) for a in saved.amendments] == [("review", "typo"), ("review", "more")]
    assert saved.amendments[1].at > saved.amendments[0].at
    assert saved.goals[0].actual == "90" and saved.status == Status.CONFIRMED


async def test_reopened_after_a_long_break_the_clock_waits_paused(make_app, clock):
    app = make_app()
    record = make_record(clock)
    record.status = Status.IN_PROGRESS
    start = clock() - timedelta(hours=3)
    record.timing.started_at = start.isoformat()
    record.timing.running_since = start.isoformat()
    record.updated_at = (start + timedelta(minutes=10)).isoformat()  # last typed 10 minutes in
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        assert record.timing.paused
        assert screen.agenda.view.elapsed_s == 600  # the break does not count
        assert any("break" in n.message for n in app._notifications)
        await pilot.press("ctrl+r")
        clock.advance(60)
        screen.refresh_clock()
        assert screen.agenda.view.elapsed_s == 660


async def test_a_date_set_elsewhere_is_shown_without_changing_the_record(make_app, clock):
    app = make_app()
    record = make_record(clock)
    record.actions = [Action(measure="Collect samples", deadline="2024-10-20")]
    record.timing.current_stage = Stage.ACTION_PLANNING
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        await pilot.pause()
        date_input = screen.query_one("DateInput")
        assert date_input.value == "2024-10-20"
        assert "20 Oct 2024" in str(date_input.parent.query_one(".date-status").render())
        assert record.actions[0].deadline_text == ""  # nothing typed, nothing changed
        assert record.actions[0].deadline == "2024-10-20"


async def test_notes_typed_just_before_a_stage_change_stay_with_their_stage(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        notes = screen.notes.stage_notes
        notes.insert("last words")  # its Changed message is still queued ...
        screen.go_to_stage(Stage.REVIEW)  # ... when the stage key arrives
        await pilot.pause()
        assert record.notes_for(Stage.OPENING) == "last words"
        assert record.notes_for(Stage.REVIEW) == ""
        assert notes.text == ""
