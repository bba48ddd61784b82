"""Rotating backups per session: backups/<id>/<YYYYmmddTHHMMSS>-<n>.json, the newest few kept.

A backup is taken at most once per `min_interval` while typing (so autosave stays cheap: one extra
write a minute) and whenever the caller forces one (stage change, before a restore). Each backup is a
session file in the same TinyDB layout, written crash-safely.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from perf_tui.clock import Clock
from perf_tui.locations import ensure_private_dir
from perf_tui.signing import version_status
from perf_tui.store.atomic_storage import remove_stale_temp_files
from perf_tui.store.errors import DamagedFile
from perf_tui.store.tinyfiles import RECORD_TABLE, read_document, write_document

KEEP = 5
MIN_INTERVAL = timedelta(minutes=1)
_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    name: str  # pass to Repository.restore_backup
    taken_at: str  # ISO 8601 (from the name), for display
    size: int
    status: str = ""  # signing.DRAFT / IN_PROGRESS / SIGNED, or DAMAGED when it cannot be read


DAMAGED = "damaged"


def _is_backup(name: str) -> bool:
    return name.endswith(".json") and not name.startswith(".")


def _taken_at(name: str) -> datetime | None:
    try:
        return datetime.strptime(name.split("-")[0], _STAMP)
    except ValueError:
        return None


class Backups:
    def __init__(self, folder: Path, clock: Clock, *, keep: int = KEEP,
                 min_interval: timedelta = MIN_INTERVAL) -> None:
        self.folder = folder
        self.clock = clock
        self.keep = keep
        self.min_interval = min_interval
        self._last_taken: dict[str, datetime] = {}

    def session_folder(self, session_id: str) -> Path:
        return self.folder / session_id

    def names(self, session_id: str) -> list[str]:
        """Newest first."""
        try:
            names = [n for n in os.listdir(self.session_folder(session_id)) if _is_backup(n)]
        except FileNotFoundError:
            return []
        return sorted(names, reverse=True)

    def list(self, session_id: str) -> list[BackupInfo]:
        # Temp files of a writer killed mid-backup are cleaned here and before the first backup a
        # process takes, not at start-up: that would mean one listdir per session.
        remove_stale_temp_files(self.session_folder(session_id))
        out = []
        for name in self.names(session_id):
            taken = _taken_at(name)
            try:
                size = (self.session_folder(session_id) / name).stat().st_size
            except FileNotFoundError:
                continue
            out.append(BackupInfo(name=name, taken_at=taken.isoformat() if taken else "", size=size,
                                  status=self._status(session_id, name)))
        return out

    def _status(self, session_id: str, name: str) -> str:
        """Draft, in progress or signed: read from the version itself (at most KEEP small files),
        so that the versions list can show which ones a signed session may go back to."""
        try:
            data = self.read(session_id, name)
        except (DamagedFile, OSError):
            return DAMAGED
        return version_status(data) if isinstance(data, dict) else DAMAGED

    def due(self, session_id: str, now: datetime) -> bool:
        last = self._last_taken.get(session_id)
        if last is None:
            return True
        return abs(now - last) >= self.min_interval

    def maybe_take(self, session_id: str, document: dict[str, Any], *, force: bool = False) -> str | None:
        """Take a backup if one is due (or forced); returns its name."""
        now = self.clock()
        if not force and not self.due(session_id, now):
            return None
        folder = ensure_private_dir(self.session_folder(session_id))
        if session_id not in self._last_taken:
            remove_stale_temp_files(folder)
        name = self._free_name(session_id, now)
        write_document(folder / name, RECORD_TABLE, document)
        self._last_taken[session_id] = now
        self._prune(session_id)
        return name

    def _free_name(self, session_id: str, now: datetime) -> str:
        prefix = now.strftime(_STAMP)
        numbers = [n[len(prefix) + 1: -len(".json")] for n in self.names(session_id)
                   if n.startswith(prefix + "-")]
        used = [int(n) for n in numbers if n.isdigit()]
        return f"{prefix}-{max(used) + 1 if used else 0:03d}.json"

    def _prune(self, session_id: str) -> None:
        for name in self.names(session_id)[self.keep:]:
            try:
                os.unlink(self.session_folder(session_id) / name)
            except FileNotFoundError:
                pass

    def read(self, session_id: str, name: str) -> dict[str, Any] | None:
        if "/" in name or name.startswith(".") or not _is_backup(name):
            return None
        return read_document(self.session_folder(session_id) / name, RECORD_TABLE)
