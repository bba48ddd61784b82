"""Carry-in: the open actions of the same employee's previous session, offered for review.

The functions are pure (summaries and records in, records out); the panel only shows them.
"""

from __future__ import annotations

from typing import Iterable

from textual.widgets import Static

from perf_tui.formatting import format_day
from perf_tui.i18n import t, t_count
from perf_tui.model import Action, CheckpointStatus, Record, new_id
from perf_tui.store import Summary


def employee_key(name: str) -> str:
    """Names match case-insensitively and without surrounding or doubled spaces."""
    return " ".join(name.split()).casefold()


def find_previous(summaries: Iterable[Summary], record: Record) -> Summary | None:
    """The latest other session of this employee, not dated after this one."""
    name = employee_key(record.employee.name)
    if not name:
        return None
    earlier = [
        s for s in summaries
        if s.id != record.id and employee_key(s.employee) == name
        and (not record.date or not s.date or s.date <= record.date)
    ]
    return max(earlier, key=lambda s: (s.date, s.updated_at), default=None)


def open_actions(previous: Record) -> list[Action]:
    return [a for a in previous.actions if a.status != CheckpointStatus.DONE]


def _carried_key(action: Action, previous_id: str) -> tuple[str, str, str, str]:
    return previous_id, action.measure, action.owner, action.deadline


def pending_actions(record: Record, previous: Record) -> list[Action]:
    """Open actions of `previous` not yet carried into `record`."""
    carried = {_carried_key(a, a.carried_from) for a in record.actions if a.carried_from}
    return [a for a in open_actions(previous) if _carried_key(a, previous.id) not in carried]


def carry_in(record: Record, previous: Record) -> int:
    """Copy the pending open actions into `record` (new ids, carried_from set); how many were copied."""
    copies = []
    for action in pending_actions(record, previous):
        copy = Action.from_dict(action.to_dict())
        copy.id = new_id()
        copy.carried_from = previous.id
        copies.append(copy)
    record.actions.extend(copies)
    record.previous_session_id = previous.id
    return len(copies)


class CarryInPanel(Static):
    """What the previous session left open (carry_in_text), and the key that carries it in."""


def _when(previous: Record) -> str:
    return " · ".join(part for part in (previous.period, format_day(previous.date)) if part) or previous.id


def carry_in_text(record: Record, previous: Record | None, key: str, looked_up: bool) -> str:
    if not record.employee.name.strip():
        return t("setup.carry.no_name")
    if previous is None:
        return t("setup.carry.none") if looked_up else ""
    opened = open_actions(previous)
    pending = pending_actions(record, previous)
    if not opened:
        return t("setup.carry.nothing_open", when=_when(previous))
    if not pending:
        return t_count("setup.carry.already", len(opened), when=_when(previous))
    lines = [t_count("setup.carry.offer", len(pending), when=_when(previous), key=key)]
    lines += [t("setup.carry.item", measure=a.measure or "—", owner=a.owner or "—", deadline=format_day(a.deadline) or a.deadline or "—")
              for a in pending[:3]]
    if len(pending) > 3:
        lines.append(t("setup.carry.more", count=len(pending) - 3))
    return "\n".join(lines)
