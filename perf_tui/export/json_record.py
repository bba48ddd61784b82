"""The shareable JSON record: what the Markdown record shows, for a program (an HR system) to read.

Built from the same view as md/html/eml/ics (export.view.build_view), so it holds what they show and
nothing more: never the supervisor's private notes (the view has no field for them), nor the
checklist, the asked prompts or the raw timer. A consumer does not need to re-implement the
scoring: each goal carries its `achievement_rate` (a number, or null with `rate_blank_reason`), the
final `grade` (the override when there is one, else the suggested grade) and the `suggested_grade`,
and the record carries the `grade_thresholds` that were used.

    {"format": "perf-tui-record", "format_version": 1, ...}

The `format` marker tells it from a backup ({"format": "perf-tui-session", ...}): `perf-tui import`
refuses this one. Its types below are the schema: `perf-tui schema --format json` prints
msgspec.json.schema(SharedRecord), and `SHARED_DECODER` reads an export back strictly.

Codes (`status`, `direction`, `agreement`, ...) are the record's stored values, stable across
languages; the `*_label` and `*_text` fields are what a reader of the record in `lang` sees.
Dates are ISO (YYYY-MM-DD) or null when what was typed is not a date; the `*_typed` fields keep
what was typed.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Annotated, Literal, Mapping

import msgspec

from perf_tui.config import DEFAULT_GRADE_THRESHOLDS
from perf_tui.dates import parse_iso_date
from perf_tui.export.view import RecordView, _enum_label, build_view, clean, section_label
from perf_tui.model import STAGES, Record

FORMAT = "perf-tui-record"  # store.backup_format.SHAREABLE_FORMAT: import refuses it
FORMAT_VERSION = 1

Grade = Literal["A", "B", "C", "D"]
IsoDate = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Minutes = Annotated[int, msgspec.Meta(ge=0)]


class _Shared(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """Every part: no field beyond the ones declared (a consumer can rely on the list)."""


class Person(_Shared):
    name: str
    position: str


class Row(_Shared):
    """One line of the basic-information table, as shown: label and value in `lang`."""

    label: str
    value: str


class BasicInformation(_Shared):
    employee: Person
    supervisor: Person
    date: IsoDate | None
    date_typed: str
    start_time: str
    end_time: str
    location: str
    period: str
    period_start: IsoDate | None
    period_end: IsoDate | None
    interview_type: str
    interview_type_label: str
    interview_type_other: str
    role_level: str
    role_level_label: str
    planned_minutes: Minutes | None  # null only for a damaged value that no file could bring in
    rows: list[Row]


class Goal(_Shared):
    name: str
    target: str
    actual: str
    unit: str
    direction: Literal["higher", "lower"]
    direction_label: str
    achievement_rate: Annotated[float, msgspec.Meta(ge=0)] | None
    rate_text: str
    rate_blank_reason: str | None
    grade: Grade | None
    suggested_grade: Grade | None
    grade_overridden: bool
    grade_text: str
    notes: str


class KeyEvent(_Shared):
    date: IsoDate | None
    date_text: str
    polarity: str
    polarity_label: str
    fact: str


class Achievement(_Shared):
    title: str
    case: str
    source: str
    source_label: str


class Problem(_Shared):
    description: str
    whys: list[str]
    employee_view: str
    supervisor_view: str


class Checkpoint(_Shared):
    id: str
    date: IsoDate | None
    date_typed: str
    date_text: str
    description: str
    status: str
    status_label: str
    note: str


class Action(_Shared):
    id: str
    measure: str
    steps: list[str]
    owner: str
    deadline: IsoDate | None
    deadline_typed: str
    deadline_text: str
    support: str
    addresses: list[str]
    status: str
    status_label: str
    carried_over: bool
    checkpoints: list[Checkpoint]


class Signature(_Shared):
    role: Literal["employee", "supervisor"]
    role_label: str
    name: str
    signed: bool
    signed_at: str | None
    signed_at_text: str


class Confirmation(_Shared):
    summary: str
    employee_comments: str
    agreement: str
    agreement_label: str
    agreement_reason: str
    signatures: list[Signature]


class FollowUp(_Shared):
    measure: str
    checkpoint: str
    date_text: str
    status_label: str
    note: str


class Amendment(_Shared):
    at: str
    at_text: str
    author: str
    section: str
    section_label: str
    text: str


class StageTime(_Shared):
    stage: str
    label: str
    planned_minutes: Minutes
    actual_minutes: Minutes


class StageNote(_Shared):
    stage: str
    label: str
    text: str


class GradeThresholds(_Shared):
    """The lowest achievement rate (percent) for each grade; below C is D."""

    A: float
    B: float
    C: float


class SharedRecord(_Shared):
    """A perf-tui interview record to share (no private notes). Not a backup: import refuses it."""

    format: Literal["perf-tui-record"]
    format_version: Literal[1]
    schema_version: Annotated[int, msgspec.Meta(ge=0)]
    id: str
    lang: Literal["en", "zh"]
    title: str
    status: str
    status_label: str
    exported_at: str | None
    filed_with_hr_at: str | None
    grade_thresholds: GradeThresholds
    basic_information: BasicInformation
    goals: list[Goal]
    key_events: list[KeyEvent]
    achievements: list[Achievement]
    problems: list[Problem]
    actions: list[Action]
    confirmation: Confirmation
    follow_up: list[FollowUp]
    amendments: list[Amendment]
    timing: list[StageTime]
    stage_notes: list[StageNote]


SHARED_DECODER = msgspec.json.Decoder(SharedRecord, strict=True)


def json_schema() -> dict:
    """The JSON Schema (2020-12) of the shareable record, generated from the types above."""
    schema = msgspec.json.schema(SharedRecord, ref_template="#/$defs/{name}")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "perf-tui interview record (shareable)"
    return schema


# --------------------------------------------------------------------------- building it


def _iso_or_none(text: str) -> str | None:
    day = parse_iso_date(clean(text).strip())
    return day.isoformat() if day is not None else None


def _rate(rate) -> float | None:
    if rate is None:
        return None
    value = float(rate)
    return value if math.isfinite(value) else None


def _whole(value: object) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _grade(text: str) -> str | None:
    return text if text in ("A", "B", "C", "D") else None


def _thresholds(thresholds: Mapping[str, float] | None) -> GradeThresholds:
    limits = {**DEFAULT_GRADE_THRESHOLDS, **(thresholds or {})}
    return GradeThresholds(A=float(limits["A"]), B=float(limits["B"]), C=float(limits["C"]))


def _code(value: object) -> str:
    return clean(getattr(value, "value", value))


def build(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
          now: datetime | None = None, weights: Mapping[str, float] | None = None) -> SharedRecord:
    """The shareable record of `record` in `lang`, from the view every shared format renders."""
    view: RecordView = build_view(record, lang, thresholds, now, weights)
    goals = []
    for goal, shown in zip(record.goals, view.goals):
        rate = _rate(shown.rate)
        goals.append(Goal(
            name=shown.name, target=shown.target, actual=shown.actual, unit=clean(goal.unit),
            direction=shown.direction, direction_label=shown.direction_label, achievement_rate=rate,
            rate_text=shown.rate_text, rate_blank_reason=None if rate is not None else (shown.rate_text or None),
            grade=_grade(shown.grade), suggested_grade=_grade(shown.suggested_grade),
            grade_overridden=shown.overridden, grade_text=shown.grade_text, notes=shown.notes,
        ))
    shown_events = [e for e in record.key_events if clean(e.fact).strip()]  # as the view keeps them
    key_events = [
        KeyEvent(date=_iso_or_none(event.date), date_text=shown.date_text, polarity=_code(event.polarity),
                 polarity_label=shown.polarity_label, fact=shown.fact)
        for event, shown in zip(shown_events, view.key_events)
    ]
    achievements = [
        Achievement(title=shown.title, case=shown.case, source=_code(item.source), source_label=shown.source_label)
        for item, shown in zip(record.achievements, view.achievements)
    ]
    problems = [Problem(description=p.description, whys=list(p.whys), employee_view=p.employee_view,
                        supervisor_view=p.supervisor_view) for p in view.problems]
    actions = []
    for action, shown in zip(record.actions, view.actions):
        checkpoints = [
            Checkpoint(id=cp_view.id, date=cp_view.date.isoformat() if cp_view.date else None,
                       date_typed=clean(cp.date_text) or clean(cp.date), date_text=cp_view.date_text,
                       description=cp_view.description, status=_code(cp.status),
                       status_label=cp_view.status_label, note=cp_view.note)
            for cp, cp_view in zip(action.checkpoints, shown.checkpoints)
        ]
        actions.append(Action(
            id=shown.id, measure=shown.measure, steps=list(shown.steps), owner=shown.owner,
            deadline=shown.deadline.isoformat() if shown.deadline else None,
            deadline_typed=clean(action.deadline_text) or clean(action.deadline), deadline_text=shown.deadline_text,
            support=shown.support, addresses=list(shown.addresses), status=_code(action.status),
            status_label=shown.status_label, carried_over=shown.carried_over, checkpoints=checkpoints,
        ))
    confirmation = record.confirmation
    signoffs = (("employee", confirmation.employee_signoff), ("supervisor", confirmation.supervisor_signoff))
    signatures = [
        Signature(role=role, role_label=shown.role_label, name=shown.name, signed=shown.signed,
                  signed_at=clean(signoff.signed_at) or None, signed_at_text=shown.signed_at_text)
        for (role, signoff), shown in zip(signoffs, view.signatures)
    ]
    basic = BasicInformation(
        employee=Person(name=clean(record.employee.name), position=clean(record.employee.position)),
        supervisor=Person(name=clean(record.supervisor.name), position=clean(record.supervisor.position)),
        date=_iso_or_none(record.date), date_typed=clean(record.date), start_time=clean(record.start_time),
        end_time=clean(record.end_time), location=clean(record.location), period=clean(record.period),
        period_start=_iso_or_none(record.period_start), period_end=_iso_or_none(record.period_end),
        interview_type=_code(record.interview_type),
        interview_type_label=next((o.label for o in view.type_options if o.checked), _code(record.interview_type)),
        interview_type_other=clean(record.interview_type_other), role_level=_code(record.role_level),
        role_level_label=_enum_label("level", record.role_level, lang), planned_minutes=_whole(record.planned_minutes),
        rows=[Row(label=row.label, value=row.value) for row in view.basic],
    )
    stage_notes = [
        StageNote(stage=str(stage), label=section_label(str(stage), lang), text=clean(record.notes_for(stage)))
        for stage in STAGES if clean(record.notes_for(stage)).strip()
    ]
    return SharedRecord(
        format=FORMAT, format_version=FORMAT_VERSION, schema_version=_whole(record.schema_version) or 0,
        id=view.record_id, lang=lang if lang in ("en", "zh") else "en", title=view.title,
        status=_code(record.status), status_label=view.status_label,
        exported_at=view.exported_at.isoformat() if view.exported_at else None,
        filed_with_hr_at=clean(record.filed_with_hr_at) or None,
        grade_thresholds=_thresholds(thresholds), basic_information=basic, goals=goals, key_events=key_events,
        achievements=achievements, problems=problems, actions=actions,
        confirmation=Confirmation(summary=view.summary, employee_comments=view.employee_comments,
                                  agreement=_code(confirmation.agreement), agreement_label=view.agreement_label,
                                  agreement_reason=view.agreement_reason, signatures=signatures),
        follow_up=[FollowUp(measure=r.measure, checkpoint=r.checkpoint, date_text=r.date_text,
                            status_label=r.status_label, note=r.note) for r in view.follow_up],
        amendments=[Amendment(at=clean(a.at), at_text=shown.at_text, author=shown.author, section=clean(a.section),
                              section_label=shown.section, text=shown.text)
                    for a, shown in zip(record.amendments, view.amendments)],
        timing=[StageTime(stage=str(stage), label=s.label, planned_minutes=s.planned_minutes,
                          actual_minutes=s.actual_minutes) for stage, s in zip(STAGES, view.stage_times)],
        stage_notes=stage_notes,
    )


def render(record: Record, lang: str, *, thresholds: Mapping[str, float] | None = None,
           now: datetime | None = None, weights: Mapping[str, float] | None = None) -> str:
    shared = build(record, lang, thresholds=thresholds, now=now, weights=weights)
    try:
        return msgspec.json.format(msgspec.json.encode(shared), indent=2).decode("utf-8") + "\n"
    except UnicodeEncodeError:  # a lone surrogate in typed text: written as its JSON escape
        return json.dumps(msgspec.to_builtins(shared), ensure_ascii=True, indent=2) + "\n"
