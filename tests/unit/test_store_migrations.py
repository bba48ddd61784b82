"""Schema versions: the pre-release layout (0) migrates on read; a stored version-1 record loads
unchanged; a record from a newer perf-tui is readable but never saved over; the backup format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from perf_tui.model import SCHEMA_VERSION, Agreement, Direction, Record, Status
from perf_tui.store import InvalidSessionData, NewerSchema, dump_session, load_session, open_repository
from perf_tui.store.migrations import migrate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def stored(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["record"]["1"]


def install(data_dir: Path, name: str, session_id: str) -> None:
    open_repository(data_dir).close()
    shutil.copy(FIXTURES / name, data_dir / "sessions" / f"{session_id}.json")


def assert_kept(original, loaded, where="record") -> None:
    """Every stored value is still there (new model fields with defaults may be added around it)."""
    if isinstance(original, dict):
        for key, value in original.items():
            assert key in loaded, f"{where}.{key} lost"
            assert_kept(value, loaded[key], f"{where}.{key}")
    elif isinstance(original, list):
        assert len(original) == len(loaded), where
        for i, (a, b) in enumerate(zip(original, loaded)):
            assert_kept(a, b, f"{where}[{i}]")
    else:
        assert original == loaded, where


def test_version_0_fixture_is_migrated_on_read(data_dir: Path) -> None:
    install(data_dir, "schema_v0_session.json", "v0demo000001")
    repo = open_repository(data_dir)
    record = repo.get("v0demo000001")
    assert record.schema_version == SCHEMA_VERSION
    assert (record.employee.name, record.employee.position) == ("张伟", "市场专员")
    assert record.supervisor.name == "王芳" and record.interview_type == "improvement"
    assert record.created_at == "2024-09-30T09:00:00+08:00"
    complaint = record.goals[1]
    assert (complaint.target, complaint.actual, complaint.direction) == ("≤5%", "8%", Direction.LOWER)
    assert record.goals[0].target == "1" and record.goals[0].grade_override == "A"
    assert complaint.notes == "2次投诉源于响应不及时"
    assert record.problems[0].whys[0] == "样本量不足" and len(record.problems[0].whys) == 4
    action = record.actions[0]
    assert action.deadline == "2024-10-20" and action.checkpoints[0].date == "2024-11-05"
    assert record.notes_for("opening").startswith("开场")
    assert record.confirmation.agreement == Agreement.AGREES
    assert record.confirmation.employee_comments == "同意改进计划。"
    assert record.timing.elapsed == {}
    assert not record.extra, record.extra  # nothing of the old layout is left unmapped
    assert repo.list()[0].employee == "张伟"


def test_migrated_record_saves_as_the_current_version(data_dir: Path) -> None:
    install(data_dir, "schema_v0_session.json", "v0demo000001")
    repo = open_repository(data_dir)
    repo.save(repo.get("v0demo000001"))
    raw = json.loads((data_dir / "sessions" / "v0demo000001.json").read_text())["record"]["1"]
    assert raw["schema_version"] == SCHEMA_VERSION and "target_value" not in json.dumps(raw)


def test_migration_does_not_change_its_input() -> None:
    data = stored("schema_v0_session.json")
    before = json.dumps(data, sort_keys=True)
    migrate(data)
    assert json.dumps(data, sort_keys=True) == before


def test_version_1_fixture_loads_unchanged(data_dir: Path) -> None:
    original = stored("schema_v1_session.json")
    install(data_dir, "schema_v1_session.json", original["id"])
    record = open_repository(data_dir).get(original["id"])
    assert record.status == Status.CONFIRMED and record.signed
    assert_kept(original, record.to_dict())


def test_newer_schema_is_readable_but_never_saved_over(data_dir: Path) -> None:
    data = stored("schema_v1_session.json")
    data["schema_version"] = SCHEMA_VERSION + 1
    data["future_field"] = {"kept": True}
    open_repository(data_dir).close()
    path = data_dir / "sessions" / f"{data['id']}.json"
    path.write_text(json.dumps({"record": {"1": data}}, ensure_ascii=False))
    before = path.read_bytes()
    repo = open_repository(data_dir)
    record = repo.get(data["id"])
    assert record.extra["future_field"] == {"kept": True}
    with pytest.raises(NewerSchema) as caught:
        repo.save(record)
    assert "newer" in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == before


def test_backup_format_round_trips_exactly() -> None:
    record = Record.from_dict(stored("schema_v1_session.json"))
    text = dump_session(record)
    envelope = json.loads(text)
    assert envelope["format"] == "perf-tui-session" and envelope["schema_version"] == SCHEMA_VERSION
    assert envelope["record"] == record.to_dict()
    assert load_session(text) == record
    assert dump_session(load_session(text)) == text


def test_backup_format_migrates_an_old_export() -> None:
    old = {"format": "perf-tui-session", "schema_version": 0, "record": stored("schema_v0_session.json")}
    assert load_session(json.dumps(old)).goals[1].direction == Direction.LOWER


@pytest.mark.parametrize("text", [
    "not json", "[]", '{"format": "something-else", "record": {}}', '{"format": "perf-tui-session"}',
    '{"format": "perf-tui-session", "record": {"id": "../x"}}',
    '{"format": "perf-tui-session", "record": {"id": "abc", "goals": "x"}}',
    '{"format": "perf-tui-session", "record": {"id": "abc", "goals": [1]}}',
    '{"format": "perf-tui-session", "record": {"id": "abc", "employee": "x"}}',
])
def test_bad_imports_get_one_clear_line(text: str) -> None:
    with pytest.raises(InvalidSessionData) as caught:
        load_session(text)
    message = str(caught.value)
    assert message.startswith("Not a perf-tui session") and "\n" not in message
