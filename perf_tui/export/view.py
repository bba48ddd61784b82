"""The one computed view of a record that every shared exporter (md, html, eml, ics, json) renders.

`build_view(record, lang, thresholds=None, now=None, weights=None)` resolves everything a reader sees once:
labels in the chosen language, achievement rates and grades (scoring.py), dates formatted for the
language, planned against actual time per stage (agenda.py's timeboxes, split by the configured
stage `weights`; None = the default weights). Renderers only lay it
out and escape it for their format, so the formats cannot disagree.

Strings in the view that come from the user are exactly as typed (apart from control characters,
which no format can show); each renderer escapes them. The view deliberately has no field for the
supervisor's private notes: what is not in the view cannot leak into a shared format.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

from perf_tui import agenda, scoring
from perf_tui.clock import parse_iso
from perf_tui.dates import format_date, format_date_range, parse_iso_date
from perf_tui.i18n import has, t
from perf_tui.model import STAGES, Action, Direction, InterviewType, Record
from perf_tui.text import truncate

# C0/C1 controls other than tab and newline (and lone carriage returns, turned into newlines):
# they are invisible in every format and some (NUL, ESC) break Markdown parsers or terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: object) -> str:
    """User text made safe to lay out: one kind of newline, no control characters."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", value)


@dataclass(frozen=True)
class Row:
    """A label and its value (basic information)."""

    label: str
    value: str


@dataclass(frozen=True)
class TypeOption:
    label: str
    checked: bool


@dataclass(frozen=True)
class GoalView:
    name: str
    target: str
    actual: str
    direction: str  # "higher" / "lower"
    direction_label: str
    rate: Decimal | None
    rate_text: str  # "62.5%", "" when there is no rate
    grade: str  # effective grade, "" when none
    suggested_grade: str
    overridden: bool
    grade_text: str  # grade with the override marked, ready to show
    notes: str


@dataclass(frozen=True)
class KeyEventView:
    date_text: str
    polarity_label: str
    fact: str


@dataclass(frozen=True)
class AchievementView:
    title: str
    case: str
    source_label: str


@dataclass(frozen=True)
class ProblemView:
    description: str
    whys: tuple[str, ...]
    employee_view: str
    supervisor_view: str


@dataclass(frozen=True)
class CheckpointView:
    id: str
    date: date | None
    date_text: str
    description: str
    status_label: str
    note: str


@dataclass(frozen=True)
class ActionView:
    id: str
    measure: str
    steps: tuple[str, ...]
    owner: str
    deadline: date | None
    deadline_text: str
    support: str
    addresses: tuple[str, ...]  # names of the goals / problems it is linked to
    status_label: str
    carried_over: bool
    checkpoints: tuple[CheckpointView, ...]


@dataclass(frozen=True)
class SignatureView:
    role_label: str
    name: str
    signed_at_text: str
    signed: bool


@dataclass(frozen=True)
class AmendmentView:
    at_text: str
    author: str
    section: str
    text: str


@dataclass(frozen=True)
class FollowUpRow:
    measure: str
    checkpoint: str
    date_text: str
    status_label: str
    note: str


@dataclass(frozen=True)
class StageTime:
    """One stage's planned and actual time. The whole minutes are shared out over the stages
    (agenda.whole_minutes_summing) so that the column adds up to its total."""

    label: str
    planned_seconds: int
    actual_seconds: float
    planned_minutes: int = 0
    actual_minutes: int = 0


@dataclass(frozen=True)
class StageNote:
    label: str
    text: str


@dataclass(frozen=True)
class RecordView:
    """Everything shared formats show, language-resolved. `label(key)` gives any export.* label."""

    lang: str
    record_id: str
    title: str
    employee_name: str
    period: str
    basic: tuple[Row, ...]
    type_options: tuple[TypeOption, ...]
    goals: tuple[GoalView, ...]
    key_events: tuple[KeyEventView, ...]
    achievements: tuple[AchievementView, ...]
    problems: tuple[ProblemView, ...]
    actions: tuple[ActionView, ...]
    summary: str
    employee_comments: str
    agreement_label: str
    agreement_reason: str
    signatures: tuple[SignatureView, ...]
    follow_up: tuple[FollowUpRow, ...]
    amendments: tuple[AmendmentView, ...]
    stage_times: tuple[StageTime, ...]
    stage_notes: tuple[StageNote, ...]
    status_label: str
    filed_with_hr_text: str
    exported_at: datetime | None
    exported_at_text: str
    meeting_date: date | None

    @property
    def total_planned_minutes(self) -> int:
        return sum(s.planned_minutes for s in self.stage_times)

    @property
    def total_actual_minutes(self) -> int:
        return sum(s.actual_minutes for s in self.stage_times)

    def label(self, key: str, **values: object) -> str:
        """The export label `export.<key>` in this view's language."""
        return t(f"export.{key}", self.lang, **values)


# --------------------------------------------------------------------------- formatting helpers


def format_timestamp(text: str, lang: str) -> str:
    """An ISO timestamp as "8 Oct 2024 15:02" / "2024年10月8日 15:02" in its own offset."""
    moment = parse_iso(text)
    if moment is None:
        return clean(text)
    return f"{format_date(moment.date(), lang)} {moment:%H:%M}"


def section_label(section: str, lang: str) -> str:
    """An amendment's section: a stage's name in the language ("review" -> "绩效回顾"); other text
    as written."""
    key = f"stage.{clean(section).strip()}"
    return t(key, lang) if has(key, "en") else clean(section)


def person_text(name: str, position: str, lang: str) -> str:
    name, position = clean(name).strip(), clean(position).strip()
    if name and position:
        return t("export.person", lang, name=name, position=position)
    return name or position


def _meeting_time(record: Record, lang: str) -> str:
    day = format_date(clean(record.date).strip(), lang)
    start, end = clean(record.start_time).strip(), clean(record.end_time).strip()
    hours = f"{start}–{end}" if start and end else start or end
    return " ".join(part for part in (day, hours) if part)


def _period_text(record: Record, lang: str) -> str:
    period = clean(record.period).strip()
    span = format_date_range(clean(record.period_start), clean(record.period_end), lang)
    if period and span:
        return t("export.period_with_span", lang, period=period, span=span)
    return period or span


def _enum_label(prefix: str, value: object, lang: str) -> str:
    key = f"{prefix}.{value}"
    text = t(key, lang)
    return clean(value) if text == key else text  # an unknown (newer) value shows as stored


def _type_options(record: Record, lang: str) -> tuple[TypeOption, ...]:
    options = []
    for kind in InterviewType:
        label = t(f"type.{kind}", lang)
        if kind is InterviewType.OTHER:
            label = t("export.type_other_specify", lang, text=clean(record.interview_type_other).strip())
        options.append(TypeOption(label, str(record.interview_type) == str(kind)))
    return tuple(options)


def _basic_rows(record: Record, lang: str) -> tuple[Row, ...]:
    type_line = " ".join(("☑" if o.checked else "☐") + o.label for o in _type_options(record, lang))
    return (
        Row(t("export.field.employee", lang), person_text(record.employee.name, record.employee.position, lang)),
        Row(t("export.field.supervisor", lang),
            person_text(record.supervisor.name, record.supervisor.position, lang)),
        Row(t("export.field.datetime", lang), _meeting_time(record, lang)),
        Row(t("export.field.location", lang), clean(record.location)),
        Row(t("export.field.period", lang), _period_text(record, lang)),
        Row(t("export.field.type", lang), type_line),
        Row(t("export.field.level", lang), _enum_label("level", record.role_level, lang)),
        Row(t("export.field.planned", lang), t("export.minutes", lang, minutes=record.planned_minutes)),
    )


# --------------------------------------------------------------------------- sections


def _goal_view(goal, lang: str, thresholds: Mapping[str, float] | None) -> GoalView:
    rate = scoring.achievement_rate(goal)
    suggested = scoring.suggest_grade(rate, thresholds) or ""
    grade, overridden = scoring.effective_grade(goal, thresholds)
    grade = grade or ""
    if overridden and suggested and suggested != grade:
        grade_text = t("export.grade_override", lang, grade=grade, suggested=suggested)
    elif overridden and not suggested:
        grade_text = t("export.grade_set_by_hand", lang, grade=grade)
    else:
        grade_text = grade
    direction = str(goal.direction) if str(goal.direction) in tuple(Direction) else Direction.HIGHER.value
    rate_text = scoring.format_rate(rate)
    if rate_text and direction == Direction.LOWER:
        rate_text = t("export.rate_lower_is_better", lang, rate=rate_text)
    if not rate_text:  # say why the rate is blank: "Target: cannot compute a rate from 'abc' ..."
        from perf_tui.checks.numbers import no_rate_reason

        rate_text = clean(no_rate_reason(goal, lang))
    return GoalView(
        name=clean(goal.name), target=clean(goal.target), actual=clean(goal.actual), direction=direction,
        direction_label=t(f"direction.{direction}", lang), rate=rate, rate_text=rate_text, grade=grade,
        suggested_grade=suggested, overridden=overridden, grade_text=grade_text, notes=clean(goal.notes),
    )


def _linked_names(record: Record, action: Action) -> tuple[str, ...]:
    names = []
    for link in action.links:
        goal, problem = record.goal(link), record.problem(link)
        if goal is not None:
            names.append(clean(goal.name))
        elif problem is not None:
            names.append(truncate(clean(problem.description).strip().split("\n")[0], 80))
    return tuple(name for name in names if name.strip())


def _date_or_typed(iso_date: str, typed: str, lang: str) -> str:
    """The date formatted for the language; what was typed when it was not understood."""
    if parse_iso_date(iso_date) is not None:
        return format_date(parse_iso_date(iso_date), lang)
    return clean(typed).strip() or clean(iso_date).strip()


def _checkpoint_view(cp, lang: str) -> CheckpointView:
    return CheckpointView(
        id=clean(cp.id), date=parse_iso_date(cp.date), date_text=_date_or_typed(cp.date, cp.date_text, lang),
        description=clean(cp.description), status_label=_enum_label("checkpoint", cp.status, lang),
        note=clean(cp.note),
    )


def _action_view(record: Record, action: Action, lang: str) -> ActionView:
    return ActionView(
        id=clean(action.id), measure=clean(action.measure),
        steps=tuple(clean(s) for s in action.steps if clean(s).strip()), owner=clean(action.owner),
        deadline=parse_iso_date(action.deadline),
        deadline_text=_date_or_typed(action.deadline, action.deadline_text, lang),
        support=clean(action.support), addresses=_linked_names(record, action),
        status_label=_enum_label("checkpoint", action.status, lang), carried_over=bool(action.carried_from),
        checkpoints=tuple(_checkpoint_view(cp, lang) for cp in action.checkpoints),
    )


def _signatures(record: Record, lang: str) -> tuple[SignatureView, ...]:
    confirmation = record.confirmation
    out = []
    for role, signoff in (("employee", confirmation.employee_signoff), ("supervisor", confirmation.supervisor_signoff)):
        out.append(SignatureView(
            role_label=t(f"export.sign.{role}", lang), name=clean(signoff.name),
            signed_at_text=format_timestamp(signoff.signed_at, lang) if signoff.signed_at else "",
            signed=signoff.signed,
        ))
    return tuple(out)


def _follow_up(actions: tuple[ActionView, ...]) -> tuple[FollowUpRow, ...]:
    return tuple(
        FollowUpRow(a.measure, cp.description, cp.date_text, cp.status_label, cp.note)
        for a in actions for cp in sorted(a.checkpoints, key=lambda c: (c.date is None, c.date or date.min))
    )


def whole_minutes(seconds: float) -> int:
    """Whole minutes, half up (90 s -> 2), never negative; a damaged value counts as 0."""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return 0
    if not math.isfinite(value) or value <= 0:
        return 0
    return int((Decimal(str(value)) / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _spent_seconds(record: Record, now: datetime | None) -> dict[str, float]:
    timing = record.timing
    spent = {str(stage): agenda.finite_seconds(timing.elapsed.get(str(stage), 0.0)) for stage in STAGES}
    since = parse_iso(timing.running_since)
    if since is not None and now is not None and not timing.paused:
        # The meeting is still running: the open interval counts up to the export moment.
        try:
            spent[str(timing.current_stage)] = spent.get(str(timing.current_stage), 0.0) + max(
                (now - since).total_seconds(), 0.0)
        except TypeError:  # naive against aware timestamps in a damaged record
            pass
    return spent


def _planned_boxes(minutes: object, weights: Mapping[str, float] | None) -> dict:
    # Planned time as the meeting screen showed it (the configured weights); damaged weights fall
    # back to the default split, a damaged planned length shows no plan rather than fail.
    for candidate in (weights, None):
        try:
            return agenda.split_timeboxes(minutes, candidate)
        except (ValueError, TypeError):
            continue
    return {}


def _stage_times(record: Record, lang: str, now: datetime | None,
                 weights: Mapping[str, float] | None = None) -> tuple[StageTime, ...]:
    boxes = _planned_boxes(record.planned_minutes, weights)
    spent = _spent_seconds(record, now)
    planned = [boxes.get(stage, 0) for stage in STAGES]
    actual = [spent.get(str(stage), 0.0) for stage in STAGES]
    return tuple(
        StageTime(label=t(f"stage.{stage}", lang), planned_seconds=p, actual_seconds=a,
                  planned_minutes=pm, actual_minutes=am)
        for stage, p, a, pm, am in zip(STAGES, planned, actual, agenda.whole_minutes_summing(planned),
                                       agenda.whole_minutes_summing(actual))
    )


def _stage_notes(record: Record, lang: str) -> tuple[StageNote, ...]:
    return tuple(
        StageNote(t(f"stage.{stage}", lang), clean(record.notes_for(stage)))
        for stage in STAGES if clean(record.notes_for(stage)).strip()
    )


def _export_moment(record: Record, now: datetime | None) -> datetime | None:
    return now or parse_iso(record.updated_at) or parse_iso(record.created_at)


def build_view(record: Record, lang: str, thresholds: Mapping[str, float] | None = None,
               now: datetime | None = None, weights: Mapping[str, float] | None = None) -> RecordView:
    """The record as every shared format shows it, in `lang` ("en" / "zh")."""
    actions = tuple(_action_view(record, a, lang) for a in record.actions)
    confirmation = record.confirmation
    moment = _export_moment(record, now)
    return RecordView(
        lang=lang,
        record_id=clean(record.id),
        title=t("export.title", lang),
        employee_name=clean(record.employee.name).strip(),
        period=clean(record.period).strip(),
        basic=_basic_rows(record, lang),
        type_options=_type_options(record, lang),
        goals=tuple(_goal_view(g, lang, thresholds) for g in record.goals),
        key_events=tuple(
            KeyEventView(format_date(clean(e.date), lang), _enum_label("polarity", e.polarity, lang), clean(e.fact))
            for e in record.key_events if clean(e.fact).strip()
        ),
        achievements=tuple(
            AchievementView(clean(a.title), clean(a.case), t(f"export.source.{a.source}", lang)
                            if str(a.source) in ("employee", "supervisor") else clean(a.source))
            for a in record.achievements
        ),
        problems=tuple(
            ProblemView(clean(p.description), tuple(clean(w) for w in p.whys if clean(w).strip()),
                        clean(p.employee_view), clean(p.supervisor_view))
            for p in record.problems
        ),
        actions=actions,
        summary=clean(confirmation.summary),
        employee_comments=clean(confirmation.employee_comments),
        agreement_label=_enum_label("agreement", confirmation.agreement, lang),
        agreement_reason=clean(confirmation.agreement_reason),
        signatures=_signatures(record, lang),
        follow_up=_follow_up(actions),
        amendments=tuple(
            AmendmentView(format_timestamp(a.at, lang), clean(a.author), section_label(a.section, lang), clean(a.text))
            for a in record.amendments
        ),
        stage_times=_stage_times(record, lang, now, weights),
        stage_notes=_stage_notes(record, lang),
        status_label=_enum_label("status", record.status, lang),
        filed_with_hr_text=format_timestamp(record.filed_with_hr_at, lang) if record.filed_with_hr_at else "",
        exported_at=moment,
        exported_at_text=format_timestamp(moment.isoformat(), lang) if moment else "",
        meeting_date=parse_iso_date(record.date),
    )
