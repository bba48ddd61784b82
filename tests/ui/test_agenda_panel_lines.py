"""The agenda sidebar's text: what is left of the current stage, or by how much it is over."""

from __future__ import annotations

from perf_tui.agenda import MeetingClock
from perf_tui.i18n import set_language
from perf_tui.model import Stage, Timing
from perf_tui.widgets.agenda_panel import current_stage_line, total_lines


def test_current_stage_shows_time_left_then_over_in_both_languages(clock):
    meeting = MeetingClock(Timing(), 60, None, clock)
    meeting.start()
    box = meeting.view().stage(Stage.OPENING).planned_s  # 313 s at 60 minutes
    clock.advance(box - 13)
    assert current_stage_line(meeting.view()) == "Stage: 00:13 left"
    clock.advance(60)
    assert current_stage_line(meeting.view()) == "Stage: over by 00:47"
    set_language("zh")
    assert current_stage_line(meeting.view()) == "本阶段超时 00:47"
    assert total_lines(meeting.view())[-1] == "本阶段超时 00:47"


def test_no_stage_line_before_the_start_or_after_the_end(clock):
    meeting = MeetingClock(Timing(), 60, None, clock)
    assert not any("Stage" in line for line in total_lines(meeting.view()))
    meeting.start()
    clock.advance(30)
    meeting.finish()
    assert not any("Stage" in line for line in total_lines(meeting.view()))
