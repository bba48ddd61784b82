"""agenda.py: timebox split, the meeting clock (pause, stages, save/restore) and rebalancing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perf_tui import agenda
from perf_tui.agenda import (
    MIN_BOX_S,
    MeetingClock,
    format_duration,
    rebalance,
    split_timeboxes,
    stage_weights,
)
from perf_tui.clock import FakeClock
from perf_tui.config import DEFAULT_STAGE_WEIGHTS
from perf_tui.model import STAGES, Record, Stage, Timing

O, R, RC, AP, C = STAGES
DEFAULT_60 = {O: 313, R: 939, RC: 939, AP: 939, C: 470}


def make_clock(clock: FakeClock, minutes: int = 60, timing: Timing | None = None) -> MeetingClock:
    return MeetingClock(timing or Timing(), minutes, None, clock)


def views_by_stage(meeting: MeetingClock) -> dict[Stage, agenda.StageView]:
    return {view.stage: view for view in meeting.view().stages}


# --------------------------------------------------------------------------- split_timeboxes


def test_default_split_of_an_hour_follows_the_default_weights():
    assert split_timeboxes(60) == DEFAULT_60
    assert list(split_timeboxes(60)) == list(STAGES)


@pytest.mark.parametrize("minutes", [15, 16, 45, 60, 61, 89, 90, 119, 180])
def test_split_sums_exactly_to_the_planned_seconds(minutes):
    boxes = split_timeboxes(minutes)
    assert sum(boxes.values()) == minutes * 60
    assert all(box >= MIN_BOX_S for box in boxes.values())


@pytest.mark.parametrize("minutes", [15, 60, 180])
def test_split_is_proportional_within_one_second(minutes):
    total_weight = sum(DEFAULT_STAGE_WEIGHTS.values())
    for stage, box in split_timeboxes(minutes).items():
        exact = minutes * 60 * DEFAULT_STAGE_WEIGHTS[stage] / total_weight
        assert abs(box - exact) < 1


def test_split_of_fifteen_and_of_a_hundred_and_eighty_minutes():
    assert split_timeboxes(15) == {O: 78, R: 235, RC: 235, AP: 235, C: 117}
    assert split_timeboxes(180) == {O: 939, R: 2818, RC: 2817, AP: 2817, C: 1409}


def test_custom_weights_override_only_the_stages_given():
    boxes = split_timeboxes(60, {"opening": 3.0})
    assert boxes[O] == boxes[R] == boxes[RC] == boxes[AP]
    assert sum(boxes.values()) == 3600


def test_a_tiny_weight_still_gets_one_minute_and_the_rest_is_shared():
    boxes = split_timeboxes(15, {"opening": 0.01})
    assert boxes[O] == MIN_BOX_S
    assert sum(boxes.values()) == 900
    assert boxes[R] == boxes[RC] == boxes[AP]


@pytest.mark.parametrize("bad", [14, 181, 0, -60, 60.5, "60", True, None])
def test_minutes_outside_the_range_give_a_clear_message(bad):
    with pytest.raises(ValueError) as info:
        split_timeboxes(bad)
    assert "15" in str(info.value) and "180" in str(info.value)


def test_minutes_message_is_translated():
    with pytest.raises(ValueError) as info:
        agenda.validate_minutes(200, lang="zh")
    assert "分钟" in str(info.value) and "200" in str(info.value)


def test_unknown_stage_or_non_positive_weight_is_rejected():
    with pytest.raises(ValueError, match="closing"):
        split_timeboxes(60, {"closing": 1})
    with pytest.raises(ValueError, match="review"):
        split_timeboxes(60, {"review": 0})
    with pytest.raises(ValueError):
        stage_weights({"review": -1.0})


@settings(max_examples=200, deadline=None)
@given(
    minutes=st.integers(15, 180),
    weights=st.fixed_dictionaries({str(s): st.floats(0.01, 50, allow_nan=False) for s in STAGES}),
)
def test_property_split_sums_exactly_and_every_box_is_at_least_a_minute(minutes, weights):
    boxes = split_timeboxes(minutes, weights)
    assert sum(boxes.values()) == minutes * 60
    assert all(isinstance(box, int) and box >= MIN_BOX_S for box in boxes.values())
    # a heavier stage never gets a smaller box than a lighter one
    for a in STAGES:
        for b in STAGES:
            if weights[str(a)] > weights[str(b)]:
                assert boxes[a] >= boxes[b]


# --------------------------------------------------------------------------- format_duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "00:00"), (5, "00:05"), (725, "12:05"), (59.9, "00:59"), (4500, "75:00"),
     (10800, "180:00"), (-90, "-01:30"), (-0.5, "00:00")],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


# --------------------------------------------------------------------------- the clock


def test_nothing_counts_before_start(clock):
    meeting = make_clock(clock)
    clock.advance(600)
    assert not meeting.started and not meeting.is_running
    assert meeting.total_elapsed() == 0
    assert all(view.state == "pending" for view in meeting.view().stages)


def test_start_counts_time_on_the_current_stage(clock):
    meeting = make_clock(clock)
    started = clock()
    meeting.start()
    clock.advance(90)
    assert meeting.is_running
    assert meeting.elapsed(O) == 90
    assert meeting.timing.started_at == meeting.timing.running_since == started.isoformat()


def test_start_twice_does_not_restart(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(30)
    meeting.start()
    clock.advance(30)
    assert meeting.elapsed(O) == 60


def test_pause_does_not_count_and_resume_continues(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(100)
    meeting.pause()
    assert meeting.is_paused and not meeting.is_running
    clock.advance(500)  # a knock at the door
    assert meeting.elapsed(O) == 100
    assert meeting.view().paused
    meeting.resume()
    clock.advance(20)
    assert meeting.elapsed(O) == 120
    assert meeting.total_elapsed() == 120


def test_pause_and_resume_when_not_applicable_do_nothing(clock):
    meeting = make_clock(clock)
    meeting.pause()
    meeting.resume()
    assert not meeting.started
    meeting.start()
    meeting.resume()  # not paused
    clock.advance(10)
    meeting.toggle_pause()
    assert meeting.is_paused
    meeting.toggle_pause()
    assert meeting.is_running
    assert meeting.elapsed(O) == 10


def test_go_to_closes_the_interval_and_opens_one_on_the_new_stage(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(200)
    meeting.go_to(Stage.REVIEW)
    clock.advance(50)
    assert meeting.timing.elapsed == {"opening": 200.0}
    assert meeting.timing.current_stage == R
    assert meeting.elapsed(O) == 200 and meeting.elapsed(R) == 50


def test_go_to_the_same_stage_changes_nothing(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(10)
    since = meeting.timing.running_since
    meeting.go_to("opening")
    assert meeting.timing.running_since == since
    assert meeting.timing.elapsed == {}


def test_go_to_while_paused_moves_without_counting(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(60)
    meeting.pause()
    meeting.go_to("review")
    clock.advance(300)
    assert meeting.elapsed(R) == 0
    meeting.resume()
    clock.advance(5)
    assert meeting.elapsed(R) == 5 and meeting.elapsed(O) == 60


def test_go_to_before_start_only_changes_the_stage(clock):
    meeting = make_clock(clock)
    meeting.go_to("review")
    clock.advance(100)
    assert meeting.current_stage == R and meeting.total_elapsed() == 0
    meeting.start()
    clock.advance(7)
    assert meeting.elapsed(R) == 7


def test_start_on_a_given_stage(clock):
    meeting = make_clock(clock)
    meeting.start(Stage.ROOT_CAUSE)
    clock.advance(3)
    assert meeting.elapsed(RC) == 3


def test_finish_closes_the_interval_and_stops_the_clock(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(100)
    meeting.pause()
    clock.advance(100)
    meeting.finish()
    clock.advance(100)
    assert meeting.finished and not meeting.is_running and not meeting.is_paused
    assert meeting.timing.ended_at
    assert meeting.timing.running_since == "" and meeting.timing.paused is False
    assert meeting.total_elapsed() == 100
    meeting.resume()
    meeting.go_to("review")
    clock.advance(50)
    assert meeting.total_elapsed() == 100


def test_reopen_after_finish_continues_paused(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(100)
    meeting.finish()
    meeting.reopen()
    assert not meeting.finished and meeting.is_paused
    meeting.resume()
    clock.advance(10)
    assert meeting.elapsed(O) == 110


def test_clock_going_backwards_never_gives_negative_time(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(-3600)
    assert meeting.elapsed(O) == 0
    meeting.go_to("review")
    assert meeting.timing.elapsed["opening"] == 0


def test_sub_second_intervals_add_up_exactly(clock):
    meeting = make_clock(clock)
    meeting.start()
    for _ in range(10):
        clock.advance(0.25)
        meeting.pause()
        meeting.resume()
    assert meeting.elapsed(O) == pytest.approx(2.5)


# --------------------------------------------------------------------------- save / restore


def test_save_and_restore_mid_stage_continues_where_it_was(clock):
    record = Record()
    meeting = MeetingClock(record.timing, 60, None, clock)
    meeting.start()
    clock.advance(400)
    meeting.go_to("review")
    clock.advance(125)
    saved = json.dumps(record.to_dict())

    restored = Record.from_dict(json.loads(saved))
    again = MeetingClock(restored.timing, restored.planned_minutes, None, clock)
    assert again.is_running and again.current_stage == R
    assert again.elapsed(O) == 400 and again.elapsed(R) == 125
    clock.advance(5)
    assert again.elapsed(R) == 130
    assert again.view().stage(R).elapsed_s == 130


def test_time_while_the_app_was_closed_counts_by_default(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(60)
    data = meeting.timing.to_dict()
    clock.advance(120)  # the app crashed; the conversation went on
    again = make_clock(clock, timing=Timing.from_dict(data))
    assert again.elapsed(O) == 180


def test_restore_of_a_paused_clock_stays_paused(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(60)
    meeting.pause()
    data = meeting.timing.to_dict()
    clock.advance(3600)
    again = make_clock(clock, timing=Timing.from_dict(data))
    assert again.is_paused and again.total_elapsed() == 60


def test_resume_after_a_long_gap_counts_up_to_last_seen_and_pauses(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(100)
    last_seen = clock()
    clock.advance(2 * 3600)  # lunch break, laptop closed
    again = make_clock(clock, timing=Timing.from_dict(meeting.timing.to_dict()))
    assert again.resume_after_gap(last_seen.isoformat(), max_gap_s=300) is True
    assert again.is_paused and again.elapsed(O) == 100
    again.resume()
    clock.advance(10)
    assert again.elapsed(O) == 110


def test_resume_after_a_short_gap_changes_nothing(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(100)
    last_seen = clock()
    clock.advance(30)
    assert meeting.resume_after_gap(last_seen, max_gap_s=300) is False
    assert meeting.is_running and meeting.elapsed(O) == 130


def test_resume_after_gap_ignores_unknown_last_seen_and_a_stopped_clock(clock):
    meeting = make_clock(clock)
    assert meeting.resume_after_gap(clock()) is False  # not started
    meeting.start()
    clock.advance(1000)
    assert meeting.resume_after_gap(None) is False
    assert meeting.resume_after_gap("not a date") is False
    assert meeting.elapsed(O) == 1000


def test_a_damaged_running_since_counts_nothing_instead_of_failing(clock):
    timing = Timing(started_at="2024-10-08T14:00:00+08:00", running_since="garbage",
                    elapsed={"opening": 42.0})
    meeting = make_clock(clock, timing=timing)
    assert meeting.elapsed(O) == 42
    meeting.go_to("review")
    assert meeting.timing.elapsed["opening"] == 42


# --------------------------------------------------------------------------- states


def at(clock: FakeClock, seconds: int, stage: Stage = O, minutes: int = 60) -> MeetingClock:
    meeting = make_clock(clock, minutes)
    meeting.start(stage)
    clock.advance(seconds)
    return meeting


@pytest.mark.parametrize(
    ("seconds", "state"),
    [(0, "active"), (250, "active"), (251, "warning"), (313, "warning"), (314, "over")],
)
def test_opening_states_around_eighty_percent_and_the_box(clock, seconds, state):
    # opening's box is 313 s: 80% is 250.4 s, so 250 is just under and 251 the first warning second
    meeting = at(clock, seconds)
    assert meeting.view().stage(O).state == state


def test_exactly_eighty_percent_is_a_warning():
    # a box of 300 s (weights chosen so): 240 s is exactly 80%
    view = rebalance(1500, stage_weights({s: 1 for s in STAGES}), {O: 240}, O)
    assert view.stage(O).planned_s == 300
    assert view.stage(O).state == "warning"
    assert rebalance(1500, stage_weights({s: 1 for s in STAGES}), {O: 239}, O).stage(O).state == "active"


def test_exactly_at_the_box_is_a_warning_and_one_second_more_is_over():
    weights = stage_weights({s: 1 for s in STAGES})
    assert rebalance(1500, weights, {O: 300}, O).stage(O).state == "warning"
    over = rebalance(1500, weights, {O: 301}, O).stage(O)
    assert over.state == "over" and over.remaining_s == -1 and over.planned_s == 300


def test_paused_current_stage_keeps_its_state(clock):
    meeting = at(clock, 300)
    meeting.pause()
    view = meeting.view()
    assert view.paused and view.stage(O).state == "warning"


# --------------------------------------------------------------------------- rebalancing


def test_an_overrunning_stage_shrinks_the_later_boxes_in_proportion(clock):
    meeting = at(clock, 600)  # opening: box 313, 287 s over
    view = meeting.view()
    assert view.stage(O).state == "over" and view.stage(O).planned_s == 313
    later = {s: view.stage(s).planned_s for s in (R, RC, AP, C)}
    assert later == {R: 857, RC: 857, AP: 857, C: 429}
    assert 600 + sum(later.values()) == 3600
    assert view.overrun_s == 0


def test_boxes_stay_put_while_the_current_stage_is_within_its_box(clock):
    meeting = at(clock, 200)
    assert {v.stage: v.planned_s for v in meeting.view().stages} == DEFAULT_60


def test_savings_of_a_finished_stage_go_to_the_later_stages(clock):
    meeting = at(clock, 100)
    meeting.go_to("review")
    view = meeting.view()
    assert view.stage(O).state == "done" and view.stage(O).planned_s == 100
    assert view.stage(O).original_s == 313 and not view.stage(O).overran
    rest = [view.stage(s).planned_s for s in (R, RC, AP, C)]
    assert sum(rest) == 3500
    assert view.stage(R).planned_s > DEFAULT_60[R]
    assert view.stage(C).planned_s > DEFAULT_60[C]


def test_a_finished_stage_that_overran_is_done_and_flagged(clock):
    meeting = at(clock, 500)
    meeting.go_to("review")
    row = meeting.view().stage(O)
    assert row.state == "done" and row.overran and row.planned_s == row.elapsed_s == 500


def test_one_huge_overrun_puts_the_rest_at_one_minute_and_reports_the_overrun(clock):
    meeting = at(clock, 3500)
    view = meeting.view()
    assert [view.stage(s).planned_s for s in (R, RC, AP, C)] == [60] * 4
    assert view.overrun_s == 3500 + 4 * 60 - 3600
    assert view.remaining_s == 100


def test_all_stages_at_minimum_when_the_budget_is_gone():
    view = rebalance(900, stage_weights(), {O: 900, R: 400}, R)
    assert view.stage(O).state == "done"
    assert view.stage(R).state == "over"
    assert [view.stage(s).planned_s for s in (RC, AP, C)] == [60, 60, 60]
    assert view.overrun_s == 900 + 400 + 180 - 900


def test_the_last_stage_running_over_is_the_meeting_running_over():
    elapsed = {O: 313, R: 939, RC: 939, AP: 939, C: 600}
    view = rebalance(3600, stage_weights(), elapsed, C)
    assert view.stage(C).state == "over" and view.stage(C).planned_s == 470
    assert view.overrun_s == 130 == -view.remaining_s


def test_pause_does_not_eat_into_the_boxes(clock):
    meeting = at(clock, 100)
    meeting.pause()
    clock.advance(3000)
    assert {v.stage: v.planned_s for v in meeting.view().stages} == DEFAULT_60


def test_going_back_to_an_earlier_stage(clock):
    meeting = make_clock(clock)
    meeting.start()
    for stage, seconds in ((R, 300), (RC, 900), (AP, 600), (AP, 0)):
        clock.advance(seconds)
        meeting.go_to(stage)
    # timeline: opening 300, review 900, root cause 600, now on action planning
    clock.advance(200)
    meeting.go_to("review")  # back to fix a number
    clock.advance(60)
    view = meeting.view()
    assert view.stage(R).is_current and view.stage(R).elapsed_s == 960
    # stages passed on the way back are finished at what they used
    assert view.stage(O).state == view.stage(RC).state == "done"
    assert view.stage(RC).planned_s == 600
    # the furthest stage reached keeps a box: the user will return to it
    assert view.stage(AP).state == "pending" and view.stage(AP).planned_s > 200
    assert view.stage(C).state == "pending"
    assert sum(max(v.planned_s, v.elapsed_s) for v in view.stages) == 3600 + view.overrun_s


def test_a_brief_peek_ahead_does_not_give_away_the_peeked_stage(clock):
    meeting = at(clock, 200, R)
    meeting.go_to("confirmation")
    clock.advance(10)
    meeting.go_to("review")
    view = meeting.view()
    assert view.stage(C).state == "pending"
    assert view.stage(C).planned_s >= DEFAULT_60[C] - 1
    assert view.stage(C).remaining_s == view.stage(C).planned_s - 10


def test_a_skipped_stage_keeps_its_box_in_reserve(clock):
    meeting = at(clock, 313)
    meeting.go_to("root_cause")
    clock.advance(30)
    view = meeting.view()
    assert view.stage(R).state == "pending" and view.stage(R).planned_s == DEFAULT_60[R]


def test_finished_meeting_view(clock):
    meeting = at(clock, 1000)
    meeting.go_to("confirmation")
    clock.advance(200)
    meeting.finish()
    view = meeting.view()
    assert view.finished and not view.paused
    assert view.stage(O).state == view.stage(C).state == "done"
    assert view.stage(R).state == "pending" and view.stage(R).planned_s == 0
    assert view.overrun_s == 0 and view.elapsed_s == 1200 and view.remaining_s == 2400
    assert view.stage(C).is_current


def test_whole_meeting_figures(clock):
    meeting = at(clock, 400)
    view = meeting.view()
    assert (view.planned_s, view.elapsed_s, view.remaining_s) == (3600, 400, 3200)
    assert view.started and not view.finished and view.current_stage == O


@pytest.mark.parametrize("minutes", [15, 180])
def test_rebalancing_at_the_extremes_of_the_range(clock, minutes):
    meeting = at(clock, minutes * 30, minutes=minutes)  # half the meeting on the opening
    view = meeting.view()
    rest = sum(view.stage(s).planned_s for s in (R, RC, AP, C))
    assert rest == minutes * 30
    assert all(view.stage(s).planned_s >= MIN_BOX_S for s in STAGES)
    assert view.overrun_s == 0


# --------------------------------------------------------------------------- properties

elapsed_strategy = st.fixed_dictionaries({s: st.integers(0, 4000) for s in STAGES})


@settings(max_examples=300, deadline=None)
@given(minutes=st.integers(15, 180), elapsed=elapsed_strategy, current=st.sampled_from(STAGES))
def test_property_rebalancing_invariants(minutes, elapsed, current):
    planned = minutes * 60
    view = rebalance(planned, stage_weights(), elapsed, current)
    rows = {v.stage: v for v in view.stages}
    assert sum(max(v.planned_s, v.elapsed_s) for v in view.stages) == planned + view.overrun_s
    assert view.overrun_s >= 0
    for stage, row in rows.items():
        assert row.remaining_s == row.planned_s - row.elapsed_s
        if row.state == "done":
            assert row.planned_s == row.elapsed_s
        else:
            assert row.planned_s >= MIN_BOX_S
    if view.overrun_s > 0:
        open_rows = [r for r in rows.values() if r.state not in ("done", "over")]
        assert all(r.planned_s == MIN_BOX_S for r in open_rows)


@settings(max_examples=200, deadline=None)
@given(minutes=st.integers(15, 180), elapsed=elapsed_strategy, current=st.sampled_from(STAGES),
       extra=st.integers(1, 3000))
def test_property_current_box_is_stable_and_later_boxes_only_shrink_as_it_runs(
        minutes, elapsed, current, extra):
    weights = stage_weights()
    before = rebalance(minutes * 60, weights, elapsed, current)
    later = rebalance(minutes * 60, weights, {**elapsed, current: elapsed[current] + extra}, current)
    assert later.stage(current).planned_s == before.stage(current).planned_s
    for stage in STAGES:
        if stage != current:
            assert later.stage(stage).planned_s <= before.stage(stage).planned_s


@settings(max_examples=100, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(["go", "pause", "resume", "wait"]),
                                st.sampled_from(STAGES), st.integers(0, 900)), max_size=25))
def test_property_clock_elapsed_equals_running_time_and_survives_round_trips(steps):
    clock = FakeClock()
    timing = Timing()
    meeting = MeetingClock(timing, 60, None, clock)
    meeting.start()
    running_seconds = 0
    for action, stage, seconds in steps:
        if action == "go":
            meeting.go_to(stage)
        elif action == "pause":
            meeting.pause()
        elif action == "resume":
            meeting.resume()
        else:
            if meeting.is_running:
                running_seconds += seconds
            clock.advance(seconds)
        # save and reload after every step
        meeting = MeetingClock(Timing.from_dict(json.loads(json.dumps(timing.to_dict()))), 60, None, clock)
        timing = meeting.timing
    assert meeting.total_elapsed() == pytest.approx(running_seconds)
    assert meeting.view().elapsed_s == running_seconds


def test_the_agenda_module_reads_no_time_itself():
    source = agenda.__file__
    text = open(source, encoding="utf-8").read()
    assert "datetime.now" not in text and "time.time" not in text and "import time" not in text


def test_stamps_keep_the_clock_offset_and_sub_seconds():
    clock = FakeClock()
    clock.advance(0.5)
    meeting = make_clock(clock)
    meeting.start()
    assert meeting.timing.started_at == "2024-10-08T14:00:00.500000+08:00"
    assert clock().utcoffset() == timedelta(hours=8)


# --------------------------------------------------------------------------- minutes that add up


def test_stage_minutes_of_a_60_minute_meeting_add_up_to_60_not_61():
    boxes = split_timeboxes(60)
    seconds = [boxes[stage] for stage in STAGES]
    assert sum(round(s / 60) for s in seconds) == 61  # what each stage rounded alone showed
    minutes = agenda.whole_minutes_summing(seconds)
    assert sum(minutes) == 60
    assert all(abs(m - s / 60) < 1 for m, s in zip(minutes, seconds))


@given(st.integers(min_value=15, max_value=180),
       st.lists(st.floats(min_value=0.1, max_value=10), min_size=5, max_size=5))
def test_stage_minutes_always_add_up_to_the_planned_length(minutes, weights):
    boxes = split_timeboxes(minutes, dict(zip(STAGES, weights)))
    shown = agenda.whole_minutes_summing([boxes[stage] for stage in STAGES])
    assert sum(shown) == minutes
    assert all(abs(m - boxes[s] / 60) < 1 for m, s in zip(shown, STAGES))


def test_whole_minutes_summing_ignores_damaged_values_and_rounds_the_total_half_up():
    assert agenda.whole_minutes_summing([90, float("nan"), -30, "x", None]) == [2, 0, 0, 0, 0]
    assert agenda.whole_minutes_summing([89, 89]) == [2, 1]  # 178 s -> 3 min, tie to the earlier
    assert agenda.whole_minutes_summing([]) == []


# --------------------------------------------------------------------------- pinned by mutation testing
# Each case below was added because `make mutate` showed that no test told agenda.py apart from a
# small change to it (a boundary moved by one, a default flipped, an argument dropped).


def test_time_and_messages_follow_the_language_asked_for():
    # The suite runs in English: the Chinese text proves `lang` reaches both checks.
    with pytest.raises(ValueError, match="计划时长须为 15 到 180 之间的整数分钟（当前为 200）"):
        split_timeboxes(200, lang="zh")
    with pytest.raises(ValueError) as unknown:
        split_timeboxes(60, {"closing": 1}, lang="zh")
    assert str(unknown.value) == ("阶段权重中有未知阶段 'closing'，可用的阶段："
                                  "opening, review, root_cause, action_planning, confirmation。")
    with pytest.raises(ValueError) as zero:
        split_timeboxes(60, {"review": 0}, lang="zh")
    assert str(zero.value) == "阶段 review 的权重须为正数（当前为 0）。"


@pytest.mark.parametrize("bad", [True, "3", [3]])
def test_a_weight_that_is_not_a_number_is_refused_with_a_message(bad):
    with pytest.raises(ValueError, match="The weight of stage review must be a positive number"):
        stage_weights({"review": bad})


def test_a_stage_pushed_under_a_minute_by_another_pinned_stage_is_pinned_too():
    # 900 s: confirmation's first share is 62 s, but once opening (share 0.9 s) is pinned at 60 s
    # it drops to 58 s, so it is pinned as well and the middle stages share the other 780 s.
    boxes = split_timeboxes(15, {"opening": 0.01, "confirmation": 0.67})
    assert boxes == {O: 60, R: 260, RC: 260, AP: 260, C: 60}


def test_the_clock_splits_the_hour_by_the_weights_it_was_given(clock):
    meeting = MeetingClock(Timing(), 60, {"opening": 3.0}, clock)
    # weights 3 : 3 : 3 : 3 : 1.5 over 3600 s
    expected = {O: 800, R: 800, RC: 800, AP: 800, C: 400}
    assert meeting.boxes == expected
    assert {v.stage: v.original_s for v in meeting.view().stages} == expected


def test_a_stage_left_after_one_second_is_done_at_one_second():
    view = rebalance(3600, stage_weights(), {O: 1}, R)
    assert view.stage(O).state == "done" and view.stage(O).planned_s == 1
    # the other 3599 s go to the four stages left by weights 3:3:3:1.5 (1028.3, 1028.3, 1028.3,
    # 514.1); the one second lost to rounding goes to the largest fraction, the earliest on a tie
    assert [view.stage(s).planned_s for s in (R, RC, AP, C)] == [1029, 1028, 1028, 514]


def test_a_stage_left_after_exactly_its_box_did_not_overrun(clock):
    meeting = at(clock, 313)
    meeting.go_to("review")
    row = meeting.view().stage(O)
    assert row.state == "done" and row.elapsed_s == row.original_s == 313 and not row.overran


def test_a_stage_ahead_at_exactly_its_share_is_pending_not_over():
    # back on the opening after 939 s on review (review's share of the hour, to the second)
    view = rebalance(3600, stage_weights(), {O: 100, R: 939}, O)
    assert view.stage(R).state == "pending" and view.stage(R).planned_s == 939
    assert view.stage(R).remaining_s == 0 and view.overrun_s == 0


def test_rebalance_is_not_paused_unless_told():
    view = rebalance(3600, stage_weights(), {O: 100}, O)
    assert view.paused is False and view.stage(O).state == "active"


def test_after_the_meeting_a_one_second_stage_is_done_and_an_unvisited_current_one_pending():
    view = rebalance(3600, stage_weights(), {O: 1, R: 100}, RC, finished=True)
    assert view.stage(O).state == "done" and view.stage(O).planned_s == 1
    # the meeting ended the moment root cause was opened: it is current but has no time
    assert view.stage(RC).is_current and view.stage(RC).state == "pending"
    assert view.stage(RC).planned_s == 0


def test_finish_right_after_moving_on_leaves_the_new_stage_pending(clock):
    meeting = at(clock, 200)
    meeting.go_to("review")
    meeting.finish()
    view = meeting.view()
    assert view.stage(O).state == "done" and view.stage(R).state == "pending"


def test_finish_before_start_and_finish_twice_do_nothing(clock):
    meeting = make_clock(clock)
    meeting.finish()
    assert not meeting.finished and meeting.timing.ended_at == ""
    meeting.start()
    clock.advance(100)
    meeting.finish()
    ended = meeting.timing.ended_at
    clock.advance(100)
    meeting.finish()
    assert meeting.timing.ended_at == ended
    assert meeting.total_elapsed() == 100


def test_stored_clock_fields_stay_strings_and_booleans(clock):
    # The saved record holds "" and false, never null: what start/resume/reopen write is exact.
    meeting = make_clock(clock)
    meeting.start()
    assert meeting.timing.paused is False
    meeting.pause()
    meeting.resume()
    assert meeting.timing.paused is False
    clock.advance(30)
    meeting.finish()
    meeting.reopen()
    saved = meeting.timing.to_dict()
    assert saved["ended_at"] == "" and saved["running_since"] == "" and saved["paused"] is True


def test_elapsed_seconds_are_stored_to_the_millisecond(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(100.0004)
    meeting.pause()
    assert meeting.timing.elapsed["opening"] == 100.0
    meeting.resume()
    clock.advance(0.0016)
    meeting.pause()
    assert meeting.timing.elapsed["opening"] == 100.002


def test_a_naive_running_since_in_a_hand_edited_file_counts_nothing(clock):
    timing = Timing(started_at="2024-10-08T14:00:00+08:00", running_since="2024-10-08T14:00:00",
                    elapsed={"opening": 42.0})
    meeting = make_clock(clock, timing=timing)
    assert meeting.elapsed(O) == 42


def test_a_gap_of_exactly_the_limit_is_not_a_break(clock):
    meeting = make_clock(clock)
    meeting.start()
    clock.advance(100)
    last_seen = clock()
    clock.advance(300)
    assert meeting.resume_after_gap(last_seen, max_gap_s=300) is False
    assert meeting.is_running and meeting.elapsed(O) == 400
    clock.advance(1)
    assert meeting.resume_after_gap(last_seen, max_gap_s=300) is True
    assert meeting.is_paused and meeting.elapsed(O) == 100
