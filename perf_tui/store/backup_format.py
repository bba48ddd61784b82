"""The JSON backup/export format of one session, and reading it back.

    {"format": "perf-tui-session", "schema_version": N, "record": <Record.to_dict()>}

`dump_session` writes it (the json exporter uses it), `load_session` reads it (the CLI's import), and
`load_session(dump_session(r)) == r` for every record. `record_from_data` accepts the parsed format
or a bare record dict (for example the content of a session file) and validates and migrates it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from perf_tui.i18n import t
from perf_tui.model import SCHEMA_VERSION, Record
from perf_tui.store.errors import InvalidSessionData
from perf_tui.store.migrations import migrate, stored_version

FORMAT = "perf-tui-session"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# Fields whose JSON type must be right for the record to load at all.
_LISTS = ("goals", "achievements", "problems", "actions", "key_events", "amendments", "asked_prompts")
_OBJECTS = ("employee", "supervisor", "timing", "confirmation", "stage_notes", "checklist")


def dump_session(record: Record) -> str:
    envelope = {"format": FORMAT, "schema_version": record.schema_version, "record": record.to_dict()}
    return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"


def load_session(text: str) -> Record:
    """The record in `text` (the export format). Raises InvalidSessionData with one clear line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidSessionData(t("store.invalid.not_json", line=exc.lineno, column=exc.colno)) from exc
    return record_from_data(data)


def record_from_data(data: Any) -> Record:
    """Validate, migrate and build a Record from the export format or a bare record dict."""
    if not isinstance(data, dict):
        raise InvalidSessionData(t("store.invalid.not_object"))
    if "format" in data:
        if data.get("format") != FORMAT:
            raise InvalidSessionData(t("store.invalid.format", found=str(data.get("format"))))
        record_data = data.get("record")
        if not isinstance(record_data, dict):
            raise InvalidSessionData(t("store.invalid.no_record"))
        if "schema_version" not in record_data and "schema_version" in data:
            record_data = dict(record_data, schema_version=data["schema_version"])
    else:
        record_data = data
    return record_from_stored(record_data)


def record_from_stored(record_data: dict[str, Any]) -> Record:
    """A Record from a stored dict of any known (or newer) schema version."""
    check_shape(record_data)
    migrated = migrate(record_data) if stored_version(record_data) < SCHEMA_VERSION else record_data
    try:
        return Record.from_dict(migrated)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise InvalidSessionData(t("store.invalid.shape", detail=str(exc))) from exc


def check_shape(data: dict[str, Any]) -> None:
    session_id = data.get("id")
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise InvalidSessionData(t("store.invalid.id", found=str(session_id)))
    for name in _LISTS:
        if name in data and not isinstance(data[name], list):
            raise InvalidSessionData(t("store.invalid.field", field=name, kind="list"))
        if name in data and name != "asked_prompts" and not all(isinstance(x, dict) for x in data[name]):
            raise InvalidSessionData(t("store.invalid.field", field=name, kind="list of objects"))
    for name in _OBJECTS:
        if name in data and not isinstance(data[name], dict):
            raise InvalidSessionData(t("store.invalid.field", field=name, kind="object"))
