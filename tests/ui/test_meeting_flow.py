"""A whole interview on the meeting screen by keys alone: every stage filled, sign-off, lock,
amendment; then the record in the repository holds everything that was typed."""

from __future__ import annotations

import pytest

from perf_tui.model import Agreement, InterviewType, Person, RoleLevel, Stage, Status, new_record
from perf_tui.widgets.fields import AddLine, ChoiceToggle, GradeField
from perf_tui.widgets.notes_panel import AmendmentInput


def make_record(clock):
    record = new_record(now_iso=clock().isoformat(), lang="en", supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    record.period = "2024 Q3"
    record.interview_type = InterviewType.IMPROVEMENT
    record.role_level = RoleLevel.STAFF
    return record


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def focused_field(screen):
    return screen.focused


async def fill_opening(pilot, screen) -> None:
    assert screen.focused is screen.notes.stage_notes
    await type_text(pilot, "Thanks, Alex")
    await pilot.press("ctrl+n")


async def fill_review(pilot, screen) -> None:
    assert screen.stage == Stage.REVIEW
    await pilot.press("f2")  # from the notes to the editor: "+ Add goal"
    assert isinstance(screen.focused, AddLine)
    await pilot.press("enter")
    await type_text(pilot, "Complaint rate")
    await pilot.press("tab")
    await type_text(pilot, "<=5%")
    await pilot.press("tab")
    await type_text(pilot, "8%")
    await pilot.press("tab")
    assert isinstance(screen.focused, ChoiceToggle)
    await pilot.press("tab")
    assert isinstance(screen.focused, GradeField)
    await pilot.press("tab")
    await type_text(pilot, "2 complaints")
    await pilot.press("tab", "tab")  # past "+ Add goal" to "+ Add achievement"
    assert isinstance(screen.focused, AddLine)
    await pilot.press("ctrl+o")
    await type_text(pilot, "Hand-off")
    await pilot.press("tab", "space")  # source: the employee's own account
    await pilot.press("tab")
    await type_text(pilot, "30% faster")
    await pilot.press("ctrl+n")


async def fill_root_cause(pilot, screen) -> None:
    assert screen.stage == Stage.ROOT_CAUSE
    assert isinstance(screen.focused, AddLine)
    await pilot.press("enter")
    await type_text(pilot, "Report late")
    await pilot.press("tab")
    await type_text(pilot, "too small")
    await pilot.press("ctrl+o")
    await type_text(pilot, "scope")
    await pilot.press("ctrl+o")
    await type_text(pilot, "need")
    await pilot.press("tab", "tab")  # past "+ Add why"
    await type_text(pilot, "unsure")
    await pilot.press("tab")
    await type_text(pilot, "no check")
    await pilot.press("f8")


async def fill_action_planning(pilot, screen) -> None:
    assert screen.stage == Stage.ACTION_PLANNING
    await pilot.press("enter")
    await type_text(pilot, "50 samples")
    await pilot.press("tab", "ctrl+o")  # on "+ Add step": add the first step
    await type_text(pilot, "channels")
    await pilot.press("tab", "tab")
    await type_text(pilot, "Alex")
    await pilot.press("tab")
    await type_text(pilot, "20 Oct")
    await pilot.press("tab")
    await type_text(pilot, "marketing")
    await pilot.press("tab", "space")  # tick the first link (the goal)
    await pilot.press("tab", "enter")  # "+ Add checkpoint"
    await type_text(pilot, "5 Nov")
    await pilot.press("tab")
    await type_text(pilot, "review")
    await pilot.press("ctrl+n")


async def fill_confirmation(pilot, screen) -> None:
    assert screen.stage == Stage.CONFIRMATION
    await type_text(pilot, "Summary")
    await pilot.press("tab")
    await type_text(pilot, "Comment")
    await pilot.press("tab", "down", "space")  # agrees with reservations
    await pilot.press("tab")
    await type_text(pilot, "grade")
    await pilot.press("tab")
    await type_text(pilot, "Alex Chen")
    await pilot.press("enter")
    assert screen.focused.id == "sign-supervisor-name"
    await type_text(pilot, "Morgan Li")
    await pilot.press("enter")


async def test_whole_interview_by_keys_is_stored_and_locked_after_sign_off(make_app, clock, show_meeting):
    app = make_app()
    record = make_record(clock)
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_meeting(app, pilot, record)
        await fill_opening(pilot, screen)
        clock.advance(600)
        await fill_review(pilot, screen)
        await fill_root_cause(pilot, screen)
        await fill_action_planning(pilot, screen)
        clock.advance(300)
        await fill_confirmation(pilot, screen)
        await pilot.pause()

        assert record.locked and screen.locked
        banner = screen.query_one("#meeting-banner")
        assert banner.display and "locked" in str(banner.render())
        assert all(field.disabled for field in screen.query("ReviewEditor Input"))
        assert screen.notes.stage_notes.read_only

        # a change after sign-off is a dated amendment, never a silent edit
        await pilot.press("ctrl+o")
        assert isinstance(screen.focused, AmendmentInput)
        await type_text(pilot, "moved 25 Oct")
        await pilot.press("enter")

        app.flush_save()
        saved = app.repo.get(record.id)

    assert saved.status == Status.CONFIRMED
    assert saved.notes_for(Stage.OPENING) == "Thanks, Alex"
    goal = saved.goals[0]
    assert (goal.name, goal.target, goal.actual, goal.direction, goal.notes) == (
        "Complaint rate", "<=5%", "8%", "lower", "2 complaints")
    achievement = saved.achievements[0]
    assert (achievement.title, achievement.source) == ("Hand-off", "employee")
    assert achievement.case == "30% faster"
    problem = saved.problems[0]
    assert problem.description == "Report late"
    assert problem.whys == ["too small", "scope", "need"]
    assert (problem.employee_view, problem.supervisor_view) == ("unsure", "no check")
    action = saved.actions[0]
    assert action.measure == "50 samples"
    assert action.steps == ["channels"]
    assert (action.owner, action.deadline, action.support) == ("Alex", "2024-10-20", "marketing")
    assert action.links == [goal.id]
    assert [(c.date, c.description) for c in action.checkpoints] == [("2024-11-05", "review")]
    confirmation = saved.confirmation
    assert confirmation.summary == "Summary"
    assert confirmation.employee_comments == "Comment"
    assert confirmation.agreement == Agreement.AGREES_WITH_RESERVATIONS
    assert confirmation.agreement_reason == "grade"
    assert confirmation.employee_signoff.name == "Alex Chen"
    assert confirmation.supervisor_signoff.name == "Morgan Li"
    assert confirmation.supervisor_signoff.signed_at == clock().isoformat(timespec="seconds")
    assert saved.timing.ended_at == clock().isoformat()
    assert saved.timing.seconds_in(Stage.REVIEW) == pytest.approx(600)  # time spent per stage
    assert saved.timing.seconds_in(Stage.CONFIRMATION) == pytest.approx(300)
    assert [(a.section, a.text) for a in saved.amendments] == [("confirmation", "moved 25 Oct")]
    assert saved.amendments[0].at == clock().isoformat(timespec="seconds")


async def test_sign_off_waits_for_the_agreement_and_keeps_what_was_typed(make_app, clock, show_meeting):
    app = make_app()
    record = make_record(clock)
    record.timing.current_stage = Stage.CONFIRMATION
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_meeting(app, pilot, record)
        screen.query_one("#sign-employee-name").focus()
        await type_text(pilot, "Alex Chen")
        await pilot.press("enter")
        status = screen.query_one("#sign-employee .sign-status")
        assert status.has_class("-bad") and "agrees" in str(status.render())
        assert not record.confirmation.employee_signoff.signed
        assert screen.query_one("#sign-employee-name").value == "Alex Chen"
        # disagreeing needs a reason before signing; acknowledging is not agreeing
        screen.query_one("#agreement").focus()
        await pilot.press("down", "down", "space")
        assert record.confirmation.agreement == Agreement.DISAGREES
        screen.query_one("#sign-employee-name").focus()
        await pilot.press("enter")
        assert "reason" in str(status.render())
        screen.query_one("#confirm-reason").focus()
        await type_text(pilot, "the grade is unfair")
        screen.query_one("#sign-employee-name").focus()
        await pilot.press("enter")
        assert record.confirmation.employee_signoff.signed
        assert not record.locked  # one signature is not a sign-off
        assert not screen.query_one("#confirm-summary").read_only
