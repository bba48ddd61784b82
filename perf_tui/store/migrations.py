"""Schema versions of a stored record, and the steps that bring an older one up to date.

A stored record carries `schema_version`. On read, `migrate()` applies the steps from its version up
to `model.SCHEMA_VERSION`, one version at a time, on plain dicts (the model never sees old layouts).
A record from a newer perf-tui is returned unchanged: the model keeps unknown keys in `extra`, and the
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

from typing import Any, Callable

from perf_tui.model import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def stored_version(data: dict[str, Any]) -> int:
    """The schema version a stored dict declares; a missing one means the pre-release layout (0)."""
    value = data.get("schema_version", 0)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


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
