"""Typing lands where it was typed (issue 7, part 1).

A terminal hands the app every key it has when the app reads: an input method commits a whole
word at once ("调整排班"), a paste is one event, a fast typist or `tmux send-keys` sends a burst.
`burst()` does what the terminal driver does with such a read: it queues every key at once, with
no wait between them (Pilot.press waits until the app is idle after each key, which no user
does). Each test drives the screens by keys only (focus is put on the line under test first).
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Input, SelectionList

from perf_tui.model import (Action, Checkpoint, Goal, InterviewType, Person, Problem, RoleLevel, Stage,
                            new_record)
from perf_tui.widgets.fields import AddLine, RowList

IME_WORD = "调整排班"
LONG_BURST = ("Collected 125 survey samples from three regions and checked each against the "
              "market report; two outliers are explained in notes.")
assert len(LONG_BURST) >= 125

_NAMED = {"\t": ("tab", "\t"), "\r": ("enter", "\r"), " ": ("space", " ")}


def key_event(key: str) -> events.Key:
    if key in _NAMED:
        name, char = _NAMED[key]
        return events.Key(name, char)
    if len(key) == 1:
        return events.Key(key, key)
    return events.Key(key, None)  # "ctrl+o", "f2", ...


def burst(app, keys) -> None:
    """Every key read at once, as the terminal driver queues them: no pause between them."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)


def paste(app, text: str) -> None:
    event = events.Paste(text)
    event.set_sender(app)
    app._driver.send_message(event)


async def settle(app, pilot) -> None:
    """Until every key read has been handed on (a busy machine may need a while)."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause(0.02)
        gate = getattr(app, "typing_gate", None)
        if gate is None or not (gate.holding or gate.held):
            break
    await pilot.pause(0.05)


def make_record(clock, **changes):
    record = new_record(now_iso=clock().isoformat(), lang="en", supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    record.period = "2024 Q3"
    record.interview_type = InterviewType.IMPROVEMENT
    record.role_level = RoleLevel.STAFF
    for key, value in changes.items():
        setattr(record, key, value)
    return record


async def open_meeting(app, pilot, record, stage: Stage):
    from perf_tui.screens.meeting import MeetingScreen

    record.timing.current_stage = stage
    app.repo.create(record)
    await app.push_screen(MeetingScreen(record))
    await settle(app, pilot)
    return app.screen


def stored(app, record):
    app.flush_save()
    return app.repo.get(record.id)


# Every kind of "+ Add" line of the meeting: (stage, how to find the list, the texts of its rows).
ADD_LINES = {
    "goals": (Stage.REVIEW, lambda s: s.query_one("#goal-list", RowList), lambda r: [g.name for g in r.goals]),
    "achievements": (Stage.REVIEW, lambda s: s.query_one("#achievement-list", RowList),
                     lambda r: [a.title for a in r.achievements]),
    "problems": (Stage.ROOT_CAUSE, lambda s: s.query_one("#problem-list", RowList),
                 lambda r: [p.description for p in r.problems]),
    "whys": (Stage.ROOT_CAUSE, lambda s: s.query_one("#problem-list .why-list", RowList),
             lambda r: r.problems[0].whys),
    "actions": (Stage.ACTION_PLANNING, lambda s: s.query_one("#action-list", RowList),
                lambda r: [a.measure for a in r.actions]),
    "steps": (Stage.ACTION_PLANNING, lambda s: s.query_one("#action-list .step-list", RowList),
              lambda r: r.actions[0].steps),
    "checkpoints": (Stage.ACTION_PLANNING, lambda s: s.query_one("#action-list .checkpoint-list", RowList),
                    lambda r: [c.date_text for c in r.actions[0].checkpoints]),
}


def seeded(clock):
    """One problem and one action, so that the lists inside them (whys, steps, checkpoints) exist."""
    return make_record(clock, problems=[Problem(description="Late report")],
                       actions=[Action(measure="Weekly samples")])


@pytest.mark.parametrize("kind", list(ADD_LINES))
@pytest.mark.parametrize("text", [IME_WORD, LONG_BURST], ids=["ime-word", "burst-125"])
async def test_a_burst_on_an_add_line_makes_one_row_with_all_of_it(make_app, clock, kind, text):
    stage, find_list, texts = ADD_LINES[kind]
    app = make_app()
    record = seeded(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, stage)
        before = list(texts(record))
        find_list(screen).add_line.focus()
        await pilot.pause()
        burst(app, text)
        await settle(app, pilot)
        assert texts(record) == [*before, text]  # one new row, every character, in order
        assert texts(stored(app, record)) == [*before, text]
        focused = screen.focused
        assert isinstance(focused, Input) and focused.value == text  # the cursor is in that row


async def test_a_paste_on_an_add_line_makes_one_row_and_keeps_every_line(make_app, clock):
    app = make_app()
    record = seeded(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, Stage.ACTION_PLANNING)
        screen.query_one("#action-list .step-list", RowList).add_line.focus()
        await pilot.pause()
        paste(app, "Agree the channels\nwith marketing")
        burst(app, " today")
        await settle(app, pilot)
        assert record.actions[0].steps == ["Agree the channels with marketing today"]


async def test_a_paste_right_after_ctrl_o_lands_once_in_the_new_row(make_app, clock):
    # Seen in tmux (paste-buffer -p after Ctrl+O): the new action held the first line twice,
    # once from our paste handler and once more from Textual's Input underneath it.
    app = make_app()
    record = seeded(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot, record, Stage.ACTION_PLANNING)
        before = len(record.actions)
        burst(app, ["ctrl+o"])
        paste(app, "pasted: 与市场部确认渠道\nsecond line")
        await settle(app, pilot)
        assert len(record.actions) == before + 1
        assert record.actions[-1].measure == "pasted: 与市场部确认渠道 second line"


async def test_slow_typing_on_an_add_line_stays_in_one_row(make_app, clock):
    """50-60 ms between keys: slower than a burst, but faster than a row used to appear."""
    app = make_app()
    record = seeded(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, Stage.REVIEW)
        screen.query_one("#achievement-list", RowList).add_line.focus()
        await pilot.pause()
        for index, ch in enumerate("abcdefgh"):
            burst(app, ch)
            await asyncio.sleep(0.050 + 0.010 * (index % 2))
        await settle(app, pilot)
        assert [a.title for a in record.achievements] == ["abcdefgh"]


async def test_keys_after_tab_and_after_the_add_key_follow_the_cursor(make_app, clock):
    """Text, Tab, text: the first part in the row's first field, the rest where Tab went; Ctrl+O
    then a word: the word in the new row."""
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, Stage.ACTION_PLANNING)
        screen.query_one("#action-list", RowList).add_line.focus()
        await pilot.pause()
        burst(app, [*"Collect samples", "\t", *"Agree channels", "ctrl+o", *IME_WORD])
        await settle(app, pilot)
        action = record.actions[0]
        assert action.measure == "Collect samples"  # Tab went from the measure to "+ Add step"
        assert action.steps == ["Agree channels", IME_WORD]  # typing there made a step; Ctrl+O the next


async def test_space_on_an_add_line_adds_no_empty_row(make_app, clock):
    app = make_app()
    record = seeded(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, Stage.ACTION_PLANNING)
        line = screen.query_one("#action-list .step-list", RowList).add_line
        line.focus()
        await pilot.pause()
        await pilot.press("space")
        await settle(app, pilot)
        assert record.actions[0].steps == []
        assert screen.focused is line


async def test_the_addresses_list_is_reached_by_tab_says_its_keys_and_space_ticks(make_app, clock):
    app = make_app()
    record = make_record(clock, goals=[Goal(name="Sales")], actions=[Action(measure="Weekly samples")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, Stage.ACTION_PLANNING)
        screen.query_one("#action-list .step-list", RowList).add_line.focus()
        await pilot.pause()
        for _ in range(8):  # owner, deadline, support, then the list
            if isinstance(screen.focused, SelectionList):
                break
            await pilot.press("tab")
        assert isinstance(screen.focused, SelectionList)
        subtitle = str(screen.query_one("#meeting-editors").border_subtitle)
        assert "↑↓" in subtitle and "Space" in subtitle
        await pilot.press("space")
        await settle(app, pilot)
        assert record.actions[0].links == [record.goals[0].id]
        assert record.actions[0].steps == []


async def test_f2_is_written_on_the_notes_border_in_both_languages(make_app, clock):
    for lang, word in (("en", "editor"), ("zh", "编辑区")):
        app = make_app(lang=lang)
        record = make_record(clock)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_meeting(app, pilot, record, Stage.REVIEW)
            title = str(screen.notes.border_title)
            assert "F2" in title and word in title
            await pilot.press("ctrl+l")  # private notes: still said
            assert "F2" in str(screen.notes.border_title)


# --------------------------------------------------------------------------- setup


async def new_setup(app, pilot):
    await pilot.pause()
    app.new_session()
    await settle(app, pilot)
    assert type(app.screen).__name__ == "SetupScreen"
    return app.screen


async def test_setup_first_key_in_an_empty_goals_list_is_kept(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await pilot.press("f8")  # to the goals: the list is empty, the cursor is in the editor
        assert screen.focused.id == "goal-name"
        await pilot.press("A")
        await settle(app, pilot)
        assert [g.name for g in screen.record.goals] == ["A"]
        assert screen.focused.value == "A"


async def test_setup_an_ime_word_into_empty_lists_is_kept_whole(make_app):
    from perf_tui.widgets.setup_events import past_date

    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await pilot.press("f8")
        burst(app, "项目按期交付率")
        await settle(app, pilot)
        assert [g.name for g in screen.record.goals] == ["项目按期交付率"]
        screen.query_one("#event-date", Input).focus()
        await pilot.pause()
        burst(app, "5月20日")
        await settle(app, pilot)
        assert len(screen.record.key_events) == 1
        assert screen.record.key_events[0].date == past_date("5月20日", screen.today, "zh").isoformat()
        assert screen.query_one("#event-date", Input).value == "5月20日"


@pytest.mark.parametrize("add_keys", [["a"], ["ctrl+n"]], ids=["a-on-the-table", "ctrl+n"])
async def test_setup_a_word_typed_right_after_the_add_key_goes_into_the_new_goal(make_app, add_keys):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        screen.record.goals.append(Goal(name="Sales"))
        screen.query_one("#goals").rebuild()
        screen.query_one("#goals").table.focus()
        await pilot.pause()
        burst(app, [*add_keys, *IME_WORD, *" due"])  # "d" on the table would delete a row
        await settle(app, pilot)
        assert [g.name for g in screen.record.goals] == ["Sales", f"{IME_WORD} due"]


@pytest.mark.parametrize("move", ["\t", "\r"], ids=["tab", "enter"])
async def test_setup_text_then_tab_then_text_lands_in_two_fields(make_app, move):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        assert screen.focused.id == "employee-name"
        burst(app, [*"Agent", move, *"王强"])
        await settle(app, pilot)
        assert screen.record.employee.name == "Agent"
        assert screen.record.employee.position == "王强"


# --------------------------------------------------------------------------- small terminals


def too_small_shown(app) -> bool:
    from perf_tui.widgets.typing import TooSmallScreen

    return isinstance(app.screen, TooSmallScreen)


async def test_below_the_minimum_size_no_key_reaches_a_hidden_field(make_app, clock):
    from perf_tui.widgets.typing import MIN_HEIGHT, MIN_WIDTH

    app = make_app()
    record = seeded(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await open_meeting(app, pilot, record, Stage.ACTION_PLANNING)
        screen = app.screen_stack[-2]  # the meeting, under the warning
        assert type(screen).__name__ == "MeetingScreen"
        notes_before = record.notes_for(Stage.ACTION_PLANNING)
        assert too_small_shown(app)
        message = str(app.screen.query_one("#too-small").render())
        assert f"{MIN_WIDTH}×{MIN_HEIGHT}" in message and "40×12" in message
        burst(app, [*"hidden notes", "\t", *"more", "ctrl+o", "f12", "enter"])
        paste(app, "pasted")
        await settle(app, pilot)
        assert record.notes_for(Stage.ACTION_PLANNING) == notes_before
        assert [a.measure for a in record.actions] == ["Weekly samples"]
        assert record.actions[0].steps == [] and record.actions[0].checkpoints == []
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert app.screen is screen  # the warning is gone once the window is large enough
        focused = screen.focused
        burst(app, "ok")
        await settle(app, pilot)
        assert focused.value.endswith("ok") if isinstance(focused, Input) else focused.text.endswith("ok")


async def test_the_size_warning_is_translated_and_comes_back_when_shrunk(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_setup(app, pilot)
        await pilot.resize_terminal(69, 24)
        await settle(app, pilot)
        assert too_small_shown(app)
        assert "窗口太小" in str(app.screen.query_one("#too-small").render())
        burst(app, "王强")
        await settle(app, pilot)
        assert screen.record.employee.name == ""
        await pilot.resize_terminal(70, 18)
        await settle(app, pilot)
        assert app.screen is screen


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_the_minimum_size_tab_never_reaches_a_field_out_of_sight(make_app, clock, lang):
    from perf_tui.demo import build_demo_record
    from perf_tui.screens.meeting import MeetingScreen
    from perf_tui.widgets.typing import MIN_HEIGHT, MIN_WIDTH

    app = make_app(lang=lang)
    async with app.run_test(size=(MIN_WIDTH, MIN_HEIGHT)) as pilot:
        screen = await new_setup(app, pilot)
        out_of_sight = []
        for _ in range(32):
            await pilot.press("tab")
            await pilot.pause()  # the scroll follows the layout the focus causes
            widget = screen.focused
            if not screen.can_view_entire(widget) or widget.region.width < 3:
                out_of_sight.append(widget.id or type(widget).__name__)
        assert out_of_sight == []
        record = build_demo_record(lang, clock())
        app.repo.create(record)
        await app.push_screen(MeetingScreen(record))
        await settle(app, pilot)
        meeting = app.screen
        for number in (2, 3, 4):
            await pilot.press(f"alt+{number}")
            for _ in range(16):
                await pilot.press("tab")
                await pilot.pause()
                widget = meeting.focused
                if not meeting.can_view_entire(widget) or widget.region.height < 1:
                    out_of_sight.append((number, widget.id or type(widget).__name__))
        assert out_of_sight == []


# --------------------------------------------------------------------------- home


async def test_escape_from_a_new_session_highlights_it_on_the_home_list(make_app, data_dir, clock):
    from perf_tui.store import open_repository

    repo = open_repository(data_dir, clock=clock)
    for name in ("Zhang San", "Li Si"):
        old = new_record(now_iso=clock().isoformat(), lang="en")
        old.employee = Person(name, "Engineer")
        repo.create(old)
    repo.close()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        first = home.selected_id()
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        setup = app.screen
        assert type(setup).__name__ == "SetupScreen"
        created = setup.record.id
        burst(app, "Wang Wu")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is home
        assert created != first
        assert home.selected_id() == created  # x / v / d now act on the session just made


async def test_the_add_key_where_nothing_can_be_added_holds_no_keys(make_app, clock):
    """Ctrl+O in a stage without lists adds nothing: what follows it goes on into the notes at once
    (it is not held back waiting for a row that never comes)."""
    app = make_app()
    record = make_record(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot, record, Stage.OPENING)
        assert screen.focused is screen.notes.stage_notes
        burst(app, ["ctrl+o", *"hello"])
        await settle(app, pilot)
        assert not app.typing_gate.holding
        assert record.notes_for(Stage.OPENING) == "hello"
