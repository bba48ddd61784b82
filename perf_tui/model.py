"""The interview record (绩效面谈记录与改进措施表) as plain dataclasses, and its schema.

Field by field it follows ../shared/spec/RECORD.md. Everything here is plain data: no I/O, no
clock, no Textual. The dataclasses' annotations are the record's one typed schema: perf_tui/schema.py
validates every stored, imported or migrated dict against them (msgspec) before a Record exists,
and `Record.to_dict()` / `Record.from_dict()` are thin wrappers over it.

Conventions:
- Text a person typed is stored exactly as typed (str), never normalised.
- Dates are ISO strings ("2024-10-20") when understood, else the text as typed; timestamps ISO 8601
  with offset; "" means "not set".
- Enumerations are StrEnum so that they serialise as their value; an unknown value is refused.
- `from_dict` fills missing keys with defaults and keeps keys it does not know in each part's `extra`,
  so that a newer file opened by an older version loses nothing on the next save.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from msgspec import Meta

from perf_tui.config import MAX_MINUTES, MIN_MINUTES
from perf_tui.i18n import LANGUAGES

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


# --------------------------------------------------------------------------- the schema's value types

# The annotations of the dataclasses below ARE the record's schema: perf_tui/schema.py validates
# stored and imported data against them with msgspec (types, enum values, ranges, dict keys) and
# publishes them as JSON Schema. So a field's annotation must say exactly what may be stored.
# (?!\n): in Python `$` also matches before a final newline, and "abc\n" must not be an id
# (it would name the file "abc\n.json"). The pattern means the same in JSON Schema's dialect.
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}(?!\n)$"
SessionId = Annotated[str, Meta(pattern=SESSION_ID_PATTERN)]
Grade = Literal[("",) + GRADES]  # type: ignore[valid-type]  # "" = no override
Language = Literal[LANGUAGES]  # type: ignore[valid-type]
StageKey = Literal[tuple(stage.value for stage in Stage)]  # type: ignore[valid-type]
ChecklistKey = Literal[CHECKLIST_ITEMS]  # type: ignore[valid-type]
Minutes = Annotated[int, Meta(ge=MIN_MINUTES, le=MAX_MINUTES)]
Seconds = Annotated[float, Meta(ge=0, le=1e9)]  # finite: NaN and Infinity fail the range
Version = Annotated[int, Meta(ge=0)]


class _Data:
    """`to_dict()` / `from_dict()` for every part of the record, through the one schema.

    Every part keeps the keys it does not know (a newer version's) in `extra`, and writes them back.
    """

    extra: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        from perf_tui.schema import to_builtins

        return to_builtins(self)

    @classmethod
    def from_dict(cls, data: Any):
        """Validated against the schema; raises schema.SchemaError naming the first bad field."""
        from perf_tui.schema import from_builtins

        return from_builtins(data, cls)


def _extra() -> Any:
    # Unknown keys, kept for the round trip; never compared with other fields' values in repr.
    return field(default_factory=dict, repr=False)


# --------------------------------------------------------------------------- parts of the record

@dataclass
class Person(_Data):
    name: str = ""
    position: str = ""
    extra: dict[str, Any] = _extra()


@dataclass
class Goal(_Data):
    """One row of (一) 绩效目标回顾与评估. target/actual are the text as typed ("≤5%", "1个项目")."""

    id: str = field(default_factory=new_id)
    name: str = ""
    target: str = ""
    actual: str = ""
    unit: str = ""
    direction: Direction = Direction.HIGHER
    grade_override: Grade = ""  # "" = use the suggested grade; else one of GRADES
    notes: str = ""
    extra: dict[str, Any] = _extra()


@dataclass
class Achievement(_Data):
    """(二) 主要成绩与优势: an achievement or strength with its concrete case."""

    id: str = field(default_factory=new_id)
    title: str = ""
    case: str = ""
    source: Source = Source.SUPERVISOR
    extra: dict[str, Any] = _extra()


@dataclass
class KeyEvent(_Data):
    """A concrete event gathered before the meeting: a fact, not an adjective."""

    id: str = field(default_factory=new_id)
    date: str = ""
    polarity: Polarity = Polarity.POSITIVE
    fact: str = ""
    extra: dict[str, Any] = _extra()


@dataclass
class Problem(_Data):
    """(三) 存在不足与问题分析: description, a 5-Why chain and both views of the cause."""

    id: str = field(default_factory=new_id)
    description: str = ""
    whys: list[str] = field(default_factory=list)
    employee_view: str = ""
    supervisor_view: str = ""
    extra: dict[str, Any] = _extra()


@dataclass
class Checkpoint(_Data):
    """A dated check of an action's progress; also the follow-up log's row (跟踪记录)."""

    id: str = field(default_factory=new_id)
    date: str = ""
    description: str = ""
    status: CheckpointStatus = CheckpointStatus.OPEN
    note: str = ""
    updated_at: str = ""
    date_text: str = ""  # the date as typed; `date` holds it as ISO when it was understood
    extra: dict[str, Any] = _extra()


@dataclass
class Action(_Data):
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
    extra: dict[str, Any] = _extra()


@dataclass
class SignOff(_Data):
    """A typed signature: the name as typed and when it was given."""

    name: str = ""
    signed_at: str = ""
    extra: dict[str, Any] = _extra()

    @property
    def signed(self) -> bool:
        return bool(self.name.strip() and self.signed_at)


@dataclass
class Confirmation(_Data):
    """总结与确认: restated summary, employee comments (员工意见), agreement and signatures."""

    summary: str = ""
    employee_comments: str = ""
    agreement: Agreement = Agreement.PENDING
    agreement_reason: str = ""
    employee_signoff: SignOff = field(default_factory=SignOff)
    supervisor_signoff: SignOff = field(default_factory=SignOff)
    extra: dict[str, Any] = _extra()


@dataclass
class Amendment(_Data):
    """A dated addition made after sign-off; the signed record itself never changes."""

    id: str = field(default_factory=new_id)
    at: str = ""
    author: str = ""
    section: str = ""
    text: str = ""
    extra: dict[str, Any] = _extra()


@dataclass
class Timing(_Data):
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
    elapsed: dict[StageKey, Seconds] = field(default_factory=dict)
    extra: dict[str, Any] = _extra()

    def seconds_in(self, stage: Stage | str) -> float:
        """Closed-interval seconds in `stage` (without the running interval)."""
        return float(self.elapsed.get(str(stage), 0.0))


# --------------------------------------------------------------------------- the record

@dataclass
class Record(_Data):
    """One performance interview session."""

    id: SessionId = field(default_factory=new_id)
    schema_version: Version = SCHEMA_VERSION
    created_at: str = ""
    updated_at: str = ""
    status: Status = Status.DRAFT
    lang: Language = "en"

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
    planned_minutes: Minutes = 60

    # 面谈前
    checklist: dict[ChecklistKey, bool] = field(default_factory=dict)
    key_events: list[KeyEvent] = field(default_factory=list)

    # (一)-(四)
    goals: list[Goal] = field(default_factory=list)
    achievements: list[Achievement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    # 面谈中
    stage_notes: dict[StageKey, str] = field(default_factory=dict)
    private_notes: str = ""  # never exported or shared
    asked_prompts: list[str] = field(default_factory=list)
    timing: Timing = field(default_factory=Timing)

    # 总结与确认, and after
    confirmation: Confirmation = field(default_factory=Confirmation)
    amendments: list[Amendment] = field(default_factory=list)
    filed_with_hr_at: str = ""
    previous_session_id: str = ""

    extra: dict[str, Any] = _extra()


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
