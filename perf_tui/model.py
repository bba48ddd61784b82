"""The interview record (绩效面谈记录与改进措施表) as plain dataclasses.

Field by field it follows ../shared/spec/RECORD.md. Everything here is plain data: no I/O, no
clock, no Textual. `Record.to_dict()` / `Record.from_dict()` are the only (de)serialisation;
storage, exporters and the JSON backup all go through them.

Conventions:
- Text a person typed is stored exactly as typed (str), never normalised.
- Dates are ISO strings ("2024-10-20"), timestamps ISO 8601 with offset; "" means "not set".
- Enumerations are StrEnum so that they serialise as their value.
- `from_dict` tolerates missing keys (defaults) and keeps keys it does not know in `extra`,
  so that a newer file opened by an older version loses nothing on the next save.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1


class InterviewType(StrEnum):
    REGULAR = "regular"
    IMPROVEMENT = "improvement"
    DEVELOPMENT = "development"
    PROMOTION = "promotion"
    OTHER = "other"


class RoleLevel(StrEnum):
    STAFF = "staff"
    MANAGER = "manager"
    EXECUTIVE = "executive"


class Stage(StrEnum):
    OPENING = "opening"
    REVIEW = "review"
    ROOT_CAUSE = "root_cause"
    ACTION_PLANNING = "action_planning"
    CONFIRMATION = "confirmation"


STAGES: tuple[Stage, ...] = tuple(Stage)


class Status(StrEnum):
    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    CONFIRMED = "confirmed"
    ARCHIVED = "archived"


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better (sales, deliveries)
    LOWER = "lower"  # lower is better (complaint rate, defects)


GRADES = ("A", "B", "C", "D")


class Agreement(StrEnum):
    PENDING = "pending"
    AGREES = "agrees"
    AGREES_WITH_RESERVATIONS = "agrees_with_reservations"
    DISAGREES = "disagrees"


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Source(StrEnum):
    EMPLOYEE = "employee"
    SUPERVISOR = "supervisor"


class CheckpointStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SLIPPED = "slipped"
    AT_RISK = "at_risk"


CHECKLIST_ITEMS = (
    "aim_set",
    "topic_told",
    "data_collected",
    "events_listed",
    "form_ready",
    "room_booked",
    "time_reserved",
)


def new_id() -> str:
    """A short random id, unique enough for sessions and for rows inside one session."""
    return uuid.uuid4().hex[:12]


# --------------------------------------------------------------------------- generic (de)serialisation

def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


class _Serialisable:
    """to_dict / from_dict for flat dataclasses of str, int, float, bool, list[str], StrEnum."""

    _enums: dict[str, type[StrEnum]] = {}
    _children: dict[str, type] = {}  # field -> element type for lists of dataclasses
    _child: dict[str, type] = {}  # field -> dataclass type for a single nested object

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if f.name in self._children:
                out[f.name] = [item.to_dict() for item in value]
            elif f.name in self._child:
                out[f.name] = value.to_dict()
            elif isinstance(value, dict):
                out[f.name] = {str(_enum_value(k)): _enum_value(v) for k, v in value.items()}
            elif isinstance(value, list):
                out[f.name] = [_enum_value(v) for v in value]
            else:
                out[f.name] = _enum_value(value)
        extra = getattr(self, "extra", None)
        if extra:
            for key, value in extra.items():
                out.setdefault(key, value)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None):
        data = dict(data or {})
        kwargs: dict[str, Any] = {}
        known = set()
        for f in fields(cls):  # type: ignore[arg-type]
            known.add(f.name)
            if f.name == "extra" or f.name not in data:
                continue
            value = data[f.name]
            if f.name in cls._children:
                kwargs[f.name] = [cls._children[f.name].from_dict(v) for v in (value or [])]
            elif f.name in cls._child:
                kwargs[f.name] = cls._child[f.name].from_dict(value)
            elif f.name in cls._enums:
                kwargs[f.name] = _coerce_enum(cls._enums[f.name], value)
            elif isinstance(value, list):
                kwargs[f.name] = list(value)
            elif isinstance(value, dict):
                kwargs[f.name] = dict(value)
            else:
                kwargs[f.name] = value
        obj = cls(**kwargs)
        if "extra" in known:
            obj.extra = {k: v for k, v in data.items() if k not in known}  # type: ignore[attr-defined]
        return obj


def _coerce_enum(enum_type: type[StrEnum], value: Any) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        # An unknown value (a newer version's) is kept as the raw string rather than dropped.
        return value


# --------------------------------------------------------------------------- parts of the record

@dataclass
class Person(_Serialisable):
    name: str = ""
    position: str = ""


@dataclass
class Goal(_Serialisable):
    """One row of (一) 绩效目标回顾与评估. target/actual are the text as typed ("≤5%", "1个项目")."""

    id: str = field(default_factory=new_id)
    name: str = ""
    target: str = ""
    actual: str = ""
    unit: str = ""
    direction: Direction = Direction.HIGHER
    grade_override: str = ""  # "" = use the suggested grade; else one of GRADES
    notes: str = ""

    _enums = {"direction": Direction}


@dataclass
class Achievement(_Serialisable):
    """(二) 主要成绩与优势: an achievement or strength with its concrete case."""

    id: str = field(default_factory=new_id)
    title: str = ""
    case: str = ""
    source: Source = Source.SUPERVISOR

    _enums = {"source": Source}


@dataclass
class KeyEvent(_Serialisable):
    """A concrete event gathered before the meeting: a fact, not an adjective."""

    id: str = field(default_factory=new_id)
    date: str = ""
    polarity: Polarity = Polarity.POSITIVE
    fact: str = ""

    _enums = {"polarity": Polarity}


@dataclass
class Problem(_Serialisable):
    """(三) 存在不足与问题分析: description, a 5-Why chain and both views of the cause."""

    id: str = field(default_factory=new_id)
    description: str = ""
    whys: list[str] = field(default_factory=list)
    employee_view: str = ""
    supervisor_view: str = ""


@dataclass
class Checkpoint(_Serialisable):
    """A dated check of an action's progress; also the follow-up log's row (跟踪记录)."""

    id: str = field(default_factory=new_id)
    date: str = ""
    description: str = ""
    status: CheckpointStatus = CheckpointStatus.OPEN
    note: str = ""
    updated_at: str = ""
    date_text: str = ""  # the date as typed; `date` holds it as ISO when it was understood

    _enums = {"status": CheckpointStatus}


@dataclass
class Action(_Serialisable):
    """(四) 改进计划: a measure with steps, owner, deadline, support needed and checkpoints."""

    id: str = field(default_factory=new_id)
    measure: str = ""
    steps: list[str] = field(default_factory=list)
    owner: str = ""
    deadline: str = ""  # ISO date
    support: str = ""
    links: list[str] = field(default_factory=list)  # ids of goals or problems it addresses
    checkpoints: list[Checkpoint] = field(default_factory=list)
    status: CheckpointStatus = CheckpointStatus.OPEN
    carried_from: str = ""  # session id, when carried in from the previous session for review
    deadline_text: str = ""  # the deadline as typed; `deadline` holds it as ISO when understood

    _children = {"checkpoints": Checkpoint}
    _enums = {"status": CheckpointStatus}


@dataclass
class SignOff(_Serialisable):
    """A typed signature: the name as typed and when it was given."""

    name: str = ""
    signed_at: str = ""

    @property
    def signed(self) -> bool:
        return bool(self.name.strip() and self.signed_at)


@dataclass
class Confirmation(_Serialisable):
    """总结与确认: restated summary, employee comments (员工意见), agreement and signatures."""

    summary: str = ""
    employee_comments: str = ""
    agreement: Agreement = Agreement.PENDING
    agreement_reason: str = ""
    employee_signoff: SignOff = field(default_factory=SignOff)
    supervisor_signoff: SignOff = field(default_factory=SignOff)

    _enums = {"agreement": Agreement}
    _child = {"employee_signoff": SignOff, "supervisor_signoff": SignOff}


@dataclass
class Amendment(_Serialisable):
    """A dated addition made after sign-off; the signed record itself never changes."""

    id: str = field(default_factory=new_id)
    at: str = ""
    author: str = ""
    section: str = ""
    text: str = ""


@dataclass
class Timing(_Serialisable):
    """The meeting clock's saved state; agenda.py owns its logic.

    elapsed: seconds already spent per stage (closed intervals).
    current_stage: the stage on screen. running_since: ISO timestamp when the open interval of
    current_stage started ("" when paused or not started). started_at / ended_at: the meeting's.
    """

    started_at: str = ""
    ended_at: str = ""
    current_stage: Stage = Stage.OPENING
    running_since: str = ""
    paused: bool = False
    elapsed: dict[str, float] = field(default_factory=dict)

    _enums = {"current_stage": Stage}

    def seconds_in(self, stage: Stage | str) -> float:
        """Closed-interval seconds in `stage` (without the running interval)."""
        return float(self.elapsed.get(str(stage), 0.0))


# --------------------------------------------------------------------------- the record

@dataclass
class Record(_Serialisable):
    """One performance interview session."""

    id: str = field(default_factory=new_id)
    schema_version: int = SCHEMA_VERSION
    created_at: str = ""
    updated_at: str = ""
    status: Status = Status.DRAFT
    lang: str = "en"

    # 基本信息
    employee: Person = field(default_factory=Person)
    supervisor: Person = field(default_factory=Person)
    date: str = ""  # ISO date of the meeting
    start_time: str = ""  # "14:00"
    end_time: str = ""
    location: str = ""
    period: str = ""  # as typed: "2024 Q3"
    period_start: str = ""
    period_end: str = ""
    interview_type: InterviewType = InterviewType.REGULAR
    interview_type_other: str = ""  # 其他（请注明）
    role_level: RoleLevel = RoleLevel.STAFF
    planned_minutes: int = 60

    # 面谈前
    checklist: dict[str, bool] = field(default_factory=dict)
    key_events: list[KeyEvent] = field(default_factory=list)

    # (一)-(四)
    goals: list[Goal] = field(default_factory=list)
    achievements: list[Achievement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    # 面谈中
    stage_notes: dict[str, str] = field(default_factory=dict)
    private_notes: str = ""  # never exported or shared
    asked_prompts: list[str] = field(default_factory=list)
    timing: Timing = field(default_factory=Timing)

    # 总结与确认, and after
    confirmation: Confirmation = field(default_factory=Confirmation)
    amendments: list[Amendment] = field(default_factory=list)
    filed_with_hr_at: str = ""
    previous_session_id: str = ""

    extra: dict[str, Any] = field(default_factory=dict)

    _enums = {
        "status": Status,
        "interview_type": InterviewType,
        "role_level": RoleLevel,
    }
    _child = {
        "employee": Person,
        "supervisor": Person,
        "timing": Timing,
        "confirmation": Confirmation,
    }
    _children = {
        "key_events": KeyEvent,
        "goals": Goal,
        "achievements": Achievement,
        "problems": Problem,
        "actions": Action,
        "amendments": Amendment,
    }

    # ----------------------------------------------------------------- derived state

    @property
    def signed(self) -> bool:
        """Both have signed."""
        c = self.confirmation
        return c.employee_signoff.signed and c.supervisor_signoff.signed

    @property
    def locked(self) -> bool:
        """After both signatures the record is locked: later edits go in as amendments."""
        return self.signed

    def notes_for(self, stage: Stage | str) -> str:
        return self.stage_notes.get(str(stage), "")

    def set_notes(self, stage: Stage | str, text: str) -> None:
        self.stage_notes[str(stage)] = text

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def problem(self, problem_id: str) -> Problem | None:
        return next((p for p in self.problems if p.id == problem_id), None)

    def type_label_key(self) -> str:
        return f"type.{self.interview_type}"


def new_record(*, now_iso: str, lang: str = "en", supervisor: Person | None = None,
               planned_minutes: int = 60) -> Record:
    """A fresh draft session."""
    return Record(
        created_at=now_iso,
        updated_at=now_iso,
        lang=lang,
        supervisor=supervisor or Person(),
        planned_minutes=planned_minutes,
        checklist={item: False for item in CHECKLIST_ITEMS},
    )
