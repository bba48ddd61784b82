"""TinyDB-backed repository: one TinyDB file per session.

FIRST VERSION (issue 2): plain TinyDB JSONStorage; issue 3 hardens it (atomic writes, index,
locks, backups, quarantine) behind the same methods.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tinydb import TinyDB

from perf_tui import locations
from perf_tui.model import Record
from perf_tui.store.errors import SessionNotFound, StoreError
from perf_tui.store.summary import Summary

_TABLE = "record"


class Repository:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.sessions = locations.ensure_private_dir(locations.sessions_dir(self.root))
        self.trash_folder = locations.ensure_private_dir(locations.trash_dir(self.root))

    # -- helpers
    def _path(self, session_id: str, folder: Path | None = None) -> Path:
        if not session_id or "/" in session_id or session_id.startswith("."):
            raise SessionNotFound(session_id)
        return (folder or self.sessions) / f"{session_id}.json"

    def _write(self, path: Path, record: Record) -> None:
        old_umask = os.umask(0o077)
        try:
            with TinyDB(path) as db:
                table = db.table(_TABLE)
                table.truncate()
                table.insert(record.to_dict())
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
        finally:
            os.umask(old_umask)

    def _read(self, path: Path, session_id: str) -> Record:
        if not path.exists():
            raise SessionNotFound(session_id)
        with TinyDB(path) as db:
            rows = db.table(_TABLE).all()
        if not rows:
            raise StoreError(f"{path} holds no session")
        return Record.from_dict(dict(rows[0]))

    # -- the interface
    def create(self, record: Record) -> Record:
        self._write(self._path(record.id), record)
        return record

    def get(self, session_id: str) -> Record:
        return self._read(self._path(session_id), session_id)

    def save(self, record: Record) -> None:
        self._write(self._path(record.id), record)

    def list(self) -> list[Summary]:
        out = []
        for path in sorted(self.sessions.glob("*.json")):
            out.append(Summary.from_record(self._read(path, path.stem)))
        return sorted(out, key=lambda s: (s.date, s.updated_at), reverse=True)

    def delete(self, session_id: str) -> None:
        src = self._path(session_id)
        if not src.exists():
            raise SessionNotFound(session_id)
        shutil.move(src, self._path(session_id, self.trash_folder))

    def trash(self) -> list[Summary]:
        return [Summary.from_record(self._read(p, p.stem)) for p in sorted(self.trash_folder.glob("*.json"))]

    def restore(self, session_id: str) -> None:
        src = self._path(session_id, self.trash_folder)
        if not src.exists():
            raise SessionNotFound(session_id)
        shutil.move(src, self._path(session_id))

    def close(self) -> None:
        pass


def open_repository(root: Path) -> Repository:
    locations.ensure_private_dir(Path(root))
    return Repository(Path(root))
