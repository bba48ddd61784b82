"""The record's typed schema (perf_tui/schema.py): what it refuses, with which one line, what it keeps,
and that loading, import and migrations all go through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from perf_tui import export
from perf_tui.demo import build_demo_record
from perf_tui.model import SCHEMA_VERSION, Direction, Record
from perf_tui.schema import MAX_BYTES, MAX_DEPTH, SchemaError, json_schema
from perf_tui.store import (
    InvalidSessionData,
    NewerSchema,
    SessionDamaged,
    dump_session,
    load_session,
    open_repository,
)

NOW = datetime(2024, 10, 8, 14, 0, tzinfo=timezone.utc)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def backup(lang: str = "en") -> dict:
    return json.loads(dump_session(build_demo_record(lang, NOW)))


def refusal(data_or_text) -> str:
    text = data_or_text if isinstance(data_or_text, (str, bytes)) else json.dumps(data_or_text, ensure_ascii=False)
    with pytest.raises(InvalidSessionData) as caught:
        load_session(text)
    message = caught.value.reason
    assert "\n" not in message and message.isprintable(), message
    return message


def v0_envelope() -> dict:
    stored = json.loads((FIXTURES / "schema_v0_session.json").read_text(encoding="utf-8"))["record"]["1"]
    return {"format": "perf-tui-session", "schema_version": 0, "record": stored}


# --------------------------------------------------------------------------- one line naming the field

def test_a_wrong_type_is_named_with_its_path():
    data = backup()
    data["record"]["goals"][2]["target"] = 5
    assert refusal(data) == "goals[2].target: expected text, got number"


@pytest.mark.parametrize("where, value, expected", [
    (("status",), "signed", "status: unknown value 'signed'; expected one of \"draft\""),
    (("confirmation", "agreement"), "agree", "confirmation.agreement: unknown value 'agree'"),
    (("goals", 0, "direction"), "up", "goals[0].direction: unknown value 'up'"),
    (("goals", 0, "grade_override"), "E", "goals[0].grade_override: unknown value 'E'"),
    (("lang",), "fr", "lang: unknown value 'fr'"),
    (("planned_minutes",), 600, "planned_minutes: expected a whole number from 15 to 180, got 600"),
    (("planned_minutes",), "60", "planned_minutes: expected a whole number, got text"),
    (("timing", "elapsed", "review"), -3, "timing.elapsed.review: expected a number from 0 to 1000000000, got -3"),
    (("checklist", "aim_set"), "yes", "checklist.aim_set: expected true or false, got text"),
    (("problems", 0, "whys"), "why", "problems[0].whys: expected a list, got text"),
    (("actions", 0, "checkpoints", 0), [], "actions[0].checkpoints[0]: expected an object, got a list"),
    (("employee",), None, "employee: expected an object, got null"),
    (("id",), "../etc", "id: '../etc' is not a session id"),
    (("id",), "abc\n", "id: 'abc\\n' is not a session id"),
])
def test_wrong_values_are_refused_naming_the_field(where, value, expected):
    data = backup()
    target = data["record"]
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    assert refusal(data).startswith(expected)


def test_an_unknown_key_of_a_keyed_field_is_refused():
    data = backup()
    data["record"]["stage_notes"]["lunch"] = "x"
    assert refusal(data).startswith("stage_notes: unknown key 'lunch'; expected one of \"opening\"")


def test_the_message_is_in_the_users_language():
    from perf_tui import i18n

    data = backup()
    data["record"]["goals"][2]["target"] = 5
    i18n.set_language("zh")
    assert refusal(data) == "goals[2].target：应为文本，实际为数字"


# --------------------------------------------------------------------------- schema_version

@pytest.mark.parametrize("version", ["abc", 0.5, None, [], True, -1, "1", 1.0, {}])
def test_a_schema_version_that_is_not_a_whole_number_is_refused_never_migrated(version):
    data = backup()
    data["schema_version"] = version
    data["record"]["schema_version"] = version
    assert refusal(data).startswith("schema_version: expected a whole number from 0 to 1, got ")


def test_a_nan_schema_version_is_refused():
    text = json.dumps(backup()).replace('"schema_version": 1', '"schema_version": NaN')
    assert "NaN" in refusal(text)


def test_a_newer_schema_version_is_refused_for_import():
    data = backup()
    data["schema_version"] = data["record"]["schema_version"] = SCHEMA_VERSION + 1
    assert "newer perf-tui" in refusal(data)


def test_envelope_and_record_versions_must_agree():
    data = backup()
    data["schema_version"] = 0
    assert refusal(data).startswith("schema_version: the backup says version 0, its record says 1")


def test_a_valid_version_0_export_still_migrates():
    record = load_session(json.dumps(v0_envelope(), ensure_ascii=False))
    assert record.employee.name == "张伟" and record.notes_for("opening").startswith("开场")
    assert record.goals[1].direction is Direction.LOWER and record.schema_version == SCHEMA_VERSION


def test_a_version_0_layout_is_validated_before_it_is_migrated():
    data = v0_envelope()
    data["record"]["problems"][0]["why"] = "样本量不足"  # a string would be split into characters
    assert refusal(data) == "problems[0].why: expected a list, got text"
    data = v0_envelope()
    data["record"]["agreed"] = "yes"
    assert refusal(data).startswith("agreed: expected true or false or null, got text")


def test_a_current_record_without_its_version_is_not_migrated_over_its_names():
    data = backup()
    del data["schema_version"], data["record"]["schema_version"]
    assert refusal(data).startswith("employee: this field is from version 1")


def test_an_envelope_without_its_format_or_a_record_without_an_id_is_refused():
    data = backup()
    del data["format"]
    assert refusal(data) == "format: missing"
    data = backup()
    del data["record"]["id"]
    assert refusal(data) == "id: missing"


# --------------------------------------------------------------------------- what JSON allows, a record not

def test_lone_surrogates_are_refused_with_the_path():
    data = backup()
    data["record"]["goals"][0]["name"] = "a\ud800b"
    message = refusal(json.dumps(data))  # ASCII JSON: the surrogate travels as \ud800
    assert message == "goals[0].name: the text holds a lone surrogate \\ud800, which is not valid Unicode"


def test_lone_surrogates_in_unknown_keys_are_refused_too():
    data = backup()
    data["record"]["from_the_future"] = {"\udc80": 1}
    assert "lone surrogate" in refusal(json.dumps(data))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(literal):
    text = json.dumps(backup()).replace('"planned_minutes": 60', f'"planned_minutes": {literal}')
    assert refusal(text) == f"{literal} is not a number JSON allows (NaN and Infinity are refused)"


def test_a_number_too_large_for_a_float_is_refused_wherever_it_is():
    text = json.dumps(backup()).replace('"planned_minutes": 60', '"planned_minutes": 60, "future": [1e999]')
    assert refusal(text) == "future[0]: inf is not a number JSON allows (NaN and Infinity are refused)"
    data = backup()
    data["record"]["timing"]["elapsed"] = {"review": "here"}
    text = json.dumps(data).replace('"review": "here"', '"review": 1e999')
    assert refusal(text) == "timing.elapsed.review: expected a number from 0 to 1000000000, got inf"


def test_nesting_deeper_than_the_limit_is_refused_but_the_limit_itself_is_fine():
    def nested(depth):
        value: object = "leaf"
        for _ in range(depth):
            value = [value]
        return value

    data = backup()
    data["record"]["from_the_future"] = nested(MAX_DEPTH - 1)  # the record itself is one level
    assert load_session(json.dumps(data)).extra["from_the_future"] == nested(MAX_DEPTH - 1)
    data["record"]["from_the_future"] = nested(MAX_DEPTH)
    assert refusal(data).endswith(f"nested deeper than {MAX_DEPTH} levels")
    assert refusal("[" * 100_000 + "]" * 100_000) == f"nested deeper than {MAX_DEPTH} levels"


def test_a_file_over_the_size_limit_is_refused():
    text = json.dumps(backup()) + " " * MAX_BYTES
    assert refusal(text) == "the file is larger than 20 MB"


@pytest.mark.parametrize("raw, expected", [
    (b"\xff{}", "the file is not UTF-8 text (byte 0)"),
    (b'{"a": 1', "the file is not valid JSON (line 1, column 8)"),
    (b"[]", "the file does not hold a JSON object"),
    (b'{"a": ' + b"9" * 5000 + b"}", "a number in the file has too many digits"),
])
def test_broken_files_get_one_clear_line(raw, expected):
    assert refusal(raw) == expected


def test_control_characters_and_ansi_from_the_input_are_escaped_in_the_message():
    data = backup()
    data["record"]["status"] = "\x1b[31mred\x1b[0m\x07\u202e"
    message = refusal(data)
    assert "\x1b" not in message and "\\x1b[31mred\\x1b[0m\\x07\\u202e" in message


# --------------------------------------------------------------------------- what is kept

def test_text_is_kept_exactly_as_typed():
    data = backup("zh")
    odd = "  ≤5%\t\n 1个项目 \r\n\u200b\x00 "
    data["record"]["goals"][0]["target"] = odd
    data["record"]["stage_notes"]["review"] = odd
    record = load_session(json.dumps(data, ensure_ascii=False))
    assert record.goals[0].target == odd and record.notes_for("review") == odd


def test_unknown_keys_are_kept_through_import_and_export():
    data = backup()
    data["record"]["future"] = {"nested": [1, "two", None]}
    data["record"]["goals"][1]["weight"] = 0.25
    data["record"]["confirmation"]["witness"] = "HR"
    record = load_session(json.dumps(data))
    again = json.loads(export.render(record, "backup", "en"))
    assert again["record"]["future"] == {"nested": [1, "two", None]}
    assert again["record"]["goals"][1]["weight"] == 0.25
    assert again["record"]["confirmation"]["witness"] == "HR"


def test_every_part_round_trips_through_the_schema():
    record = build_demo_record("zh", NOW)
    assert Record.from_dict(record.to_dict()) == record
    for goal in record.goals:
        assert type(goal).from_dict(goal.to_dict()) == goal


def test_from_dict_refuses_what_the_schema_refuses():
    with pytest.raises(SchemaError) as caught:
        Record.from_dict({"id": "abc", "goals": [{"target": 5}]})
    assert str(caught.value) == "goals[0].target: expected text, got number"


# --------------------------------------------------------------------------- the store goes through it

def write_stored(data_dir: Path, record: dict) -> Path:
    open_repository(data_dir).close()
    path = data_dir / "sessions" / f"{record['id']}.json"
    path.write_text(json.dumps({"record": {"1": record}}, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_stored_file_that_does_not_validate_is_moved_aside_with_the_reason(data_dir: Path):
    stored = build_demo_record("en", NOW).to_dict()
    stored["goals"][0]["target"] = 5
    path = write_stored(data_dir, stored)
    repo = open_repository(data_dir)
    with pytest.raises(SessionDamaged):
        repo.get(stored["id"])
    assert not path.exists()
    (problem,) = repo.drain_problems()
    assert "goals[0].target: expected text, got number" in problem.reason
    assert problem.moved_to.exists() and problem.moved_to.parent.name == "damaged"


def test_a_stored_file_with_a_bad_version_is_damaged_not_migrated(data_dir: Path):
    stored = build_demo_record("en", NOW).to_dict()
    stored["schema_version"] = "abc"
    path = write_stored(data_dir, stored)
    repo = open_repository(data_dir)
    assert repo.list() == []  # the index rebuild checks each file: never listed as an empty session
    assert not path.exists()
    assert "schema_version" in repo.drain_problems()[0].reason


def test_a_newer_stored_file_that_this_version_cannot_read_is_left_alone(data_dir: Path):
    stored = build_demo_record("en", NOW).to_dict()
    stored["schema_version"] = SCHEMA_VERSION + 1
    stored["status"] = "calibrated"  # a status of the newer version
    path = write_stored(data_dir, stored)
    before = path.read_bytes()
    repo = open_repository(data_dir)
    with pytest.raises(NewerSchema):
        repo.get(stored["id"])
    assert path.read_bytes() == before and repo.drain_problems() == []


def test_a_stored_file_nested_past_the_interpreter_limit_is_damaged(data_dir: Path):
    open_repository(data_dir).close()
    path = data_dir / "sessions" / "deep.json"
    path.write_text('{"record": {"1": {"id": "deep", "x": ' + "[" * 50_000 + "]" * 50_000 + "}}}")
    repo = open_repository(data_dir)
    with pytest.raises(SessionDamaged):
        repo.get("deep")
    assert "nested too deeply" in repo.drain_problems()[0].reason


# --------------------------------------------------------------------------- the published schema

def test_the_json_schema_describes_the_backup():
    schema = json_schema()
    json.dumps(schema)  # plain JSON
    assert schema["properties"]["schema_version"] == {"type": "integer", "minimum": 0, "maximum": SCHEMA_VERSION}
    record = schema["$defs"]["Record"]
    assert "extra" not in record["properties"] and record["additionalProperties"] is True
    assert record["properties"]["planned_minutes"]["minimum"] == 15
    status = schema["$defs"]["Status"]
    assert sorted(status["enum"]) == sorted(["draft", "in_progress", "confirmed", "archived"])
    assert schema["$defs"]["Goal"]["properties"]["target"]["type"] == "string"


# --------------------------------------------------------------------------- the real command

def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "perf_tui", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=60)


def test_import_refuses_a_bad_file_whole_in_one_escaped_line(tmp_path: Path, data_dir: Path):
    data = backup()
    data["record"]["goals"][2]["target"] = 5
    data["record"]["status"] = "\x1b[2J\x1b[31msigned"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("import", str(file), data_dir=data_dir)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"perf-tui: {file} is not a perf-tui backup: status: unknown value "
                           "'\\x1b[2J\\x1b[31msigned'; expected one of \"draft\", \"in_progress\", "
                           "\"confirmed\", \"archived\"\n")
    assert open_repository(data_dir).list() == []  # nothing stored


def test_import_refuses_a_bad_schema_version_and_stores_nothing(tmp_path: Path, data_dir: Path):
    data = backup()
    data["schema_version"] = data["record"]["schema_version"] = "abc"
    file = tmp_path / "abc.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("import", str(file), data_dir=data_dir)
    assert done.returncode == 1
    assert done.stderr.endswith("schema_version: expected a whole number from 0 to 1, got 'abc'\n")
    assert done.stderr.count("\n") == 1 and "unexpected" not in done.stderr
    assert open_repository(data_dir).list() == []


def test_import_of_a_valid_old_export_migrates(tmp_path: Path, data_dir: Path):
    file = tmp_path / "v0.json"
    file.write_text(json.dumps(v0_envelope(), ensure_ascii=False), encoding="utf-8")
    done = run_cli("import", str(file), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    (summary,) = open_repository(data_dir).list()
    assert summary.id == done.stdout.strip() and summary.employee == "张伟"


def test_cli_error_lines_escape_control_characters(tmp_path: Path, data_dir: Path):
    done = run_cli("export", "no\x1b[31mpe", data_dir=data_dir)
    assert done.returncode != 0 and "\x1b" not in done.stderr and "\\x1b[31m" in done.stderr


def test_the_schema_command_prints_the_backup_schema(capsys):
    from perf_tui.cli import main

    assert main(["schema", "--format", "backup"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json_schema() and printed["$defs"]["Record"]["required"] == ["id"]
