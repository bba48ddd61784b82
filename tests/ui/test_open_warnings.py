"""Before signing, the confirmation stage lists the warnings still open, per stage; Enter on one
jumps to it; signing with open warnings asks once, then proceeds."""

from __future__ import annotations

from perf_tui.model import Action, Agreement, Goal, InterviewType, Person, Problem, Stage, new_record


def make_record(clock, lang="en"):
    record = new_record(now_iso=clock().isoformat(), lang=lang, supervisor=Person("Morgan Li", "Manager"))
    record.employee = Person("Alex Chen", "Analyst")
    record.period = "2024 Q3"
    record.interview_type = InterviewType.IMPROVEMENT
    record.goals.append(Goal(name="Response time", target="abc", actual="3h"))
    record.problems.append(Problem(description="Invoices late", whys=["Run started late", "She forgot"]))
    record.actions.append(Action(measure="Improve communication", owner="the team", deadline_text="Q4"))
    record.confirmation.agreement = Agreement.AGREES
    record.timing.current_stage = Stage.CONFIRMATION
    return record


async def test_open_warnings_are_listed_per_stage_and_enter_jumps_to_one(make_app, clock, show_meeting):
    app = make_app()
    record = make_record(clock)
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_meeting(app, pilot, record)
        warnings = screen.query_one("#open-warnings")
        lines = [str(warnings.get_option_at_index(i).prompt) for i in range(warnings.option_count)]
        assert lines[0] == "Performance review"
        assert any("Goal 1" in line and "cannot compute a rate from 'abc'" in line for line in lines)
        assert "Root cause" in lines and "Action planning" in lines
        assert any("Action 1" in line and "is a group" in line for line in lines)
        warnings.focus()
        await pilot.pause()
        action_line = next(i for i, line in enumerate(lines) if "Action 1" in line)
        await pilot.press(*["down"] * (action_line - 1), "enter")
        await pilot.pause()
        assert screen.stage == Stage.ACTION_PLANNING
        card = screen.query_one("#action-list").rows[0]
        assert screen.focused is not None and card in screen.focused.ancestors
        await app.workers.wait_for_complete()  # the save the stage change starts ends inside this test
        await pilot.pause()


async def test_signing_with_open_warnings_asks_once_then_proceeds(make_app, clock, show_meeting):
    app = make_app()
    record = make_record(clock)
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_meeting(app, pilot, record)
        screen.query_one("#sign-employee-name").focus()
        await pilot.press(*"Alex Chen", "enter")
        status = screen.query_one("#sign-employee .sign-status")
        assert "Press Enter again to sign anyway" in str(status.render())
        assert not record.confirmation.employee_signoff.signed
        await pilot.press("enter")
        assert record.confirmation.employee_signoff.signed
        # asked once: the second signature is not asked again
        await pilot.press(*"Morgan Li", "enter")
        await pilot.pause()
        assert record.confirmation.supervisor_signoff.signed and record.locked
        await app.workers.wait_for_complete()  # the save after sign-off ends inside this test


async def test_no_warnings_no_question_and_the_list_says_so_in_chinese(make_app, clock, show_meeting):
    app = make_app(lang="zh")
    record = make_record(clock, "zh")
    record.goals.clear(), record.problems.clear(), record.actions.clear()
    app.repo.create(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await show_meeting(app, pilot, record)
        assert "没有待处理的提醒" in str(screen.query_one("#open-warnings-count").render())
        assert not screen.query_one("#open-warnings").display
        screen.query_one("#sign-employee-name").focus()
        await pilot.press(*"Alex Chen", "enter")
        assert record.confirmation.employee_signoff.signed


async def test_a_target_that_is_no_number_is_named_in_the_review(make_app, clock, show_meeting):
    app = make_app()
    record = make_record(clock)
    record.timing.current_stage = Stage.REVIEW
    app.repo.create(record)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await show_meeting(app, pilot, record)
        findings = screen.query_one(".goal-findings")
        assert "Target: cannot compute a rate from 'abc'" in str(findings.render())
        target = screen.query_one("GoalRow .goal-target")
        target.focus()
        await pilot.press("end", "backspace", "backspace", "backspace", "9", "0")
        await pilot.pause()
        assert record.goals[0].target == "90"
        assert not findings.display or "cannot compute" not in str(findings.render())


async def test_a_target_that_is_no_number_is_named_in_setup(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        from textual.widgets import Static

        await pilot.pause()
        app.new_session()  # the app's own "new session" path: a stored draft on the setup screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+n", *"NPS", "enter", *"abc")
        hint = screen.query_one("#goals .setup-rows-hint", Static)
        assert "cannot compute a rate from 'abc'" in str(hint.render())
        await pilot.press("backspace", "backspace", "backspace", "6", "0")
        assert "cannot compute" not in str(hint.render())
