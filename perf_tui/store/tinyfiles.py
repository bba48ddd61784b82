"""The two TinyDB file layouts the store uses, read and written through `AtomicJSONStorage`.

A session file holds one document (doc_id 1) in the table "record":   {"record": {"1": {...}}}
The index holds one document per session in "summaries" and a format stamp in "meta".
Both are plain TinyDB databases: `TinyDB(path).table("record").all()` opens them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from tinydb import TinyDB
from tinydb.table import Document

from perf_tui.store.atomic_storage import AtomicJSONStorage
from perf_tui.store.errors import DamagedFile

RECORD_TABLE = "record"


def _open(path: Path, durable: bool = True) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, durable=durable)


def write_document(path: Path, table: str, document: dict[str, Any], *, durable: bool = True) -> None:
    """Replace the file with one holding just `document`: one atomic write, no read of the old file."""
    db = _open(path, durable)
    with db.storage.batch(start_empty=True):
        db.table(table).insert(Document(document, doc_id=1))


def read_document(path: Path, table: str) -> dict[str, Any] | None:
    """The single document of `table`, or None when the file does not exist. Raises DamagedFile."""
    db = _open(path)
    raw = db.storage.read()
    if raw is None:
        return None
    rows = raw.get(table)
    if not isinstance(rows, dict) or not rows:
        raise DamagedFile(path, f"no {table!r} table")
    # Straight from what was just read: db.table().get() would read and parse the file again.
    document = rows.get("1")
    if not isinstance(document, dict):
        raise DamagedFile(path, f"no document in the {table!r} table")
    return dict(document)


def write_tables(path: Path, tables: dict[str, Iterable[dict[str, Any]]], *, durable: bool = True) -> None:
    """Replace the file with these tables (documents numbered from 1), in one atomic write."""
    db = _open(path, durable)
    with db.storage.batch(start_empty=True):
        for name, documents in tables.items():
            db.table(name).insert_multiple(documents)
