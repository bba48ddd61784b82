"""The JSON backup/export format of one session, and reading it back through the record's schema.

    {"format": "perf-tui-session", "schema_version": N, "record": <Record.to_dict()>}

`dump_session` writes it (`export --format backup`; `--format json` of earlier versions wrote the same),
`load_session` reads it (the CLI's import), and
`load_session(dump_session(r)) == r` for every record. `record_from_data` accepts the parsed format
or a bare record dict (for example the content of a session file); `record_from_stored` reads a
stored record dict; `check_shape` is the repository's check of every file it reads. All of them go
the same way (perf_tui/schema.py): JSON-level checks, the version (a whole number, never guessed),
the old layout's schema and the migration for an older version, the current schema for the result.
A file that does not validate is refused whole with one line naming the first bad field.
"""

from __future__ import annotations

import json
import re
from typing import Any

from perf_tui.i18n import t
from perf_tui.model import SCHEMA_VERSION, SESSION_ID_PATTERN, Record
from perf_tui.schema import SchemaError, check_json_data, decode_json, from_builtins, schema_version_of
from perf_tui.store.errors import InvalidSessionData, NewerSchema
from perf_tui.store.migrations import migrate, validate_layout

FORMAT = "perf-tui-session"
SHAREABLE_FORMAT = "perf-tui-record"  # export.json_record.FORMAT; named here so import needs no exporter
SESSION_ID = re.compile(SESSION_ID_PATTERN)


def dump_session(record: Record) -> str:
    envelope = {"format": FORMAT, "schema_version": record.schema_version, "record": record.to_dict()}
    return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"


def load_session(text: str | bytes) -> Record:
    """The record in `text` (the export format). Raises InvalidSessionData with one clear line."""
    try:
        data = decode_json(text)
    except SchemaError as exc:
        raise InvalidSessionData(str(exc)) from None
    return record_from_data(data)


def record_from_data(data: Any) -> Record:
    """Validate, migrate and build a Record from the export format or a bare record dict, for an
    import: a version newer than this perf-tui's is refused (it could not be saved)."""
    try:
        record_data = _record_in(data)
        check_json_data(record_data)  # paths in errors are the record's: goals[2].target
        if schema_version_of(record_data) > SCHEMA_VERSION:
            raise SchemaError(t("schema.version_newer", found=record_data["schema_version"],
                                current=SCHEMA_VERSION), "schema_version")
        return _build(record_data)
    except SchemaError as exc:
        raise InvalidSessionData(str(exc)) from None


def _record_in(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise SchemaError(t("store.invalid.not_object"))
    if "format" not in data:
        if "record" in data:  # an envelope that lost its name, not a bare record
            raise SchemaError(t("schema.missing"), "format")
        return data
    if data.get("format") == SHAREABLE_FORMAT:  # `export --format json`: a record to share, not a backup
        raise SchemaError(t("store.invalid.shareable"))
    if data.get("format") != FORMAT:
        raise SchemaError(t("store.invalid.format", found=_shown(data.get("format"))))
    record_data = data.get("record")
    if not isinstance(record_data, dict):
        raise SchemaError(t("store.invalid.no_record"))
    if "schema_version" in data:
        outer = schema_version_of(data)
        if "schema_version" not in record_data:
            return dict(record_data, schema_version=outer)
        inner = schema_version_of(record_data)
        if inner != outer:
            raise SchemaError(t("schema.version_mismatch", outer=outer, inner=inner), "schema_version")
    return record_data


def _shown(value: Any) -> str:
    from perf_tui.schema import shown

    return shown(value)


def record_from_stored(record_data: dict[str, Any]) -> Record:
    """A Record from a stored dict of any known (or newer) schema version.

    InvalidSessionData if it does not validate; NewerSchema if it was written by a newer perf-tui
    and does not validate against this one's schema (the file is not damaged: it is left alone)."""
    try:
        check_json_data(record_data)
        version = schema_version_of(record_data)
        if version > SCHEMA_VERSION:
            try:
                return from_builtins(record_data, Record, checked=True)
            except SchemaError:
                raise NewerSchema(str(record_data.get("id", "")), version, SCHEMA_VERSION) from None
        return _build(record_data)
    except SchemaError as exc:
        raise InvalidSessionData(str(exc)) from None


def _build(record_data: dict[str, Any]) -> Record:
    """A Record from checked JSON data of version 0..SCHEMA_VERSION (SchemaError if not valid).
    Every other field has a default; the id has none (without it, this is not a session)."""
    if "id" not in record_data:
        raise SchemaError(t("schema.missing"), "id")
    if schema_version_of(record_data) < SCHEMA_VERSION:
        validate_layout(record_data)
        record_data = migrate(record_data)
    return from_builtins(record_data, Record, checked=True)


def check_shape(data: dict[str, Any]) -> None:
    """Raise InvalidSessionData unless `data` (a stored session) validates in full.

    A record of a newer version is only checked for its id: this version cannot judge the rest,
    and such a file is left as it is (the repository never saves over it)."""
    session_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise InvalidSessionData(t("store.invalid.id", found=_shown(session_id)))
    try:
        check_json_data(data)
        if schema_version_of(data) > SCHEMA_VERSION:
            return
        _build(data)
    except SchemaError as exc:
        raise InvalidSessionData(str(exc)) from None
