"""The shareable JSON record (`export --format json`) and the backup (`export --format backup`):

- the demo's shareable record has the rates and grades the Markdown shows (literal values), the
  thresholds used, and not a word of the private notes; the backup has them and reads back;
- every export validates against the JSON Schema `perf-tui schema` prints for its format (a real
  JSON Schema validator), and the shareable one decodes strictly into its typed definition;
- for every record the schema accepts (hypothesis), the shareable JSON validates and never holds
  the private notes;
- import reads a backup written by the old `--format json` (a fixture) and refuses the shareable
  record with one line (a real process).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perf_tui import export
from perf_tui.cli import main
from perf_tui.demo import build_demo_record
from perf_tui.export.json_record import SHARED_DECODER, SharedRecord
from perf_tui.export.json_record import json_schema as shared_schema
from perf_tui.model import Goal, Person, Record
from perf_tui.schema import json_schema as backup_schema
from perf_tui.store import load_session
from perf_tui.store.backup_format import FORMAT as BACKUP_FORMAT

NOW = datetime(2024, 10, 8, 14, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[2]


def _schema_properties():
    """The schema's own record strategy (tests/unit/test_schema_properties.py), loaded by path:
    the tests are not a package."""
    spec = importlib.util.spec_from_file_location("_schema_properties", Path(__file__).with_name(
        "test_schema_properties.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


accepted_records = _schema_properties().accepted_records
FIXTURE = ROOT / "tests" / "fixtures" / "backup_written_by_format_json.json"


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)  # the schema itself is a valid JSON Schema
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


SHARED = validator(shared_schema())
BACKUP = validator(backup_schema())


@pytest.fixture(params=["en", "zh"])
def lang(request) -> str:
    return request.param


# --------------------------------------------------------------------------- the demo, literally


def test_the_demos_shareable_record_has_its_rates_grades_and_thresholds(lang):
    record = build_demo_record(lang, NOW)
    data = json.loads(export.render(record, "json", lang, now=NOW))
    assert data["format"] == "perf-tui-record" and data["format_version"] == 1 and data["lang"] == lang
    goals = [(g["achievement_rate"], g["grade"], g["suggested_grade"], g["grade_overridden"]) for g in data["goals"]]
    assert goals == [(100.0, "A", "A", False), (62.5, "C", "C", False), (102.2, "A", "A", False),
                     (None, "C", None, True)]  # the last: a qualitative goal graded by hand
    complaint = data["goals"][1]
    assert (complaint["target"], complaint["actual"], complaint["direction"]) == ("≤5%", "8%", "lower")
    assert data["grade_thresholds"] == {"A": 100.0, "B": 85.0, "C": 60.0}
    assert [a["deadline"] for a in data["actions"]] == ["2024-10-20", "2024-10-31"]
    assert [len(p["whys"]) for p in data["problems"]] == [3, 4]
    assert [len(a["checkpoints"]) for a in data["actions"]] == [2, 1]
    assert data["basic_information"]["employee"]["name"] == {"en": "Alex Chen", "zh": "张敏"}[lang]
    assert [s["role"] for s in data["confirmation"]["signatures"]] == ["employee", "supervisor"]
    assert len(data["follow_up"]) == 3
    assert [s["stage"] for s in data["timing"]] == ["opening", "review", "root_cause", "action_planning", "confirmation"]


def test_the_configured_thresholds_are_the_ones_used_and_shown():
    record = build_demo_record("en", NOW)
    data = json.loads(export.render(record, "json", "en", now=NOW, thresholds={"A": 105, "B": 90, "C": 50}))
    assert data["grade_thresholds"] == {"A": 105.0, "B": 90.0, "C": 50.0}
    assert [(g["achievement_rate"], g["grade"]) for g in data["goals"]] == [
        (100.0, "B"), (62.5, "C"), (102.2, "B"), (None, "C")]


def test_a_blank_rate_says_why_and_an_override_keeps_the_suggestion():
    record = Record(id="abc123", goals=[Goal(name="Tickets", target="abc", actual="5"),
                                        Goal(name="Sales", target="100", actual="90", grade_override="A")])
    blank, overridden = json.loads(export.render(record, "json", "en", now=NOW))["goals"]
    assert blank["achievement_rate"] is None and blank["grade"] is None and blank["suggested_grade"] is None
    assert blank["rate_blank_reason"].startswith("Target: cannot compute a rate from 'abc'")
    assert (overridden["achievement_rate"], overridden["grade"], overridden["suggested_grade"]) == (90.0, "A", "B")
    assert overridden["grade_overridden"] is True and overridden["rate_blank_reason"] is None


def test_the_shareable_record_leaves_the_private_notes_out_and_the_backup_keeps_them(lang):
    record = build_demo_record(lang, NOW)
    assert record.private_notes.strip()
    shared = export.render(record, "json", lang, now=NOW)
    backup = export.render(record, "backup", lang, now=NOW)
    for line in record.private_notes.splitlines():
        assert line.strip() and line not in shared and json.dumps(line, ensure_ascii=False)[1:-1] not in shared
    assert not {"private_notes", "asked_prompts", "checklist"} & keys_anywhere(json.loads(shared))
    assert json.loads(backup)["record"]["private_notes"] == record.private_notes


def keys_anywhere(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in keys_anywhere(item)}
    if isinstance(value, list):
        return {k for item in value for k in keys_anywhere(item)}
    return set()


# --------------------------------------------------------------------------- schemas


def test_every_export_validates_against_the_schema_of_its_format(lang):
    record = build_demo_record(lang, NOW)
    shared = json.loads(export.render(record, "json", lang, now=NOW))
    backup = json.loads(export.render(record, "backup", lang, now=NOW))
    SHARED.validate(shared)
    BACKUP.validate(backup)
    assert not SHARED.is_valid(backup) and not BACKUP.is_valid(shared)  # each names its format
    decoded = SHARED_DECODER.decode(export.render(record, "json", lang, now=NOW))
    assert isinstance(decoded, SharedRecord) and decoded.goals[1].achievement_rate == 62.5


def test_the_shareable_schema_is_generated_from_its_types_and_is_strict():
    schema = shared_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    goal = schema["$defs"]["Goal"]
    assert goal["additionalProperties"] is False and "achievement_rate" in goal["required"]
    assert {"type": "null"} in goal["properties"]["achievement_rate"]["anyOf"]
    assert schema["$defs"]["SharedRecord"]["properties"]["format"] == {"enum": ["perf-tui-record"]}
    data = json.loads(export.render(build_demo_record("en", NOW), "json", "en", now=NOW))
    data["goals"][0]["achievement_rate"] = "100%"
    assert not SHARED.is_valid(data)
    data["goals"][0]["achievement_rate"] = 100.0
    data["private_notes"] = "x"
    assert not SHARED.is_valid(data)  # no field beyond the declared ones


def test_the_schema_command_prints_either_schema_json_by_default(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == shared_schema()
    assert main(["schema", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == shared_schema()
    assert main(["schema", "-f", "backup"]) == 0
    assert json.loads(capsys.readouterr().out) == backup_schema()
    assert main(["schema", "--format", "md"]) == 2
    assert "md" in capsys.readouterr().err


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(accepted_records(), st.sampled_from(["en", "zh"]), st.text(min_size=1, max_size=20))
def test_for_every_record_the_schema_accepts_the_shareable_json_validates_without_the_notes(data, lang, noise):
    marker = "PRIVATE-ZQXJ-7731"  # nothing else in a drawn record can spell it
    data["private_notes"] = f"{noise}{marker}{noise}"
    record = load_session(json.dumps({"format": BACKUP_FORMAT, "record": data}, ensure_ascii=False))
    text = export.render(record, "json", lang, now=NOW)
    assert marker not in text
    SHARED.validate(json.loads(text))
    SHARED_DECODER.decode(text.encode("utf-8"))
    backup = json.loads(export.render(record, "backup", lang, now=NOW))
    BACKUP.validate(backup)
    assert marker in backup["record"]["private_notes"]


# --------------------------------------------------------------------------- import


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "perf_tui", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=60)


def test_import_reads_a_backup_written_by_the_old_format_json(tmp_path: Path):
    old = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert old["format"] == "perf-tui-session" and old["record"]["private_notes"]  # as `-f json` wrote it
    BACKUP.validate(old)
    done = run_cli("import", str(FIXTURE), data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == old["record"]["id"]
    shown = run_cli("export", old["record"]["id"], "--format", "backup", data_dir=tmp_path / "data")
    assert json.loads(shown.stdout)["record"]["private_notes"] == old["record"]["private_notes"]


def test_import_refuses_the_shareable_record_in_one_line_and_a_backup_round_trips(tmp_path: Path):
    data_dir = tmp_path / "data"
    session_id = run_cli("demo", "--no-tui", data_dir=data_dir).stdout.strip()
    shared, backup = tmp_path / "record.json", tmp_path / "record.backup.json"
    assert run_cli("export", session_id, "-f", "json", "-o", str(shared), data_dir=data_dir).returncode == 0
    done = run_cli("import", str(shared), data_dir=data_dir)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"perf-tui: {shared} is not a perf-tui backup: this is a shareable record "
                           "(no private notes), not a backup; export with --format backup\n")
    zh = run_cli("--lang", "zh", "import", str(shared), data_dir=data_dir)
    assert zh.stderr.count("\n") == 1 and "请用 --format backup 导出" in zh.stderr
    assert run_cli("export", session_id, "-f", "backup", "-o", str(backup), data_dir=data_dir).returncode == 0
    done = run_cli("import", "--new-id", str(backup), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    copy = run_cli("export", done.stdout.strip(), "-f", "backup", data_dir=data_dir).stdout
    original = json.loads(backup.read_text(encoding="utf-8"))["record"]
    restored = json.loads(copy)["record"]
    assert restored.pop("id") != original.pop("id")
    assert restored == original


def test_a_lone_surrogate_in_typed_text_is_written_as_its_json_escape():
    # No file can bring one in (the schema refuses it), but code can: the export must not fail.
    record = Record(id="abc123", employee=Person("Al\ud800ex"), goals=[Goal(name="x\udfff", target="10", actual="5")])
    text = export.render(record, "json", "en", now=NOW)
    assert text.isascii() and "\\ud800" in text
    data = json.loads(text)
    assert data["basic_information"]["employee"]["name"] == "Al\ud800ex" and data["goals"][0]["achievement_rate"] == 50.0
    SHARED.validate(data)


def test_the_schema_command_into_a_closed_pipe_is_one_line(tmp_path: Path):
    # `perf-tui schema | head -c0`: the reader is gone before anything is written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-m", "perf_tui", "--data-dir", str(tmp_path / "data"), "schema"],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "standard output was closed" in done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
