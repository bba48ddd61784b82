"""The record model: defaults, round trips, tolerance of missing and unknown keys."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perf_tui.model import (
    CHECKLIST_ITEMS,
    SCHEMA_VERSION,
    Action,
    Agreement,
    Amendment,
    Checkpoint,
    CheckpointStatus,
    Direction,
    Goal,
    InterviewType,
    Problem,
    Record,
    SignOff,
    Stage,
    Status,
    new_record,
)
from perf_tui.schema import SchemaError


def full_record() -> Record:
    record = new_record(now_iso="2024-10-08T14:00:00+08:00", lang="zh")
    record.employee.name, record.employee.position = "张伟", "市场专员"
    record.interview_type = InterviewType.IMPROVEMENT
    record.goals.append(Goal(name="客户投诉率", target="≤5%", actual="8%", direction=Direction.LOWER))
    record.problems.append(Problem(description="报告延迟", whys=["样本量不足", "未提前扩大调研范围"]))
    record.actions.append(
        Action(measure="补充收集50个样本", owner="员工", deadline="2024-10-20",
               checkpoints=[Checkpoint(date="2024-11-05", description="回顾样本收集情况")])
    )
    record.set_notes(Stage.OPENING, "感谢你近期的付出")
    record.private_notes = "only mine"
    record.confirmation.agreement = Agreement.AGREES_WITH_RESERVATIONS
    record.amendments.append(Amendment(at="2024-10-09T09:00:00+08:00", text="补充"))
    return record


def test_new_record_is_a_draft_with_the_whole_checklist_unticked():
    record = new_record(now_iso="2024-10-08T14:00:00+08:00")
    assert record.status is Status.DRAFT
    assert record.schema_version == SCHEMA_VERSION
    assert record.checklist == {item: False for item in CHECKLIST_ITEMS}
    assert record.planned_minutes == 60
    assert not record.signed and not record.locked


def test_round_trip_through_json_is_exact():
    record = full_record()
    data = json.loads(json.dumps(record.to_dict(), ensure_ascii=False))
    again = Record.from_dict(data)
    assert again == record
    assert again.goals[0].direction is Direction.LOWER
    assert again.actions[0].checkpoints[0].status is CheckpointStatus.OPEN


def test_missing_keys_take_defaults():
    record = Record.from_dict({"id": "abc", "employee": {"name": "Ann"}})
    assert record.id == "abc"
    assert record.employee.name == "Ann" and record.employee.position == ""
    assert record.goals == [] and record.confirmation.agreement is Agreement.PENDING


def test_unknown_keys_survive_a_round_trip_at_every_level():
    data = full_record().to_dict()
    data["added_by_a_newer_version"] = {"x": 1}
    data["extra"] = ["a key named like the field is kept too"]
    data["goals"][0]["weight"] = 0.5
    data["actions"][0]["checkpoints"][0]["owner"] = "张伟"
    data["confirmation"]["employee_signoff"]["method"] = "typed"
    again = Record.from_dict(data)
    assert again.to_dict() == data
    assert again.goals[0].extra == {"weight": 0.5}


def test_unknown_values_are_refused_naming_the_field():
    data = full_record().to_dict()
    data["interview_type"] = "calibration"  # a type this version does not know
    with pytest.raises(SchemaError) as caught:
        Record.from_dict(data)
    assert str(caught.value).startswith("interview_type: unknown value 'calibration'; expected one of")


def test_locked_only_when_both_have_signed():
    record = full_record()
    record.confirmation.employee_signoff = SignOff(name="张伟", signed_at="2024-10-08T15:00:00+08:00")
    assert not record.locked
    record.confirmation.supervisor_signoff = SignOff(name="李娜", signed_at="2024-10-08T15:01:00+08:00")
    assert record.locked
    record.confirmation.supervisor_signoff.name = "   "
    assert not record.locked


@settings(max_examples=60)
@given(st.text(), st.lists(st.text(), max_size=6), st.text())
def test_typed_text_is_stored_exactly(note, whys, target):
    record = full_record()
    record.set_notes(Stage.ROOT_CAUSE, note)
    record.problems[0].whys = whys
    record.goals[0].target = target
    again = Record.from_dict(json.loads(json.dumps(record.to_dict())))
    assert again.notes_for(Stage.ROOT_CAUSE) == note
    assert again.problems[0].whys == whys
    assert again.goals[0].target == target
