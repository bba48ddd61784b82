"""Issue 2's end-to-end test: from the home screen, by key presses alone, a manager creates a
session, prepares it, holds all five stages, both sign, and exports the record as Markdown from
the command palette; then the stored record and the file are checked. The same record is then
exported in Chinese from the home screen's `x` key."""

from __future__ import annotations

import stat

import pytest

from perf_tui import locations
from perf_tui.export import suggested_filename
from perf_tui.model import Agreement, Direction, InterviewType, Stage, Status


KEY_NAMES = {" ": "space", "%": "percent_sign", "<": "less_than_sign", "=": "equals_sign"}


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in text])


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


async def prepare_session(app, pilot) -> None:
    """Setup: name, period, type improvement, one lower-is-better goal (<=5%), then start."""
    assert focused_id(app) == "employee-name"
    await type_text(pilot, "Alex")
    await pilot.press(*["tab"] * 8)
    assert focused_id(app) == "period"
    await type_text(pilot, "Q3")
    await pilot.press("tab", "tab", "tab")
    assert focused_id(app) == "interview-type"
    await pilot.press("enter", "down", "enter")  # regular -> improvement
    await pilot.press("ctrl+n")
    assert focused_id(app) == "goal-name"
    await type_text(pilot, "Complaints")
    await pilot.press("enter")
    await type_text(pilot, "<=5%")
    await pilot.press("enter", "escape")
    await pilot.press("ctrl+g")
    await settle(app, pilot)


async def hold_meeting(app, pilot, clock) -> None:
    screen = app.screen
    assert type(screen).__name__ == "MeetingScreen"
    # opening: the notes
    await type_text(pilot, "Hi Alex")
    await pilot.press("ctrl+l")  # the private notes
    await type_text(pilot, "secret")
    await pilot.press("ctrl+l", "ctrl+n")
    clock.advance(600)
    # review: the goal from the setup gets its actual; an achievement with its case
    assert screen.stage == Stage.REVIEW
    await pilot.press("f2", "tab", "tab")  # editor: goal name, target, actual
    await type_text(pilot, "8%")
    await pilot.press(*["tab"] * 5)  # direction, grade, notes, "+ Add goal", "+ Add achievement"
    await pilot.press("ctrl+o")
    await type_text(pilot, "Hand-off")
    await pilot.press("tab", "space", "tab")  # source: the employee's own account
    await type_text(pilot, "30% faster")
    await pilot.press("ctrl+n")
    # root cause: a problem, three whys, both views
    assert screen.stage == Stage.ROOT_CAUSE
    await pilot.press("enter")
    await type_text(pilot, "Late")
    await pilot.press("tab")
    await type_text(pilot, "small")
    await pilot.press("ctrl+o")
    await type_text(pilot, "scope")
    await pilot.press("ctrl+o")
    await type_text(pilot, "need")
    await pilot.press("tab", "tab")
    await type_text(pilot, "unsure")
    await pilot.press("tab")
    await type_text(pilot, "no check")
    await pilot.press("f8")
    # action planning: what, owner, deadline, support, a checkpoint
    assert screen.stage == Stage.ACTION_PLANNING
    await pilot.press("enter")
    await type_text(pilot, "50 samples")
    await pilot.press("tab", "tab")  # past "+ Add step"
    await type_text(pilot, "Alex")
    await pilot.press("tab")
    await type_text(pilot, "20 Oct")
    await pilot.press("tab")
    await type_text(pilot, "marketing")
    await pilot.press("tab", "tab", "enter")  # past the goal link, on "+ Add checkpoint"
    await type_text(pilot, "5 Nov")
    await pilot.press("tab")
    await type_text(pilot, "review")
    await pilot.press("ctrl+n")
    clock.advance(300)
    # confirmation: summary, comments, agreement, both sign
    assert screen.stage == Stage.CONFIRMATION
    await type_text(pilot, "Sum")
    await pilot.press("tab")
    await type_text(pilot, "OK")
    await pilot.press("tab", "space")  # agrees
    await pilot.press("tab", "tab")
    await type_text(pilot, "Alex")
    await pilot.press("enter")
    await type_text(pilot, "Morgan")
    await pilot.press("enter")
    await pilot.pause()
    assert screen.record.locked


async def export_from_palette(app, pilot):
    await pilot.press("ctrl+p")
    await type_text(pilot, "export")
    await pilot.press("enter")
    await pilot.pause()
    dialog = app.screen
    assert type(dialog).__name__ == "ExportScreen"
    await pilot.press("f2")  # Markdown and the record's language are the defaults
    await pilot.pause()
    return dialog


async def export_from_home_in_chinese(app, pilot):
    await pilot.press("escape")  # back to the sessions; the list is reloaded
    await settle(app, pilot)
    assert type(app.screen).__name__ == "HomeScreen" and focused_id(app) == "home-table"
    await pilot.press("x")
    await pilot.pause()
    dialog = app.screen
    assert type(dialog).__name__ == "ExportScreen"
    await pilot.press("tab", "space")  # language: English -> Chinese
    assert dialog.choice == type(dialog.choice)(fmt="md", lang="zh")
    await pilot.press("tab", "enter")  # Enter in the file field writes
    await pilot.pause()
    # Named in Chinese (绩效面谈_…), so it sits next to the English export: nothing to replace,
    # no question (the replace question is tested in test_export_dialog.py).
    assert type(app.screen).__name__ == "HomeScreen"
    return dialog.written


def check_stored(saved) -> None:
    assert saved.status == Status.CONFIRMED and saved.locked
    assert (saved.employee.name, saved.period, saved.interview_type) == ("Alex", "Q3", InterviewType.IMPROVEMENT)
    assert saved.notes_for(Stage.OPENING) == "Hi Alex"
    assert saved.private_notes == "secret"
    [goal] = saved.goals
    assert (goal.name, goal.target, goal.actual, goal.direction) == ("Complaints", "<=5%", "8%", Direction.LOWER)
    [achievement] = saved.achievements
    assert (achievement.title, achievement.case, achievement.source) == ("Hand-off", "30% faster", "employee")
    [problem] = saved.problems
    assert problem.whys == ["small", "scope", "need"]
    assert (problem.description, problem.employee_view, problem.supervisor_view) == ("Late", "unsure", "no check")
    [action] = saved.actions
    assert (action.measure, action.owner, action.deadline, action.support) == (
        "50 samples", "Alex", "2024-10-20", "marketing")
    assert [(c.date, c.description) for c in action.checkpoints] == [("2024-11-05", "review")]
    confirmation = saved.confirmation
    assert (confirmation.summary, confirmation.employee_comments) == ("Sum", "OK")
    assert confirmation.agreement == Agreement.AGREES
    assert (confirmation.employee_signoff.name, confirmation.supervisor_signoff.name) == ("Alex", "Morgan")
    assert saved.timing.seconds_in(Stage.REVIEW) == pytest.approx(600)


def check_markdown(text: str) -> None:
    for heading in ("# Performance Interview Record and Improvement Plan", "## Basic information",
                    "## (1) Goal review and assessment", "## (2) Main achievements and strengths",
                    "## (3) Shortfalls and problem analysis", "## (4) Improvement plan",
                    "## (5) Summary and confirmation", "### Signatures of both parties"):
        assert heading in text
    assert "| Complaints | \\<=5% | 8% | 62.5% (lower is better) | C |" in text  # missed, not 160%
    assert "Hand-off — 30% faster" in text
    assert "  - 5 Whys:\n    1. small\n    2. scope\n    3. need" in text  # under the problems table
    assert "| 50 samples |  | Alex | 20 Oct 2024 | marketing |" in text
    assert "| Employee | Alex | 8 Oct 2024 14:15 |" in text
    assert "| Supervisor | Morgan | 8 Oct 2024 14:15 |" in text
    assert "secret" not in text  # the private notes never leave the app


async def test_whole_interview_from_home_by_keys_then_markdown_export(make_app, clock, data_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        await prepare_session(app, pilot)
        record_id = app.screen.record.id
        await hold_meeting(app, pilot, clock)
        dialog = await export_from_palette(app, pilot)
        assert type(app.screen).__name__ == "MeetingScreen"
        english = dialog.written
        english_text = english.read_text(encoding="utf-8")
        chinese = await export_from_home_in_chinese(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        app.flush_save()
        await settle(app, pilot)

    saved = open_repository_fresh(data_dir).get(record_id)
    check_stored(saved)
    assert english == locations.exports_dir(data_dir) / suggested_filename(saved, "md", "en")
    assert stat.S_IMODE(english.stat().st_mode) == 0o600
    check_markdown(english_text)
    # Named in its language, next to the English one: 绩效面谈_Alex_Q3_….md
    assert chinese == locations.exports_dir(data_dir) / suggested_filename(saved, "md", "zh")
    assert chinese.name.startswith("绩效面谈_") and english.exists()
    text = chinese.read_text(encoding="utf-8")
    assert "# 绩效面谈记录与改进措施表" in text and "达成率" in text
    assert "62.5%" in text and "secret" not in text


def open_repository_fresh(data_dir):
    from perf_tui.store import open_repository

    return open_repository(data_dir)
