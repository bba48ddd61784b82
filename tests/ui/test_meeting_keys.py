"""The meeting screen by keys: stage moves from inside text fields, prompts, clock, rows, dates,
private notes, read-only. Every test drives the screen with key presses only (after setting up
the record), using a FakeClock so that the time is exact."""

from __future__ import annotations

import math

import pytest
from textual.widgets import Input

from perf_tui.model import Goal, InterviewType, Person, RoleLevel, Stage, new_record


def make_record(clock, **changes):
    record = new_record(now_iso=clock().isoformat(), lang="en", supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    record.period = "2024 Q3"
    record.interview_type = InterviewType.IMPROVEMENT
    record.role_level = RoleLevel.STAFF
    for key, value in changes.items():
        setattr(record, key, value)
    return record


async def open_meeting(app, pilot, record, read_only=False):
    from perf_tui.screens.meeting import MeetingScreen

    app.repo.create(record)
    await app.push_screen(MeetingScreen(record, read_only=read_only))
    await pilot.pause()
    return app.screen


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def stored(app, record):
    app.flush_save()
    return app.repo.get(record.id)


# --------------------------------------------------------------------------- stages


async def test_stage_keys_work_while_typing_in_the_notes_and_in_a_field(make_app, clock):
    app = make_app()
    record = make_record(clock, goals=[Goal(name="Sales")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        notes = screen.notes.stage_notes
        assert screen.focused is notes  # opening has no fields: the cursor starts in the notes
        await type_text(pilot, "hello")
        await pilot.press("ctrl+n")
        assert screen.stage == Stage.REVIEW
        assert screen.focused is notes  # the cursor stays in the notes, now the review's
        await pilot.press("f2")
        assert isinstance(screen.focused, Input) and screen.focused.value == "Sales"
        await pilot.press("end", "x")
        await pilot.press("f8")
        assert screen.stage == Stage.ROOT_CAUSE
        await pilot.press("f7")
        assert screen.stage == Stage.REVIEW
        await pilot.press("ctrl+b")
        assert screen.stage == Stage.OPENING
        await pilot.press("alt+5")
        assert screen.stage == Stage.CONFIRMATION
        await pilot.press("alt+2")
        assert screen.stage == Stage.REVIEW
        saved = stored(app, record)
        assert saved.notes_for(Stage.OPENING) == "hello"
        assert saved.goals[0].name == "Salesx"
        assert saved.timing.current_stage == Stage.REVIEW


async def test_stage_change_moves_the_clock_and_saves(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        clock.advance(90)
        await pilot.press("ctrl+n")
        saved = stored(app, record)
        assert saved.timing.elapsed[str(Stage.OPENING)] == pytest.approx(90)
        assert saved.timing.current_stage == Stage.REVIEW
        assert saved.status == "in_progress"
        assert screen.agenda.stage_state("opening") == "done"
        assert screen.agenda.stage_state("review") == "active"


# --------------------------------------------------------------------------- prompts


async def test_insert_highlighted_prompt_at_the_cursor_in_the_notes(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        panel = screen.prompts
        assert len(panel.prompts) >= 4
        await type_text(pilot, "Intro")
        await pilot.press("ctrl+f")
        second = panel.highlighted
        assert second is panel.prompts[1]
        await pilot.press("ctrl+g")
        notes = screen.notes.stage_notes
        assert notes.text == f"Intro\n{second.text}\n"
        assert notes.cursor_location == (2, 0)
        await pilot.press("f3", "f5")  # F-key twins: previous prompt, insert
        assert notes.text == f"Intro\n{second.text}\n{panel.prompts[0].text}\n"
        assert stored(app, record).notes_for(Stage.OPENING) == notes.text


async def test_insert_prompt_from_an_editor_field_goes_to_the_notes(make_app, clock):
    app = make_app()
    record = make_record(clock, goals=[Goal(name="Sales")])
    record.timing.current_stage = Stage.REVIEW
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        assert isinstance(screen.focused, Input)
        prompt = screen.prompts.highlighted
        await pilot.press("ctrl+g")
        assert screen.notes.stage_notes.text == f"{prompt.text}\n"
        assert screen.focused is screen.notes.stage_notes
        assert record.goals[0].name == "Sales"


async def test_mark_prompt_asked_is_stored_and_shown(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        panel = screen.prompts
        prompt = panel.highlighted
        await pilot.press("ctrl+t")
        assert prompt.id in record.asked_prompts
        assert prompt.id in stored(app, record).asked_prompts
        assert str(panel.option_list.get_option_at_index(0).prompt).startswith("✓ ")
        title = str(screen.query_one("#prompts-title").render())
        assert f"1/{len(panel.prompts)}" in title
        await pilot.press("f6")  # again: not asked
        assert prompt.id not in record.asked_prompts


async def test_leaving_a_stage_with_must_ask_prompts_unasked_reminds_gently(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        must = [p for p in screen.prompts.prompts if p.must_ask]
        assert must, "the opening stage has must-ask prompts"
        start = must[0].text[:20]
        await pilot.press("ctrl+n")
        assert screen.stage == Stage.REVIEW  # not blocked
        reminder = [m for m in notifications(app) if start in m]
        assert len(reminder) == 1 and str(len(must)) in reminder[0]
        # going back to an earlier stage is not leaving one behind: no reminder
        app._notifications.clear()
        await pilot.press("ctrl+b")
        assert notifications(app) == []
        # ask them all, then leaving again gives no reminder
        for index, prompt in enumerate(screen.prompts.prompts):
            if prompt.must_ask:
                screen.prompts.option_list.highlighted = index
                await pilot.press("ctrl+t")
        await pilot.press("ctrl+n")
        assert not [m for m in notifications(app) if start in m]


async def test_user_prompt_with_brackets_is_offered_and_shown_verbatim(make_app, clock, config_dir):
    (config_dir / "prompts.toml").write_text(
        '[[prompt]]\nstage = "action_planning"\nlang = "en"\nmust_ask = true\n'
        'text = "Who checks it on [date]?"\n', encoding="utf-8")
    app = make_app()
    record = make_record(clock)
    record.timing.current_stage = Stage.ACTION_PLANNING
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        assert "Who checks it on [date]?" in [p.text for p in screen.prompts.prompts]
        await pilot.press("ctrl+n")
        assert any("Who checks it on [date]?" in m for m in notifications(app))


# --------------------------------------------------------------------------- clock


async def test_stage_turns_warning_then_over_and_later_boxes_shrink(make_app, clock):
    from perf_tui.agenda import split_timeboxes

    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        boxes = split_timeboxes(60, app.config.stage_weights)
        opening = boxes[Stage.OPENING]
        review_line = screen.query_one("#agenda-review")
        assert screen.agenda.stage_state("opening") == "active"
        assert "↓" not in str(review_line.render())
        clock.advance(math.ceil(opening * 0.8))
        screen.refresh_clock()
        await pilot.pause()
        assert screen.agenda.stage_state("opening") == "warning"
        assert screen.query_one("#agenda-opening").has_class("-warning")
        clock.advance(opening + 120 - math.ceil(opening * 0.8))
        screen.refresh_clock()
        await pilot.pause()
        assert screen.agenda.stage_state("opening") == "over"
        view = screen.agenda.view
        assert view.stage(Stage.REVIEW).planned_s < boxes[Stage.REVIEW]
        assert "↓" in str(review_line.render())
        assert view.overrun_s == 0  # the later boxes absorb the overrun


async def test_impossible_rebalance_shows_the_overrun(make_app, clock):
    app = make_app()
    record = make_record(clock, planned_minutes=15)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        clock.advance(14 * 60)
        screen.refresh_clock()
        await pilot.pause()
        total = str(screen.query_one("#agenda-total").render())
        assert screen.agenda.view.overrun_s > 0
        assert "Over by" in total
        assert screen.query_one("#meeting-clock").has_class("-over")


async def test_pause_and_resume_by_keys_from_a_text_field(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        clock.advance(30)
        await pilot.press("ctrl+r")
        assert record.timing.paused
        clock.advance(600)
        screen.refresh_clock()
        await pilot.pause()
        assert screen.agenda.view.elapsed_s == 30
        assert "Paused" in str(screen.query_one("#meeting-clock").render())
        await pilot.press("f9")
        clock.advance(15)
        screen.refresh_clock()
        assert screen.agenda.view.elapsed_s == 45
        assert stored(app, record).timing.paused is False


async def test_the_live_clock_reads_time_only_from_the_app_clock(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        await pilot.pause(0.05)
        assert screen.agenda.view.elapsed_s == 0  # real time passes, the fake clock does not
        clock.advance(125)
        screen.refresh_clock()
        assert str(screen.query_one("#meeting-clock").render()).startswith("02:05/60:00")


# --------------------------------------------------------------------------- rows and fields


async def test_goal_rate_is_the_right_way_round_and_grade_follows_live(make_app, clock):
    app = make_app()
    record = make_record(clock)
    record.timing.current_stage = Stage.REVIEW
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        await pilot.press("ctrl+o")
        await type_text(pilot, "Complaint rate")
        await pilot.press("tab")
        await type_text(pilot, "<=5%")
        await pilot.press("tab")
        await type_text(pilot, "8%")
        row = screen.query("GoalRow").first()
        goal = record.goals[0]
        assert goal.direction == "lower"  # inferred from "<="
        assert row.rate_text == "62.5%"
        assert row.grade.grade_text() == "C"
        await pilot.press("tab", "tab")  # direction, then grade
        await pilot.press("b")
        assert goal.grade_override == "B" and row.grade.grade_text() == "B*"
        await pilot.press("delete")
        assert goal.grade_override == "" and row.grade.grade_text() == "C"
        await pilot.press("shift+tab", "space")  # the direction toggles: now higher is better
        assert goal.direction == "higher" and row.rate_text == "160%"
        saved = stored(app, record)
        assert (saved.goals[0].target, saved.goals[0].actual, saved.goals[0].direction) == ("<=5%", "8%", "higher")


async def test_deadline_not_understood_keeps_the_text_and_says_so(make_app, clock):
    app = make_app()
    record = make_record(clock)
    record.timing.current_stage = Stage.ACTION_PLANNING
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        await pilot.press("ctrl+o")
        await type_text(pilot, "Collect 50 samples")
        deadline = screen.query_one("DateInput")
        deadline.focus()
        await type_text(pilot, "sometime soon")
        status = deadline.parent.query_one(".date-status")
        action = record.actions[0]
        assert status.has_class("-bad") and "Not a date" in str(status.render())
        assert (action.deadline_text, action.deadline) == ("sometime soon", "")
        await pilot.press(*["backspace"] * len("sometime soon"))
        await type_text(pilot, "20 Oct")
        assert action.deadline == "2024-10-20" and action.deadline_text == "20 Oct"
        assert status.has_class("-ok") and "20 Oct 2024" in str(status.render())
        saved = stored(app, record)
        assert (saved.actions[0].deadline, saved.actions[0].deadline_text) == ("2024-10-20", "20 Oct")


async def test_remove_row_needs_a_second_press_when_the_row_has_text(make_app, clock):
    app = make_app()
    record = make_record(clock, goals=[Goal(name="Sales"), Goal(name="")])
    record.timing.current_stage = Stage.REVIEW
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        assert screen.focused.value == "Sales"
        await pilot.press("f12")
        assert len(record.goals) == 2  # armed, not removed
        await pilot.press("f12")
        assert [g.name for g in record.goals] == [""]
        assert screen.focused.value == ""  # the cursor moved to the next row
        await pilot.press("f12")  # an empty row goes at once
        assert record.goals == []
        assert len(stored(app, record).goals) == 0


async def test_whys_and_steps_are_added_where_the_cursor_is(make_app, clock):
    app = make_app()
    record = make_record(clock)
    record.timing.current_stage = Stage.ROOT_CAUSE
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        await pilot.press("enter")  # on "+ Add problem"
        await type_text(pilot, "Report late")
        await pilot.press("tab")
        await type_text(pilot, "sample too small")
        await pilot.press("ctrl+o")
        await type_text(pilot, "scope not widened")
        await pilot.press("shift+tab", "f11")  # back in why 1: the new why goes after it
        await type_text(pilot, "x")
        assert record.problems[0].whys == ["sample too small", "x", "scope not widened"]
        labels = [str(label.render()) for label in screen.query(".why-list .field-label")]
        assert [label.strip() for label in labels] == ["Why 1", "Why 2", "Why 3"]


async def test_private_notes_are_marked_and_kept_apart(make_app, clock):
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        await pilot.press("ctrl+l")
        notes = screen.notes
        assert notes.mode == "private" and notes.has_class("-private")
        assert "never shared" in notes.border_title
        await type_text(pilot, "seems tired")
        await pilot.press("f10")
        await type_text(pilot, "public")
        saved = stored(app, record)
        assert saved.private_notes == "seems tired"
        assert saved.notes_for(Stage.OPENING) == "public"


async def test_read_only_session_shows_a_banner_and_changes_nothing(make_app, clock):
    app = make_app()
    record = make_record(clock, goals=[Goal(name="Sales")])
    record.timing.current_stage = Stage.REVIEW
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, read_only=True)
        banner = screen.query_one("#meeting-banner")
        assert banner.display and "Read-only" in str(banner.render())
        assert all(field.disabled for field in screen.query("GoalRow Input"))
        await pilot.press("ctrl+o", "ctrl+r", "ctrl+t")
        await type_text(pilot, "zzz")
        await pilot.press("ctrl+n")
        assert screen.stage == Stage.ROOT_CAUSE  # moving around still works
        assert len(record.goals) == 1 and record.goals[0].name == "Sales"
        assert record.timing.started_at == "" and record.asked_prompts == []
        assert app.repo.get(record.id).timing.current_stage == Stage.REVIEW


async def test_typing_on_an_add_line_starts_a_row_with_what_was_typed(make_app, clock):
    """A keystroke is never dropped: letters typed on "+ Add problem" open a problem holding them."""
    from perf_tui.widgets.fields import AddLine

    app = make_app()
    record = make_record(clock)
    record.timing.current_stage = Stage.ROOT_CAUSE
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record)
        line = next(w for w in screen.query(AddLine) if w.display and w.region.height)
        line.focus()
        await pilot.pause()
        await type_text(pilot, "Slow")
        assert [p.description for p in record.problems] == ["Slow"]
        assert stored(app, record).problems[0].description == "Slow"
