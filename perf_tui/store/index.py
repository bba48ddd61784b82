"""The home screen's index: one small Summary per session, so that list() never opens 10,000 files.

index.json is a TinyDB database: table "summaries" (one document per session: the Summary fields plus
"stamp" = [inode, mtime_ns, size] of the session file it was taken from) and table "meta".

The index is a cache that checks itself: `refresh()` compares every session file's stamp (one stat
per file, no read) with the stamp in the index and re-reads only files that differ, appear or vanish.
So an index that is missing, damaged (it is quarantined), left behind by a crash between the session
write and the index write, or written by another copy of the app, is repaired on the next list().

Cost of a save: the session file is written first, then the index entry is updated in memory. The
index file is rewritten at once only when a field the home screen shows changed (employee, period,
type, status, date, supervisor) or a session appeared; typing notes only marks it dirty, and it is
written on the next list() or on close(). An autosave therefore costs the size of one session.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from perf_tui.store.atomic_storage import file_stamp
from perf_tui.store.errors import DamagedFile
from perf_tui.store.summary import Summary
from perf_tui.store.tinyfiles import read_table, write_tables

INDEX_FORMAT = 1
SUMMARIES = "summaries"
META = "meta"
SESSION_SUFFIX = ".json"

Stamp = tuple[int, int, int]
# The fields whose change makes the index worth rewriting now (updated_at changes on every save).
_SHOWN = ("employee", "period", "type", "status", "date", "supervisor")


def shown_fields_differ(a: Summary | None, b: Summary) -> bool:
    return a is None or any(getattr(a, name) != getattr(b, name) for name in _SHOWN)


class SummaryIndex:
    def __init__(self, path: Path, sessions: Path, *,
                 read_summary: Callable[[str], Summary | None],
                 on_damaged: Callable[[Path, DamagedFile], None]) -> None:
        self.path = path
        self.sessions = sessions
        self._read_summary = read_summary
        self._on_damaged = on_damaged
        self._entries: dict[str, tuple[Stamp, Summary]] = {}
        self._loaded_stamp: Stamp | None | bool = False  # False: never loaded
        self._dirty = False

    # ------------------------------------------------------------------ loading

    def _load_if_changed(self) -> None:
        """(Re)read index.json when another process (or nobody yet) wrote it since we last did."""
        stamp = file_stamp(self.path)
        if self._loaded_stamp is not False and stamp == self._loaded_stamp:
            return  # nobody else wrote it; our in-memory entries are current
        try:
            documents = read_table(self.path, SUMMARIES)
        except DamagedFile as exc:
            self._on_damaged(self.path, exc)
            documents = None
        self._entries = dict(self._parse(documents or []))
        self._loaded_stamp = file_stamp(self.path)
        self._dirty = False

    @staticmethod
    def _parse(documents: list[dict]):
        for doc in documents:
            stamp = doc.get("stamp")
            if not (isinstance(stamp, list) and len(stamp) == 3 and "id" in doc):
                continue  # a malformed entry is re-read from its session file by refresh()
            yield str(doc["id"]), (tuple(stamp), Summary.from_dict(doc))

    # ------------------------------------------------------------------ checking against the files

    def _session_stamps(self) -> dict[str, Stamp]:
        stamps: dict[str, Stamp] = {}
        with os.scandir(self.sessions) as entries:
            for entry in entries:
                name = entry.name
                if name[0] == "." or not name.endswith(SESSION_SUFFIX):
                    continue
                try:
                    st = entry.stat()
                except FileNotFoundError:
                    continue
                stamps[name[: -len(SESSION_SUFFIX)]] = (st.st_ino, st.st_mtime_ns, st.st_size)
        return stamps

    def refresh(self) -> None:
        """Bring the index in line with the session files (see the module docstring)."""
        self._load_if_changed()
        stamps = self._session_stamps()
        changed = False
        for session_id in self._entries.keys() - stamps.keys():
            del self._entries[session_id]
            changed = True
        for session_id, stamp in stamps.items():
            entry = self._entries.get(session_id)
            if entry is not None and entry[0] == stamp:
                continue
            summary = self._read_summary(session_id)
            if summary is None:  # damaged and quarantined, or gone meanwhile
                self._entries.pop(session_id, None)
            else:
                self._entries[session_id] = (stamp, summary)
            changed = True
        if changed or self._dirty or self._loaded_stamp is None:
            self.write()

    def summaries(self) -> list[Summary]:
        """All summaries, newest first (meeting date, then last change)."""
        self.refresh()
        out = [summary for _, summary in self._entries.values()]
        out.sort(key=lambda s: (s.date, s.updated_at, s.id), reverse=True)
        return out

    # ------------------------------------------------------------------ updates from the repository

    def saved(self, session_id: str, stamp: Stamp | None, summary: Summary) -> None:
        """A session file was just written: update its entry; write index.json only if worth it."""
        if stamp is None:
            return
        self._load_if_changed()
        previous = self._entries.get(session_id)
        self._entries[session_id] = (stamp, summary)
        if previous is None or shown_fields_differ(previous[1], summary):
            self._write_soon_or_later()
        else:
            self._dirty = True

    def removed(self, session_id: str) -> None:
        self._load_if_changed()
        if self._entries.pop(session_id, None) is not None:
            self._write_soon_or_later()

    def _write_soon_or_later(self) -> None:
        # The session file is already safe; a failed index write must not fail the save. The entry
        # stays in memory and refresh() rewrites the index once the disk takes writes again.
        try:
            self.write()
        except OSError:
            self._dirty = True

    def write(self) -> None:
        documents = [dict(summary.to_dict(), stamp=list(stamp)) for stamp, summary in self._entries.values()]
        write_tables(self.path, {META: [{"format": INDEX_FORMAT, "count": len(documents)}],
                                 SUMMARIES: documents})
        self._loaded_stamp = file_stamp(self.path)
        self._dirty = False

    def flush(self) -> None:
        if self._dirty:
            self.write()
