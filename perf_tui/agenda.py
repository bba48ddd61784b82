"""Stages, timeboxes, the meeting clock and its rebalancing.

Pure logic: the clock is injected (`Clock`, a callable returning an aware datetime) and this module
never reads the time itself, never does I/O and never imports Textual. All state lives in
`model.Timing`, so whatever the record saves is the whole clock.

Timeboxes
    `split_timeboxes(planned_minutes, weights)` splits the planned length over the five stages in
    proportion to their weights (config.DEFAULT_STAGE_WEIGHTS by default). Boxes are whole seconds,
    never below `MIN_BOX_S` (one minute), and always sum exactly to the planned seconds (largest
    remainder rounding, ties to the earlier stage).

The clock (`MeetingClock`)
    start() opens an interval on the current stage; go_to(stage) closes the open interval into
    `Timing.elapsed` and opens one on the new stage (unless paused); pause() closes the interval
    and resume() opens a new one, so time spent paused never counts; finish() closes everything and
    stamps `ended_at`. Every mutation writes into the `Timing` object at once.

    Restoring (policy): a `MeetingClock` built on a saved `Timing` continues where it was. If the
    saved state was running, the open interval since `running_since` counts in full, including
    the time the app was closed: a crash in the middle of a meeting usually does not stop the
    conversation. When the caller knows the app was gone for long (it was a break, not a crash),
    `resume_after_gap(last_seen, max_gap_s)` counts the interval only up to `last_seen` and leaves
    the clock paused at that point, so the gap counts as a pause and the user resumes with a key.

Rebalancing (what `view()` shows)
    The meeting should still end at the planned time. Stages are in one of three groups:

    - finished: stages with time on them (elapsed > 0) that are neither the current stage nor the
      furthest stage reached (the highest stage in agenda order that has time on it or is current).
      Their box is closed at what they used: planned_s == elapsed_s. Savings and overruns of
      finished stages flow to the rest in proportion to the weights.
    - the current stage (while the meeting runs or is paused).
    - remaining: every other stage - not yet visited (also one skipped on the way: it is kept in
      reserve), and the furthest stage reached when the user went back to an earlier one (they
      will return to it; a brief peek ahead therefore does not give a stage's time away).

    The time left for the current and remaining stages (planned seconds minus the time of the
    finished stages) is split over them in proportion to their weights, never below one minute
    each. A remaining stage (other than the current one) whose time already exceeds its share is
    fixed at its time first; then the current stage gets its share, which therefore stays the same
    while it runs. When the current stage runs over its share, it is fixed at its time and the
    remaining stages split what is left, never below one minute each. When that is impossible,
    they stay at one minute and `AgendaView.overrun_s` says by how much the meeting will run over.

    Invariant while the meeting runs: sum(max(planned_s, elapsed_s)) over the stages == planned
    seconds + overrun_s. Once it has ended, every visited stage is "done" with planned_s ==
    elapsed_s, stages never visited have a zero box, and overrun_s is the time past the plan.

States (StageView.state)
    "pending"  still to come: not visited yet (a stage visited only while paused has no time and
               counts as not visited), or the furthest stage reached when the user went back;
               every stage before the meeting starts;
    "active"   the current stage, under 80% of its box;
    "warning"  the current stage at 80% of its box or more, up to and including the box;
    "over"     a current or remaining stage whose time exceeds its box;
    "done"     a finished stage (every visited stage once the meeting has ended).
    StageView.overran tells whether a stage used more than its original box (planned vs actual).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Mapping, Sequence

from perf_tui import i18n
from perf_tui.clock import Clock, parse_iso
from perf_tui.config import DEFAULT_STAGE_WEIGHTS, MAX_MINUTES, MIN_MINUTES
from perf_tui.model import STAGES, Stage, Timing

MIN_BOX_S = 60
WARNING_FRACTION = (4, 5)  # 80%, as a ratio so that "exactly 80%" is exact in integers
DEFAULT_MAX_GAP_S = 300

StageState = Literal["pending", "active", "done", "warning", "over"]


# --------------------------------------------------------------------------- timeboxes


def validate_minutes(planned_minutes: object, lang: str | None = None) -> int:
    """`planned_minutes` as an int, or ValueError with a translated message giving the range."""
    if isinstance(planned_minutes, bool) or not isinstance(planned_minutes, int) \
            or not MIN_MINUTES <= planned_minutes <= MAX_MINUTES:
        raise ValueError(i18n.t("agenda.error.minutes", lang, minimum=MIN_MINUTES,
                                maximum=MAX_MINUTES, value=planned_minutes))
    return planned_minutes


def stage_weights(weights: Mapping[str, float] | None = None, lang: str | None = None) -> dict[Stage, float]:
    """The weight of every stage: the defaults, overridden by `weights` (keys are stage values).

    ValueError (translated) for an unknown stage or a weight that is not a positive number.
    """
    merged = {Stage(k): float(v) for k, v in DEFAULT_STAGE_WEIGHTS.items()}
    for key, value in (weights or {}).items():
        try:
            stage = Stage(str(key))
        except ValueError:
            raise ValueError(i18n.t("agenda.error.weight_stage", lang, stage=key,
                                    valid=", ".join(STAGES))) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(i18n.t("agenda.error.weight_value", lang, stage=key, value=value))
        merged[stage] = float(value)
    return merged


def split_timeboxes(planned_minutes: int, weights: Mapping[str, float] | None = None, *,
                    lang: str | None = None) -> dict[Stage, int]:
    """Seconds per stage, in agenda order, summing exactly to planned_minutes * 60.

    Proportional to the weights, at least MIN_BOX_S each. ValueError (translated into `lang`,
    default the current language) when the minutes are outside MIN_MINUTES..MAX_MINUTES or a
    weight is invalid.
    """
    minutes = validate_minutes(planned_minutes, lang)
    return _proportional(minutes * 60, list(STAGES), stage_weights(weights, lang))


def _proportional(total: int, stages: list[Stage], weights: Mapping[Stage, float],
                  minimum: int = MIN_BOX_S) -> dict[Stage, int]:
    """Split `total` whole seconds over `stages` by weight, each >= `minimum`.

    The boxes sum exactly to max(total, minimum * len(stages)): when the total cannot give every
    stage its minimum, every stage gets the minimum (the caller reports the overrun).
    """
    if not stages:
        return {}
    if total <= minimum * len(stages):
        return {stage: minimum for stage in stages}
    # Water-filling: a stage whose share would fall under the minimum is pinned to it and the
    # rest is shared again among the others.
    pinned: set[Stage] = set()
    while True:
        free = [s for s in stages if s not in pinned]
        budget = total - minimum * len(pinned)
        weight_sum = sum(weights[s] for s in free)
        shares = {s: budget * weights[s] / weight_sum for s in free}
        low = {s for s, share in shares.items() if share < minimum}
        if not low:
            break
        pinned |= low
    boxes = {s: minimum for s in pinned}
    boxes.update(_round_exact(shares, total - minimum * len(pinned), stages))
    return {s: boxes[s] for s in stages}


def _round_exact(shares: dict[Stage, float], total: int, order: list[Stage]) -> dict[Stage, int]:
    """Largest-remainder rounding: floors, then the missing seconds to the largest fractions."""
    floors = {s: int(share) for s, share in shares.items()}
    missing = total - sum(floors.values())
    by_fraction = sorted(shares, key=lambda s: (-(shares[s] - floors[s]), order.index(s)))
    for stage in by_fraction[:missing]:
        floors[stage] += 1
    return floors


def whole_minutes_summing(seconds: Sequence[float]) -> list[int]:
    """Whole minutes per part that add up to the whole: the total (all parts, rounded half up)
    is shared by largest remainder (ties to the earlier part). Rounding each part on its own
    shows 5 + 16 + 16 + 16 + 8 = 61 for a 60-minute meeting. A negative, non-finite or damaged
    value counts as 0."""
    parts = [finite_seconds(s) / 60 for s in seconds]
    total = int(math.floor(sum(parts) + 0.5))
    floors = [int(math.floor(p)) for p in parts]
    missing = total - sum(floors)
    by_fraction = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), i))
    for index in by_fraction[:missing]:
        floors[index] += 1
    return floors


def finite_seconds(value: object) -> float:
    """A stored duration as seconds: anything that is not a positive finite number counts as 0."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0


# --------------------------------------------------------------------------- formatting


def format_duration(seconds: float) -> str:
    """mm:ss (minutes may exceed 59: "75:00"); negative as "-01:30". Fractions are dropped."""
    whole = int(seconds)
    sign = "-" if whole < 0 else ""
    minutes, secs = divmod(abs(whole), 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


# --------------------------------------------------------------------------- view


@dataclass(frozen=True)
class StageView:
    """One agenda row. Seconds are whole seconds (elapsed is floored)."""

    stage: Stage
    planned_s: int  # the current box (rebalanced); for a finished stage, what it used
    original_s: int  # the box from split_timeboxes, for planned vs actual
    elapsed_s: int
    remaining_s: int  # planned_s - elapsed_s; negative when over
    state: StageState
    is_current: bool
    overran: bool  # elapsed_s > original_s


@dataclass(frozen=True)
class AgendaView:
    """The whole agenda at one moment, ready to display."""

    stages: tuple[StageView, ...]
    planned_s: int  # the planned length of the meeting
    elapsed_s: int  # time on the clock (pauses excluded)
    remaining_s: int  # planned_s - elapsed_s; negative once past the planned length
    overrun_s: int  # by how much the meeting will run over if the boxes hold (0 = ends on time)
    paused: bool
    started: bool
    finished: bool
    current_stage: Stage

    def stage(self, stage: Stage | str) -> StageView:
        return next(view for view in self.stages if view.stage == stage)


def rebalance(planned_s: int, weights: Mapping[Stage, float], elapsed: Mapping[Stage, int],
              current: Stage | str, *, original: Mapping[Stage, int] | None = None,
              started: bool = True, finished: bool = False, paused: bool = False) -> AgendaView:
    """The agenda for whole-second `elapsed` per stage (see the module docstring for the rules).

    Exposed for tests and what-if displays; the meeting screen calls MeetingClock.view().
    Once `finished`, stages never visited get a zero box and overrun_s is the time past the plan.
    """
    current = Stage(current)
    spent = {s: max(0, int(elapsed.get(s, 0))) for s in STAGES}
    original = dict(original or _proportional(planned_s, list(STAGES), weights))
    if finished:
        boxes, overflown, finished_set = dict(spent), set(), {s for s in STAGES if spent[s] > 0}
    else:
        finished_set, _ = _classify(spent, current)
        boxes, overflown = _rebalanced_boxes(planned_s, weights, spent, current, finished_set)
    active = None if finished else current
    views = tuple(
        _stage_view(s, boxes[s], original[s], spent[s], active, finished_set, overflown, started,
                    is_current=s == current)
        for s in STAGES
    )
    projected = sum(max(view.planned_s, view.elapsed_s) for view in views)
    total = sum(spent.values())
    return AgendaView(
        stages=views,
        planned_s=planned_s,
        elapsed_s=total,
        remaining_s=planned_s - total,
        overrun_s=max(0, projected - planned_s),
        paused=paused,
        started=started,
        finished=finished,
        current_stage=current,
    )


def _rebalanced_boxes(planned_s: int, weights: Mapping[Stage, float], spent: Mapping[Stage, int],
                      current: Stage, finished: set[Stage]) -> tuple[dict[Stage, int], set[Stage]]:
    """(box per stage, stages over their box) while the meeting runs."""
    boxes: dict[Stage, int] = {s: spent[s] for s in finished}
    overflown: set[Stage] = set()
    flexible = [s for s in STAGES if s not in finished]
    budget = planned_s - sum(spent[s] for s in finished)

    def share_among_flexible() -> None:
        # Remaining stages (never the current one here) that already used more than their share
        # are fixed at what they used, and the rest is shared again.
        nonlocal budget
        while True:
            shares = _proportional(budget, flexible, weights)
            over = [s for s in flexible if s != current and spent[s] > shares[s]]
            if not over:
                boxes.update(shares)
                return
            for s in over:
                boxes[s] = shares[s]
                overflown.add(s)
                budget -= spent[s]
                flexible.remove(s)

    share_among_flexible()
    if spent[current] > boxes[current]:
        # The current stage keeps the box it ran over (so the screen shows by how much);
        # the stages after it share what is left.
        overflown.add(current)
        budget -= spent[current]
        flexible.remove(current)
        share_among_flexible()
    return boxes, overflown


def _classify(spent: Mapping[Stage, int], current: Stage) -> tuple[set[Stage], set[Stage]]:
    """(finished, remaining) stages while the meeting runs; the current stage is in neither."""
    visited = {s for s in STAGES if spent[s] > 0}
    reached = [i for i, s in enumerate(STAGES) if s in visited or s == current]
    furthest = STAGES[max(reached)]
    finished = {s for s in visited if s != current and s != furthest}
    remaining = set(STAGES) - finished - {current}
    return finished, remaining


def _stage_view(stage: Stage, box: int, original: int, spent: int, current: Stage | None,
                finished: set[Stage], overflown: set[Stage], started: bool,
                is_current: bool) -> StageView:
    return StageView(
        stage=stage,
        planned_s=box,
        original_s=original,
        elapsed_s=spent,
        remaining_s=box - spent,
        state=_state(stage, box, spent, current, finished, overflown, started),
        is_current=is_current,
        overran=spent > original,
    )


def _state(stage: Stage, box: int, spent: int, current: Stage | None, finished: set[Stage],
           overflown: set[Stage], started: bool) -> StageState:
    if stage in finished:
        return "done"
    if stage in overflown or spent > box:
        return "over"
    if stage != current or not started:
        return "pending"
    numerator, denominator = WARNING_FRACTION
    if spent * denominator >= box * numerator:
        return "warning"
    return "active"


# --------------------------------------------------------------------------- the clock


class MeetingClock:
    """The meeting's clock over a `model.Timing` (which it mutates in place).

    `clock` is the only source of time. Methods that do not apply in the current state (pause
    while paused, start twice, ...) do nothing, so key handlers need not check first.
    """

    def __init__(self, timing: Timing, planned_minutes: int, weights: Mapping[str, float] | None,
                 clock: Clock) -> None:
        self.timing = timing
        self.planned_minutes = validate_minutes(planned_minutes)
        self.weights = stage_weights(weights)
        self.boxes = _proportional(self.planned_minutes * 60, list(STAGES), self.weights)
        self._clock = clock

    # ----------------------------------------------------------------- state

    @property
    def started(self) -> bool:
        return bool(self.timing.started_at)

    @property
    def finished(self) -> bool:
        return bool(self.timing.ended_at)

    @property
    def is_running(self) -> bool:
        """Started, not ended, not paused: time is counting on the current stage."""
        return self.started and not self.finished and not self.timing.paused

    @property
    def is_paused(self) -> bool:
        return self.started and not self.finished and self.timing.paused

    @property
    def paused(self) -> bool:
        return self.is_paused

    @property
    def current_stage(self) -> Stage:
        return Stage(self.timing.current_stage)

    # ----------------------------------------------------------------- actions

    def start(self, stage: Stage | str | None = None) -> None:
        """Start the meeting (on `stage`, default the current one). No-op once started."""
        if self.started:
            return
        if stage is not None:
            self.timing.current_stage = Stage(stage)
        now = self._clock()
        self.timing.started_at = _stamp(now)
        self.timing.paused = False
        self.timing.running_since = _stamp(now)

    def pause(self) -> None:
        """Stop counting (a knock at the door). No-op unless running."""
        if not self.is_running:
            return
        self._close_interval(self._clock())
        self.timing.paused = True

    def resume(self) -> None:
        """Count again on the current stage. No-op unless paused."""
        if not self.is_paused:
            return
        self.timing.paused = False
        self.timing.running_since = _stamp(self._clock())

    def toggle_pause(self) -> None:
        if self.is_paused:
            self.resume()
        else:
            self.pause()

    def go_to(self, stage: Stage | str) -> None:
        """Make `stage` current: the open interval goes to the old stage, a new one opens on `stage`
        (unless paused, not started or ended, in which case only the current stage changes)."""
        stage = Stage(stage)
        if stage == self.current_stage:
            return
        if self.is_running:
            now = self._clock()
            self._close_interval(now)
            self.timing.current_stage = stage
            self.timing.running_since = _stamp(now)
        else:
            self.timing.current_stage = stage

    def finish(self) -> None:
        """End the meeting: close the open interval and stamp ended_at. No-op unless started."""
        if not self.started or self.finished:
            return
        now = self._clock()
        self._close_interval(now)
        self.timing.paused = False
        self.timing.ended_at = _stamp(now)

    def reopen(self) -> None:
        """Undo finish(): the meeting goes on, paused, on the current stage."""
        if not self.finished:
            return
        self.timing.ended_at = ""
        self.timing.paused = True
        self.timing.running_since = ""

    def resume_after_gap(self, last_seen: datetime | str | None,
                         max_gap_s: float = DEFAULT_MAX_GAP_S) -> bool:
        """Treat a long absence of the app as a pause; True when it did.

        `last_seen` is the last moment the app is known to have been alive (e.g. the record's
        updated_at). If the clock is running and more than `max_gap_s` passed since `last_seen`,
        the open interval counts only up to `last_seen` and the clock is left paused. Otherwise
        nothing changes and the whole interval counts (the default policy for a crash).
        """
        if isinstance(last_seen, str):
            last_seen = parse_iso(last_seen)
        if not self.is_running or last_seen is None:
            return False
        since = parse_iso(self.timing.running_since)
        now = self._clock()
        if since is None or (now - last_seen).total_seconds() <= max_gap_s:
            return False
        self._close_interval(max(last_seen, since))
        self.timing.paused = True
        return True

    # ----------------------------------------------------------------- reading

    def elapsed(self, stage: Stage | str) -> float:
        """Seconds spent in `stage`, including the open interval when it is the running stage."""
        stage = Stage(stage)
        total = self.timing.seconds_in(stage)
        if self.is_running and stage == self.current_stage:
            total += self._open_seconds(self._clock())
        return total

    def total_elapsed(self) -> float:
        """Seconds on the clock over all stages (pauses excluded)."""
        return sum(self.elapsed(stage) for stage in STAGES)

    def view(self) -> AgendaView:
        """The agenda now, rebalanced (see the module docstring)."""
        spent = {stage: int(self.elapsed(stage)) for stage in STAGES}
        return rebalance(self.planned_minutes * 60, self.weights, spent, self.current_stage,
                         original=self.boxes, started=self.started, finished=self.finished,
                         paused=self.is_paused)

    # ----------------------------------------------------------------- internals

    def _open_seconds(self, now: datetime) -> float:
        since = parse_iso(self.timing.running_since)
        if since is None:
            return 0.0
        try:
            seconds = (now - since).total_seconds()
        except TypeError:  # a naive timestamp in a hand-edited file: count nothing rather than fail
            return 0.0
        return max(0.0, seconds)  # the system clock went back: never negative time

    def _close_interval(self, now: datetime) -> None:
        if self.timing.running_since:
            key = str(self.current_stage)
            total = self.timing.seconds_in(key) + self._open_seconds(now)
            self.timing.elapsed[key] = round(total, 3)
        self.timing.running_since = ""


def _stamp(moment: datetime) -> str:
    # Full precision (not clock.iso's whole seconds): intervals must add up across save/restore.
    return moment.isoformat()
