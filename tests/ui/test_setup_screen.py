"""The setup screen by keys alone: basic information, goals, CSV import, checklist, key events,
validation messages in place, carry-in of the previous session's open actions, start and back."""

from __future__ import annotations

import codecs

from textual.widgets import Input, Static

from perf_tui.config import Config
from perf_tui.model import (
    Action,
    CheckpointStatus,
    Direction,
    InterviewType,
    Person,
    Polarity,
    RoleLevel,
    Status,
    new_record,
)


SUPERVISOR = Config(supervisor_name="Wang Min", supervisor_position="Head of Sales")


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def new_setup(app, pilot):
    """The app's own 'new session' path: a stored draft on the setup screen."""
    await pilot.pause()
    app.new_session()
    await settle(app, pilot)
    await pilot.pause()
    assert type(app.screen).__name__ == "SetupScreen"
    return app.screen


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[_key(ch) for ch in text])


def _key(ch: str) -> str:
    return {" ": "space", "/": "slash", ".": "full_stop", ":": "colon", "%": "percent_sign",
            "-": "minus", ",": "comma", "_": "underscore", "<": "less_than_sign", "=": "equals_sign",
            ";": "semicolon"}.get(ch, ch)


def stored(app, record_id):
    app.flush_save()
    return app.repo.get(record_id)


def message(screen, message_id: str) -> str:
    widget = screen.query_one(f"#{message_id}", Static)
    return str(widget.render()) if widget.display else ""


async def test_setup_whole_preparation_by_keys_is_stored(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short relative path to type: each typed key costs the test time
    csv_file = tmp_path / "my_goals.csv"
    csv_file.write_bytes(codecs.BOM_UTF8 + "核心目标,目标值,单位,方向\n市场调研报告,1,份,越高越好\n".encode("utf-8"))
    app = make_app(config=SUPERVISOR)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        record_id = screen.record.id
        assert app.focused.id == "employee-name"
        await type_text(pilot, "Zhang San")
        await pilot.press("tab")
        await type_text(pilot, "Analyst")
        await pilot.press("tab")
        assert app.focused.id == "supervisor-name" and app.focused.value == "Wang Min"
        await pilot.press("tab", "tab")
        await type_text(pilot, "2024-10-20")
        await pilot.press("tab")
        await type_text(pilot, "2pm")
        await pilot.press("tab")
        await type_text(pilot, "15:30")
        await pilot.press("tab")
        await type_text(pilot, "Room 5")
        await pilot.press("tab")
        await type_text(pilot, "2024 Q3")
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "interview-type"
        await pilot.press("enter", "down", "enter")  # regular -> improvement
        await pilot.press("tab")
        assert app.focused.id == "role-level"
        await pilot.press("enter", "down", "enter")  # staff -> manager
        await pilot.press("tab")
        assert app.focused.id == "minutes"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "75")

        # two goals, the second lower-is-better from its target
        await pilot.press("ctrl+n")
        assert app.focused.id == "goal-name"
        await type_text(pilot, "Deliver project X")
        await pilot.press("enter")
        await type_text(pilot, "1")
        await pilot.press("enter")
        await type_text(pilot, "project")
        await pilot.press("enter", "tab")
        assert app.focused.id == "goal-notes"
        await type_text(pilot, "Live 5 days early")
        await pilot.press("enter")
        await pilot.press("ctrl+n")
        await type_text(pilot, "Complaint rate")
        await pilot.press("enter")
        await type_text(pilot, "<=5%")
        await pilot.press("enter", "escape")

        # CSV import from a typed path
        await pilot.press("ctrl+o")
        assert app.focused.id == "csv-path"
        await type_text(pilot, "./my_goals.csv")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Goals imported: 1." in message(screen, "csv-result")

        # checklist and a key event
        await pilot.press("f9")
        assert app.focused.id == "check-aim_set"
        await pilot.press("space", "tab", "space")
        await pilot.press("ctrl+l")
        assert app.focused.id == "event-date"
        await type_text(pilot, "2024-09-12")
        await pilot.press("enter", "enter", "down", "enter", "tab")
        assert app.focused.id == "event-fact"
        await type_text(pilot, "Report 10 days late, sample too small")
        await pilot.press("enter")
        await settle(app, pilot)

        record = stored(app, record_id)
    assert (record.employee.name, record.employee.position) == ("Zhang San", "Analyst")
    assert (record.supervisor.name, record.supervisor.position) == ("Wang Min", "Head of Sales")
    assert (record.date, record.start_time, record.end_time) == ("2024-10-20", "14:00", "15:30")
    assert record.location == "Room 5"
    assert (record.period, record.period_start, record.period_end) == ("2024 Q3", "2024-07-01", "2024-09-30")
    assert record.interview_type == InterviewType.IMPROVEMENT
    assert record.role_level == RoleLevel.MANAGER
    assert record.planned_minutes == 75
    assert [(g.name, g.target, g.unit, g.direction) for g in record.goals] == [
        ("Deliver project X", "1", "project", Direction.HIGHER),
        ("Complaint rate", "<=5%", "", Direction.LOWER),
        ("市场调研报告", "1", "份", Direction.HIGHER),
    ]
    assert record.goals[0].notes == "Live 5 days early"
    assert record.checklist["aim_set"] and record.checklist["topic_told"]
    assert not record.checklist["room_booked"]
    assert [(e.date, e.polarity, e.fact) for e in record.key_events] == [
        ("2024-09-12", Polarity.NEGATIVE, "Report 10 days late, sample too small")]
    assert record.status == Status.DRAFT


async def test_setup_validation_messages_keep_the_typed_text(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await pilot.press("tab", "tab", "tab", "tab")
        assert app.focused.id == "date"
        await type_text(pilot, "32/13")
        assert message(screen, "msg-when") == ""  # no scolding while typing
        await pilot.press("tab")
        assert "Not a date" in message(screen, "msg-when")
        assert screen.query_one("#date", Input).value == "32/13"
        assert screen.record.date == "32/13"
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "20 Oct")
        assert message(screen, "msg-when") == ""  # fixed: the message goes at once
        await pilot.press("tab")
        assert screen.query_one("#date", Input).value == "2024-10-20"  # shown as understood
        await type_text(pilot, "16:00")
        await pilot.press("tab")
        await type_text(pilot, "15:00")
        await pilot.press("tab")
        assert "not after the start" in message(screen, "msg-when")

        minutes = screen.query_one("#minutes", Input)
        minutes.focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "200")
        await pilot.pause()
        assert "15 to 180" in message(screen, "msg-level")
        assert screen.record.planned_minutes == 60
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "45")
        await pilot.pause()
        assert message(screen, "msg-level") == ""
        assert "60-90" in str(screen.query_one("#minutes-hint", Static).render())
        assert screen.record.planned_minutes == 45


async def test_setup_period_derives_dates_but_keeps_dates_typed_by_hand(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        screen.query_one("#period", Input).focus()
        await type_text(pilot, "2024 H1")
        assert screen.query_one("#period-start", Input).value == "2024-01-01"
        assert screen.query_one("#period-end", Input).value == "2024-06-30"
        await pilot.press("tab")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "2024-05-31")
        await pilot.press("shift+tab", "shift+tab", "end", "backspace", "backspace")
        await type_text(pilot, "Q3")
        assert screen.query_one("#period-end", Input).value == "2024-05-31"
        assert screen.record.period == "2024 Q3"
        assert screen.record.period_end == "2024-05-31"
        await pilot.press("tab", "tab", "tab")
        assert "ends before it starts" not in message(screen, "msg-period")


async def test_setup_goal_rows_delete_undo_and_reorder_by_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        for name in ("First", "Second", "Third"):
            await pilot.press("ctrl+n")
            await type_text(pilot, name)
            await pilot.press("escape")
        record = screen.record
        assert [g.name for g in record.goals] == ["First", "Second", "Third"]
        assert app.focused.has_class("setup-rows-table")
        await pilot.press("up", "shift+up")  # "Second" moves to the top
        assert [g.name for g in record.goals] == ["Second", "First", "Third"]
        await pilot.press("right_square_bracket")
        assert [g.name for g in record.goals] == ["First", "Second", "Third"]
        await pilot.press("d")
        assert [g.name for g in record.goals] == ["First", "Third"]
        await pilot.press("u")
        assert [g.name for g in record.goals] == ["First", "Second", "Third"]
        await pilot.press("e")
        assert app.focused.id == "goal-name" and app.focused.value == "Second"
        await type_text(pilot, " half")
        await pilot.press("escape")
        assert record.goals[1].name == "Second half"
        # a goal added and left blank is not kept
        await pilot.press("a", "escape")
        assert len(record.goals) == 3
        stored_goals = stored(app, record.id).goals
        assert [g.name for g in stored_goals] == ["First", "Second half", "Third"]


async def test_setup_direction_suggested_from_target_unless_chosen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "Defects")
        await pilot.press("enter")
        await type_text(pilot, "<3")
        goal = screen.record.goals[0]
        assert goal.direction == Direction.LOWER
        hint = screen.query_one("#goals .setup-rows-hint", Static)
        assert "lower is better" in str(hint.render())
        # the person chooses higher; a later target no longer flips it back
        await pilot.press("enter", "enter")  # to the direction
        await pilot.press("enter", "up", "enter")  # open its menu, choose higher
        assert goal.direction == Direction.HIGHER
        await pilot.press("shift+tab", "shift+tab", "backspace")
        await type_text(pilot, "2")
        assert goal.direction == Direction.HIGHER
        assert "Check the direction" in str(hint.render())


async def test_setup_csv_import_reports_row_problems_in_place(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short relative path to type: each typed key costs the test time
    csv_file = tmp_path / "goals.csv"
    csv_file.write_bytes("goal;target;direction\nSales;1,200;up\n;5;\nDefects;≤3;sideways\n".encode("gbk", "replace"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await pilot.press("f4")
        await type_text(pilot, "./missing.csv")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "No such file" in message(screen, "csv-result")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "./goals.csv")
        await pilot.press("enter")
        await settle(app, pilot)
        text = message(screen, "csv-result")
        assert "Goals imported: 2." in text
        assert "Row 3: no goal name" in text
        assert "Row 4: direction" in text
        assert [g.name for g in screen.record.goals] == ["Sales", "Defects"]


def _previous_session(app, clock, name="Zhang San"):
    previous = new_record(now_iso=clock().isoformat())
    previous.employee = Person(name, "Analyst")
    previous.period, previous.date = "2024 Q2", "2024-07-10"
    previous.status = Status.CONFIRMED
    previous.actions = [
        Action(measure="Collect 50 more samples", owner="Zhang San", deadline="2024-10-20"),
        Action(measure="Escalation training", owner="Wang Min", deadline="2024-08-01",
               status=CheckpointStatus.DONE),
        Action(measure="Weekly complaint review", owner="Zhang San", deadline="2024-09-30",
               status=CheckpointStatus.AT_RISK),
    ]
    app.repo.create(previous)
    return previous


async def test_setup_carries_in_open_actions_of_the_previous_session(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        previous = _previous_session(app, clock)
        screen = await new_setup(app, pilot)
        panel = screen.query_one("#carry-panel", Static)
        assert "Type the employee's name" in str(panel.render())
        await type_text(pilot, "  zhang SAN ")
        await pilot.press("tab")
        await settle(app, pilot)
        text = str(panel.render())
        assert "Still open from 2024 Q2 · 10 Jul 2024: 2 actions. Ctrl+R / F6 carries them in" in text and "Collect 50 more samples" in text
        assert "Escalation training" not in text
        await pilot.press("ctrl+r")
        await pilot.press("f6")  # twice: nothing is carried twice
        record = stored(app, screen.record.id)
    assert record.previous_session_id == previous.id
    assert [(a.measure, a.carried_from) for a in record.actions] == [
        ("Collect 50 more samples", previous.id), ("Weekly complaint review", previous.id)]
    assert {a.id for a in record.actions}.isdisjoint({a.id for a in previous.actions})


async def test_setup_without_previous_session_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await type_text(pilot, "Nobody Before")
        await pilot.press("tab")
        await settle(app, pilot)
        assert "No earlier session" in str(screen.query_one("#carry-panel", Static).render())
        await pilot.press("ctrl+r")
        assert screen.record.actions == []


async def test_setup_start_needs_a_name_then_starts_the_meeting(make_app, monkeypatch):
    app = make_app()
    opened = []
    monkeypatch.setattr(type(app), "open_meeting", lambda self, record, read_only=None: opened.append(record))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await pilot.press("ctrl+n")  # a blank goal, never typed into
        await pilot.press("ctrl+g")
        assert opened == []
        assert "employee's name" in message(screen, "msg-employee")
        assert app.focused.id == "employee-name"
        await type_text(pilot, "Li Si")
        assert message(screen, "msg-employee") == ""
        await pilot.press("f5")
        assert opened == [screen.record]
        assert screen.record.status == Status.IN_PROGRESS
        assert screen.record.goals == []
        assert stored(app, screen.record.id).status == Status.IN_PROGRESS


async def test_setup_escape_saves_and_returns_home(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await type_text(pilot, "Li Si")
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert stored(app, screen.record.id).employee.name == "Li Si"


async def test_setup_in_chinese_shows_the_forms_labels(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        labels = [str(label.render()) for label in screen.query(".setup-label")]
        assert labels[:2] == ["面谈对象", "面谈主管"]
        assert str(screen.query_one("#section-basic", Static).render()) == "基本信息"


async def test_setup_every_binding_has_id_description_and_tooltip(make_app):
    from perf_tui.screens.setup import SetupScreen
    from perf_tui.widgets.setup_rows import RowsEditor, RowTable

    for cls in (SetupScreen, RowsEditor, RowTable):
        for binding in cls.BINDINGS:
            assert binding.id and binding.description and binding.tooltip, binding
