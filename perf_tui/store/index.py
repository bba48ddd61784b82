"""The home screen's index: one Summary per session, so that list() never opens 10,000 files.

index.json is a TinyDB database: table "meta" (format, the sessions folder's mtime when the index was
written) and table "summaries" holding one column-oriented document:
    {"columns": ["id", ..., "ino", "mtime_ns", "size"], "rows": [[...], ...]}
Column-oriented because JSON arrays parse three to four times faster than one object per session,
which is most of list()'s cost at 10,000 sessions. Each row ends with the stamp (inode, mtime_ns,
size) of the session file it was taken from; every save replaces the file, so the stamp changes.

The index is a cache that checks itself:
- Fast path: the sessions folder's mtime (changed by every save, create, delete) still equals the one
  recorded when the index was written, and the index was written clearly later than that (the racy
  case of a change within the same clock tick is treated as changed): the index is exact.
- Otherwise one stat per session file: files whose stamp differs, new files and vanished files are
  re-read / dropped, and the index is rewritten. So an index that is missing, damaged (quarantined),
  left behind by a crash between the session write and the index write, or written by another copy of
  the app is repaired on the next list().

Cost of a save: the session file is written first, then the entry is updated in memory. index.json
is rewritten at once only when a field the home screen shows changed or a session appeared or
vanished; typing notes only marks it dirty, and it is written on the next list() or on close(). An
autosave therefore costs the size of one session. Index writes from several processes are serialised
by a lock file and merged (a writer that finds the file changed re-reads it and re-applies its own
changes), so one process cannot silently drop another's shown fields.

Session files that cannot be read (a symbolic link, a folder, a special file, no permission) are not
left out silently: `unreadable` names them after each refresh. While there are any, the fast path is
not taken (their permissions can change without the folder's mtime changing), so each list() retries
them; they are rare, and the cost is one stat per session.

In a read-only data folder (read_only=True) the index is built in memory and never written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

from perf_tui.store.atomic_storage import AtomicJSONStorage, file_stamp
from perf_tui.store.errors import DamagedFile, UnreadableFile
from perf_tui.store.locks import FileLock
from perf_tui.store.summary import Summary
from perf_tui.store.tinyfiles import write_tables

INDEX_FORMAT = 2
SUMMARIES = "summaries"
META = "meta"
SESSION_SUFFIX = ".json"
COLUMNS = list(Summary._fields) + ["ino", "mtime_ns", "size"]
_WIDTH = len(Summary._fields)
# A folder change within this long of the index write may share its clock tick: do not trust it.
RACY_NS = 50_000_000

Stamp = tuple[int, int, int]
_SHOWN = ("employee", "period", "type", "status", "date", "supervisor")


def shown_fields_differ(a: Summary | None, b: Summary) -> bool:
    return a is None or any(getattr(a, name) != getattr(b, name) for name in _SHOWN)


class SummaryIndex:
    def __init__(self, path: Path, sessions: Path, *,
                 read_summary: Callable[[str], Summary | None],
                 on_damaged: Callable[[Path, DamagedFile | UnreadableFile], None],
                 read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        # Session files found but not readable, by id, as of the last refresh (see the docstring).
        self.unreadable: dict[str, UnreadableFile] = {}
        self._recorded_unreadable = 0  # how many the index file says it could not read
        self.sessions = sessions
        self._read_summary = read_summary
        self._on_damaged = on_damaged
        self._lock_path = path.with_suffix(".lock")
        # id -> row (the Summary fields, then the stamp); built from _rows only when needed, because
        # list() at start-up needs just the rows, already in order.
        self._entry_map: dict[str, list] | None = {}
        self._rows: list[list] = []
        self._sorted: list[Summary] | None = None  # list()'s answer while nothing changed
        self._loaded = False
        self._loaded_stamp: Stamp | None = None  # index.json as we last read or wrote it
        self._recorded_dir_mtime = 0  # the sessions folder's mtime the index vouches for
        self._stored_order: list[Summary] = []
        self._changed_ids: set[str] = set()  # changed here since the index file was last written
        self._dirty = False

    # ------------------------------------------------------------------ loading

    def _load_if_changed(self) -> None:
        """(Re)read index.json when nobody in this process has, or another process wrote it since."""
        stamp = file_stamp(self.path)
        if self._loaded and stamp == self._loaded_stamp:
            return
        mine = {sid: self._entries.get(sid) for sid in self._changed_ids}
        try:
            rows, dir_mtime = self._read_file()
        except (DamagedFile, UnreadableFile) as exc:  # e.g. a folder or a link named index.json
            self._on_damaged(self.path, exc)
            rows, dir_mtime = [], 0
            self._recorded_unreadable = 0
        self._rows, self._entry_map = rows, None
        if mine:
            entries = self._entries
            for sid, entry in mine.items():  # our own changes win over what we just read
                if entry is None:
                    entries.pop(sid, None)
                else:
                    entries[sid] = entry
        # Rows are written newest first, so a freshly read index needs no sort (unless merged).
        self._sorted = None if mine else self._stored_order
        self._loaded_stamp = file_stamp(self.path)  # None if it was damaged and moved aside
        self._recorded_dir_mtime = dir_mtime if self._loaded_stamp is not None else 0
        self._loaded = True

    @property
    def _entries(self) -> dict[str, list]:
        if self._entry_map is None:
            self._entry_map = {row[0]: row for row in self._rows}
        return self._entry_map

    def _read_file(self) -> tuple[list[list], int]:
        tables = AtomicJSONStorage(self.path).read()  # one parse for both tables
        if tables is None:
            self._stored_order = []
            return [], 0
        try:
            info = next(iter(tables[META].values()))
            (doc,) = tables[SUMMARIES].values()
            ok = info["format"] == INDEX_FORMAT and doc["columns"] == COLUMNS
            rows = doc["rows"]
        except (KeyError, TypeError, ValueError, AttributeError, StopIteration):
            ok = False
        if not ok or not isinstance(rows, list):
            raise DamagedFile(self.path, "not a perf-tui index")
        width = len(COLUMNS)
        # Rows are stored newest first, so the loaded order is the list() order.
        rows = [row for row in rows if type(row) is list and len(row) == width]
        new = tuple.__new__  # Summary._make without its per-row length check: rows were checked above
        self._stored_order = [new(Summary, row[:_WIDTH]) for row in rows]
        unreadable = info.get("unreadable", 0)
        self._recorded_unreadable = unreadable if type(unreadable) is int else 1
        return rows, int(info.get("sessions_mtime_ns", 0) or 0)

    # ------------------------------------------------------------------ checking against the files

    def _dir_mtime(self) -> int:
        try:
            return os.stat(self.sessions).st_mtime_ns
        except FileNotFoundError:  # a read-only data folder that never had a sessions folder
            return 0

    def _trustworthy(self) -> bool:
        if not self._loaded_stamp or self._recorded_dir_mtime != self._dir_mtime():
            return False
        if self._recorded_unreadable or self.unreadable:
            return False
        index_mtime = self._loaded_stamp[1]
        return index_mtime - self._recorded_dir_mtime > RACY_NS

    def _session_stamps(self, unreadable: dict[str, UnreadableFile]) -> dict[str, Stamp]:
        """The stamp of every regular session file; links, folders and special files go to
        `unreadable` instead (never followed, never read)."""
        stamps: dict[str, Stamp] = {}
        if self.read_only and not os.path.isdir(self.sessions):
            return stamps
        with os.scandir(self.sessions) as entries:
            for entry in entries:
                name = entry.name
                if name[0] == "." or not name.endswith(SESSION_SUFFIX):
                    continue
                session_id = name[: -len(SESSION_SUFFIX)]
                try:
                    st = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    kind = "link" if stat.S_ISLNK(st.st_mode) else "folder" if stat.S_ISDIR(st.st_mode) else "special"
                    unreadable[session_id] = UnreadableFile(Path(entry.path), kind)
                    continue
                stamps[session_id] = (st.st_ino, st.st_mtime_ns, st.st_size)
        return stamps

    def refresh(self) -> None:
        """Bring the index in line with the session files (see the module docstring)."""
        self._load_if_changed()
        if self._trustworthy() and not self._dirty:
            return
        unreadable: dict[str, UnreadableFile] = {}
        stamps = self._session_stamps(unreadable)
        for session_id in self._entries.keys() - stamps.keys():
            del self._entries[session_id]
            self._changed_ids.add(session_id)
        for session_id, stamp in stamps.items():
            entry = self._entries.get(session_id)
            if entry is not None and tuple(entry[_WIDTH:]) == stamp:
                continue
            self._changed_ids.add(session_id)
            try:
                summary = self._read_summary(session_id)
            except UnreadableFile as exc:
                unreadable[session_id] = exc
                summary = None
            if summary is None:  # damaged and quarantined, unreadable, or gone meanwhile
                self._entries.pop(session_id, None)
            else:
                self._entries[session_id] = [*summary, *stamp]
        self.unreadable = unreadable
        self._sorted = None
        self._write_quietly()

    def summaries(self) -> list[Summary]:
        """All summaries, newest first (meeting date, then last change)."""
        self.refresh()
        if self._sorted is None:
            self._sorted = self._sort([Summary._make(row[:_WIDTH]) for row in self._entries.values()])
        return list(self._sorted)

    @staticmethod
    def _sort(summaries: list[Summary]) -> list[Summary]:
        summaries.sort(key=Summary.sort_key, reverse=True)
        return summaries

    # ------------------------------------------------------------------ updates from the repository

    def saved(self, session_id: str, stamp: Stamp | None, summary: Summary) -> None:
        """A session file was just written. Until the index is loaded there is nothing to do: the
        next refresh() sees the changed file. After, update the entry; write only if worth it."""
        if not self._loaded or stamp is None:
            return
        previous = self._entries.get(session_id)
        self._entries[session_id] = [*summary, *stamp]
        self._changed_ids.add(session_id)
        self._dirty = True
        self._sorted = None
        if previous is None or shown_fields_differ(Summary._make(previous[:_WIDTH]), summary):
            self._write_quietly()

    def removed(self, session_id: str) -> None:
        if not self._loaded:
            return
        if self._entries.pop(session_id, None) is not None:
            self._sorted = None
            self._changed_ids.add(session_id)
            self._dirty = True
            self._write_quietly()

    def _write_quietly(self) -> None:
        # The session file is already safe; a failed index write must not fail the save. The entry
        # stays in memory and the index is repaired by a later refresh().
        try:
            self.write()
        except OSError:
            self._dirty = True

    def write(self) -> None:
        if self.read_only:
            return
        lock = FileLock(self._lock_path, short_lived=True)
        held = lock.try_acquire_blocking()
        try:
            self._load_if_changed()  # merge what another process wrote meanwhile
            dir_mtime = self._dir_mtime()
            if self._sorted is None:
                self._sorted = self._sort([Summary._make(r[:_WIDTH]) for r in self._entries.values()])
            rows = [self._entries[s.id] for s in self._sorted if s.id in self._entries]
            write_tables(self.path, {
                META: [{"format": INDEX_FORMAT, "count": len(rows), "sessions_mtime_ns": dir_mtime,
                        "unreadable": len(self.unreadable)}],
                SUMMARIES: [{"columns": COLUMNS, "rows": rows}],
            })
            self._loaded_stamp = file_stamp(self.path)
            self._recorded_dir_mtime = dir_mtime
            self._recorded_unreadable = len(self.unreadable)
            self._changed_ids.clear()
            self._dirty = False
        finally:
            if held:
                lock.release()

    def flush(self) -> None:
        if self._dirty:
            self.write()
