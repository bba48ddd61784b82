"""Schema versions of a stored record, and the steps that bring an older one up to date.

A stored record carries `schema_version`, a whole number from 0 up (schema.schema_version_of refuses
anything else: a version is never guessed). On read, `validate_layout()` checks an old layout against
its own typed schema (the dataclasses below, validated by msgspec like the current model), then
`migrate()` applies the steps from its version up to `model.SCHEMA_VERSION`, one version at a time,
on plain dicts; the result is validated against the current model (backup_format.record_from_stored).
So a migration step only ever sees well-typed input and never turns junk into a valid record.
A record from a newer perf-tui is not migrated: the model keeps unknown keys in `extra`, and the
repository refuses to save over it (errors.NewerSchema) rather than drop what it does not know.

Version history
- 0: the pre-release layout (files without "schema_version"). Flat basic information
  ("employee_name", "employee_position", "supervisor_name", "supervisor_position", "type"),
  goals with "target_value" / "actual_value" / "lower_is_better" / "comment", the whole meeting's
  notes as one string "notes", problems with "why" (a list), actions with "due" and "checkpoint" (one
  date string); no timing, no stage notes, no confirmation block ("employee_comments", "agreed" at top).
- 1: the current model (perf_tui/model.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from perf_tui.i18n import t
from perf_tui.model import SCHEMA_VERSION, Grade, InterviewType
from perf_tui.schema import SchemaError, format_path, from_builtins, schema_version_of

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def stored_version(data: dict[str, Any]) -> int:
    """The schema version a stored dict declares; a missing one means the pre-release layout (0).
    Raises schema.SchemaError for anything but a whole number >= 0."""
    return schema_version_of(data)


def is_newer(data: dict[str, Any]) -> bool:
    return stored_version(data) > SCHEMA_VERSION


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """`data` brought up to SCHEMA_VERSION (a new dict; the input is not changed)."""
    version = stored_version(data)
    result = dict(data)
    while version < SCHEMA_VERSION:
        result = MIGRATIONS[version](result)
        version += 1
        result["schema_version"] = version
    return result


def validate_layout(data: dict[str, Any]) -> None:
    """Check a stored dict of an older version against that version's schema (SchemaError if not)."""
    version = stored_version(data)
    if version in LAYOUTS:
        check_no_newer_keys(data, version)
        from_builtins(data, LAYOUTS[version], checked=True)


# --------------------------------------------------------------------------- 0: the pre-release layout

Number = str | int | float  # goal values were typed as numbers or text before version 1


@dataclass
class GoalV0:
    id: str = ""
    name: str = ""
    target_value: Number = ""
    actual_value: Number = ""
    unit: str = ""
    lower_is_better: bool = False
    grade: Grade = ""
    comment: str = ""


@dataclass
class ProblemV0:
    id: str = ""
    description: str = ""
    why: list[str] = field(default_factory=list)
    employee_view: str = ""
    supervisor_view: str = ""


@dataclass
class ActionV0:
    id: str = ""
    measure: str = ""
    owner: str = ""
    due: str = ""
    support: str = ""
    checkpoint: str = ""


@dataclass
class RecordV0:
    """The keys version 0 had that migrate() moves or renames; every other key is validated by the
    current model after the migration, under the same name."""

    employee_name: str = ""
    employee_position: str = ""
    supervisor_name: str = ""
    supervisor_position: str = ""
    type: InterviewType = InterviewType.REGULAR
    notes: str = ""
    employee_comments: str = ""
    agreed: bool | None = None
    created: str = ""
    modified: str = ""
    goals: list[GoalV0] = field(default_factory=list)
    problems: list[ProblemV0] = field(default_factory=list)
    actions: list[ActionV0] = field(default_factory=list)


LAYOUTS: dict[int, type] = {0: RecordV0}

# Keys of version 1 that the 0 -> 1 step would overwrite: in a file without schema_version they mean
# a current record that lost its version, and migrating it would silently replace them.
_V1_ONLY = {
    "": ("employee", "supervisor", "stage_notes", "confirmation", "timing", "interview_type",
         "created_at", "updated_at"),
    "goals": ("target", "actual", "direction", "grade_override"),
    "problems": ("whys",),
    "actions": ("deadline", "checkpoints"),
}


def check_no_newer_keys(data: dict[str, Any], version: int) -> None:
    if version != 0:
        return
    for key in _V1_ONLY[""]:
        if key in data:
            raise SchemaError(t("schema.old_layout_has_new_key", current=SCHEMA_VERSION), format_path([key]))
    for rows in ("goals", "problems", "actions"):
        items = data.get(rows)
        for index, item in enumerate(items if isinstance(items, list) else []):
            for key in _V1_ONLY[rows]:
                if isinstance(item, dict) and key in item:
                    raise SchemaError(t("schema.old_layout_has_new_key", current=SCHEMA_VERSION),
                                      format_path([rows, index, key]))


# --------------------------------------------------------------------------- 0 -> 1

def _goal_v0_to_v1(goal: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in goal.items()
           if k not in ("target_value", "actual_value", "lower_is_better", "comment", "grade")}
    out["target"] = str(goal.get("target_value", goal.get("target", "")))
    out["actual"] = str(goal.get("actual_value", goal.get("actual", "")))
    out["direction"] = "lower" if goal.get("lower_is_better") else "higher"
    out["notes"] = goal.get("comment", goal.get("notes", ""))
    out["grade_override"] = goal.get("grade", "") or ""
    return out


def _problem_v0_to_v1(problem: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in problem.items() if k != "why"}
    out["whys"] = list(problem.get("why", problem.get("whys", [])))
    return out


def _action_v0_to_v1(action: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in action.items() if k not in ("due", "checkpoint")}
    out["deadline"] = action.get("due", action.get("deadline", ""))
    checkpoint = action.get("checkpoint")
    if checkpoint:
        out["checkpoints"] = [{"date": str(checkpoint), "description": ""}]
    return out


_V0_AGREED = {True: "agrees", False: "disagrees", None: "pending"}


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    moved = {"employee_name", "employee_position", "supervisor_name", "supervisor_position",
             "type", "notes", "employee_comments", "agreed", "created", "modified"}
    out = {k: v for k, v in data.items() if k not in moved}
    out["employee"] = {"name": data.get("employee_name", ""), "position": data.get("employee_position", "")}
    out["supervisor"] = {"name": data.get("supervisor_name", ""),
                         "position": data.get("supervisor_position", "")}
    out["created_at"] = data.get("created", data.get("created_at", ""))
    out["updated_at"] = data.get("modified", data.get("updated_at", ""))
    if "type" in data:
        out["interview_type"] = data["type"]
    out["goals"] = [_goal_v0_to_v1(g) for g in data.get("goals", []) if isinstance(g, dict)]
    out["problems"] = [_problem_v0_to_v1(p) for p in data.get("problems", []) if isinstance(p, dict)]
    out["actions"] = [_action_v0_to_v1(a) for a in data.get("actions", []) if isinstance(a, dict)]
    # One notes field for the whole meeting: it opens the meeting's notes, where it is seen first.
    notes = data.get("notes", "")
    out["stage_notes"] = {"opening": notes} if notes else {}
    out["confirmation"] = {
        "employee_comments": data.get("employee_comments", ""),
        "agreement": _V0_AGREED.get(data.get("agreed"), "pending"),
    }
    return out


MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1}
