"""The session repository: one crash-safe TinyDB file per session, an index, locks, backups, trash.

Layout of the data folder (0700; every file 0600):
    sessions/<id>.json      one TinyDB file per session (table "record", document 1)
    index.json              summaries for the home screen (see index.py), a self-checking cache
    trash/<id>.json         deleted sessions, restorable
    backups/<id>/*.json     rotating backups (see backups.py)
    damaged/                files that did not parse, moved aside with a timestamp (quarantine.py)
    locks/<id>.lock|.owner  one writer per session (locks.py)

Links and special files: nothing in the data folder is followed out of it (see atomic_storage.py).
A session file that cannot be read (a link, a folder, no permission, or a file named for another
session) is left where it is and reported: get() raises UnreadableFile, list() leaves it out and
`unreadable()` names it (and `problems` tells each once). A sub-folder that is a link is refused.

A read-only data folder (a read-only disk, or a folder without write permission) opens read-only:
`read_only` is True, nothing is created, moved or chmod-ed, reading works, and every change raises
ReadOnlyFolder.

TinyDB is not thread-safe, yet the app reads from a worker (the home screen's list) while the
autosave writer thread saves: every public method therefore runs under one re-entrant lock, so calls
from several threads are serialised (uncontended, the lock costs well under a microsecond).
"""

from __future__ import annotations

import functools
import os
import threading
import time
from pathlib import Path
from typing import Any

from perf_tui import locations
from perf_tui.clock import Clock, iso, system_clock
from perf_tui.i18n import t
from perf_tui.model import SCHEMA_VERSION, Record, new_id
from perf_tui.signing import SignedState, is_signed, signed_state, unsigning_problem, with_amendments_of
from perf_tui.store.atomic_storage import file_stamp, fsync_dir, remove_stale_temp_files
from perf_tui.store.backup_format import SESSION_ID, check_shape, record_from_data, record_from_stored
from perf_tui.store.backups import BackupInfo, Backups
from perf_tui.store.errors import (
    BackupNotFound,
    DamagedFile,
    InvalidSessionData,
    NewerSchema,
    ReadOnlyFolder,
    ReadOnlySession,
    SaveFailed,
    SessionDamaged,
    SessionExists,
    SessionLocked,
    SessionNotFound,
    SignedRecordProtected,
    StoreError,
    UnreadableFile,
)
from perf_tui.store.index import SummaryIndex
from perf_tui.store.locks import FileLock, Lease, SessionLocks
from perf_tui.store.migrations import migrate, stored_version
from perf_tui.store.quarantine import StoreProblem, move_aside
from perf_tui.store.summary import Summary
from perf_tui.store.tinyfiles import RECORD_TABLE, read_document, write_document


# How long create() waits for the lock of a session that another process is creating.
CREATE_LOCK_WAIT_S = 2.0


def _serialised(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._mutex:
            return method(self, *args, **kwargs)

    return wrapper


class Repository:
    """Sessions in a data folder. See the package docstring for how screens use it."""

    def __init__(self, root: Path, *, clock: Clock = system_clock) -> None:
        self.root = Path(root)
        self.clock = clock
        self._mutex = threading.RLock()
        self.read_only = os.path.isdir(self.root) and not locations.is_writable_folder(self.root)
        folder = self._folder
        if not self.read_only:
            # With its parents, 0700 whatever the umask; the data folder itself may be a link.
            locations.ensure_private_dir(self.root, allow_link=True)
        self.sessions = folder(locations.sessions_dir(self.root))
        self.trash_folder = folder(locations.trash_dir(self.root))
        self.backups_folder = folder(locations.backups_dir(self.root))
        self.quarantine_folder = folder(locations.quarantine_dir(self.root))
        self.locks_folder = folder(locations.locks_dir(self.root))
        if not self.read_only:
            for path in (self.root, self.sessions, self.trash_folder, self.locks_folder):
                remove_stale_temp_files(path)
        self.problems: list[StoreProblem] = []
        self._told: set[tuple[str, str]] = set()  # (file, reason) of unreadable files already in problems
        self._backups = Backups(self.backups_folder, clock)
        self._locks = SessionLocks(self.locks_folder, lambda: iso(self.clock()))
        self._leases: dict[str, Lease] = {}
        self._read_only: dict[str, Lease] = {}
        self._known_stamps: dict[str, tuple[int, int, int] | None] = {}
        # The signed state of each session as last read or written here, valid while its file
        # keeps the stamp in _known_stamps: checking a save against it costs no read.
        self._signed: dict[str, SignedState | None] = {}
        self._index = SummaryIndex(locations.index_file(self.root), self.sessions,
                                   read_summary=self._summary_from_file,
                                   on_damaged=self._index_damaged, read_only=self.read_only)

    def _folder(self, path: Path) -> Path:
        """A sub-folder of the data folder: created 0700 (unless read-only); a link is refused, so
        that nothing is ever written to or read from outside the data folder through it."""
        if os.path.islink(path):
            raise UnreadableFile(path, "link")
        if self.read_only:
            return path
        return locations.ensure_private_dir(path)

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyFolder(self.root)

    # ------------------------------------------------------------------ paths and reading

    def _path(self, session_id: str, folder: Path | None = None) -> Path:
        if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
            raise SessionNotFound(str(session_id))
        return (folder or self.sessions) / f"{session_id}.json"

    def _read_data(self, path: Path, session_id: str) -> dict[str, Any]:
        """The stored dict; a damaged file is quarantined and SessionDamaged raised."""
        try:
            data = read_document(path, RECORD_TABLE)
            if data is not None:
                check_shape(data)  # a file that parses but holds no record is damaged too
        except (DamagedFile, InvalidSessionData) as exc:
            self._quarantine_and_raise(path, session_id, exc)
        if data is None:
            raise SessionNotFound(session_id)
        if data.get("id") != session_id:  # a copy under another name: saving it would overwrite the original
            raise UnreadableFile(path, "other_id", str(data.get("id")))
        return data

    def _quarantine_and_raise(self, path: Path, session_id: str, exc: StoreError):
        error = exc if isinstance(exc, DamagedFile) else DamagedFile(path, getattr(exc, "reason", str(exc)))
        moved_to = self._quarantine(path, error)
        if moved_to is None:
            raise error from exc
        raise SessionDamaged(session_id, moved_to) from exc

    def _summary_from_file(self, session_id: str) -> Summary | None:
        path = self._path(session_id)
        try:
            data = self._read_data(path, session_id)
        except (SessionDamaged, SessionNotFound, DamagedFile):
            return None  # told in problems; UnreadableFile goes on to the index, which names it
        return _summary_of(data)

    # ------------------------------------------------------------------ damaged files

    def _quarantine(self, path: Path, error: DamagedFile | UnreadableFile) -> Path | None:
        """Move a damaged file aside and tell the user; None if it could not be moved (read-only)."""
        try:
            self._require_writable()
            moved_to = move_aside(path, self.quarantine_folder, self.root, self.clock())
        except (OSError, ReadOnlyFolder) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._tell_once(StoreProblem(
                message=t("store.problem.damaged_kept", file=str(path), reason=error.reason, error=reason),
                path=path, reason=error.reason))
            return None
        key = "store.problem.index_damaged" if path.name == locations.index_file(self.root).name else "store.problem.file_damaged"
        self.problems.append(StoreProblem(
            message=t(key, file=str(path), moved_to=str(moved_to), reason=error.reason),
            path=path, moved_to=moved_to, reason=error.reason))
        return moved_to

    def _index_damaged(self, path: Path, error: DamagedFile | UnreadableFile) -> None:
        self._quarantine(path, error)

    def _tell_once(self, problem: StoreProblem) -> None:
        key = (str(problem.path), problem.message)
        if key not in self._told:
            self._told.add(key)
            self.problems.append(problem)

    def _unreadable_problem(self, error: UnreadableFile) -> StoreProblem:
        return StoreProblem(message=str(error), path=error.path, reason=error.reason, kind="unreadable")

    @_serialised
    def unreadable(self) -> list[UnreadableFile]:
        """The session files the last list() found but could not read (see the module docstring),
        by file name; they are left where they are, for the user to fix or remove."""
        return sorted(self._index.unreadable.values(), key=lambda e: e.path.name)

    @_serialised
    def drain_problems(self) -> list[StoreProblem]:
        """The problems found since the last call (for a UI that shows each once)."""
        problems, self.problems = self.problems, []
        return problems

    # ------------------------------------------------------------------ the interface

    @_serialised
    def create(self, record: Record) -> Record:
        """Store a new session (SessionExists if its id is taken, also when another process
        stores it at the same moment: the existence check and the write happen under its lock)."""
        self._require_writable()
        path = self._path(record.id)
        if os.path.lexists(path):
            raise SessionExists(record.id)
        if record.id in self._read_only:
            raise ReadOnlySession(record.id)
        lock = None if record.id in self._leases else self._take_lock_of_new(record.id, path)
        with _HeldLock(lock):
            if os.path.lexists(path):
                raise SessionExists(record.id)
            self._write(record.to_dict(), backup=True, locked=True)
        return record

    def _take_lock_of_new(self, session_id: str, path: Path, wait: float | None = None):
        """The lock of a session about to be created. Held by someone else, it is another process
        storing the same id (an import racing ours; a write takes milliseconds): wait for it, and
        if the session then exists, that is the answer (SessionExists), not "open elsewhere"."""
        deadline = time.monotonic() + (CREATE_LOCK_WAIT_S if wait is None else wait)
        while True:
            try:
                return self._locks.take(session_id)
            except SessionLocked:
                if os.path.lexists(path):
                    raise SessionExists(session_id) from None
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    @_serialised
    def get(self, session_id: str) -> Record:
        """The stored session, migrated to the current schema. Raises SessionNotFound or
        SessionDamaged (the file was quarantined; a backup can be restored)."""
        path = self._path(session_id)
        data = self._read_data(path, session_id)
        self._known_stamps[session_id] = file_stamp(path)
        self._signed[session_id] = signed_state(data)
        try:
            return record_from_stored(data)
        except InvalidSessionData as exc:
            self._quarantine_and_raise(path, session_id, exc)

    @_serialised
    def save(self, record: Record, *, backup: bool = False) -> None:
        """Write the whole record (crash-safe). backup=True also takes a backup now (stage change).

        Raises ReadOnlySession, SessionLocked (another process holds it), NewerSchema, or SaveFailed
        (disk full, read-only folder: worth retrying; the old file is intact)."""
        self._write(record.to_dict(), backup=backup)

    @_serialised
    def save_snapshot(self, data: dict[str, Any], *, backup: bool = False) -> None:
        """save() for a record already turned into a dict (Record.to_dict()); the Autosaver's path."""
        self._write(data, backup=backup)

    @_serialised
    def list(self) -> list[Summary]:
        """Summaries of all sessions, newest first (from the index; damaged files are quarantined,
        unreadable ones reported: see unreadable())."""
        summaries = self._index.summaries()
        for error in self._index.unreadable.values():
            self._tell_once(self._unreadable_problem(error))
        return summaries

    @_serialised
    def delete(self, session_id: str) -> None:
        """Move the session to the trash."""
        src = self._path(session_id)
        with self._write_permission(session_id):
            if not src.exists():
                raise SessionNotFound(session_id)
            self._move(src, self._path(session_id, self.trash_folder))
        self._known_stamps.pop(session_id, None)
        self._signed.pop(session_id, None)
        self._index.removed(session_id)

    @_serialised
    def trash(self) -> list[Summary]:
        """Summaries of the sessions in the trash, newest first."""
        out = []
        for name in sorted(os.listdir(self.trash_folder)):
            if name.startswith(".") or not name.endswith(".json"):
                continue
            session_id = name[: -len(".json")]
            try:
                data = self._read_data(self.trash_folder / name, session_id)
            except (SessionDamaged, SessionNotFound, DamagedFile):
                continue
            except UnreadableFile as exc:
                self._tell_once(self._unreadable_problem(exc))
                continue
            out.append(_summary_of(data))
        return sorted(out, key=lambda s: (s.date, s.updated_at, s.id), reverse=True)

    @_serialised
    def restore(self, session_id: str) -> None:
        """Bring a session back from the trash (SessionExists if one with its id is stored)."""
        self._require_writable()
        src = self._path(session_id, self.trash_folder)
        dst = self._path(session_id)
        self._read_data(src, session_id)  # SessionNotFound, or UnreadableFile for a link: never moved back
        if os.path.lexists(dst):
            raise SessionExists(session_id)
        self._move(src, dst)
        data = self._read_data(dst, session_id)
        self._index.saved(session_id, file_stamp(dst), _summary_of(data))

    @_serialised
    def purge(self, session_id: str) -> None:
        """Delete a session from the trash for good."""
        self._require_writable()
        src = self._path(session_id, self.trash_folder)
        try:
            os.unlink(src)
        except FileNotFoundError:
            raise SessionNotFound(session_id) from None

    @_serialised
    def close(self) -> None:
        """Write the index if only notes changed since it was last written; release all leases."""
        for lease in list(self._leases.values()) + list(self._read_only.values()):
            lease.release()
        try:
            self._index.flush()
        except OSError:
            pass  # the index is a cache; the next start rebuilds what it misses

    # ------------------------------------------------------------------ one writer per session

    @_serialised
    def acquire(self, session_id: str, *, read_only: bool = False) -> Lease:
        """Open `session_id` for writing: returns a Lease (a context manager; release() when done).

        Raises SessionLocked (with .owner: pid, host, since) if another process has it. With
        read_only=True it never raises: the lease's .owner tells who has it, get() works, and save()
        of this session raises ReadOnlySession until the lease is released.
        """
        self._path(session_id)
        if read_only:
            lease = Lease(session_id, read_only=True, owner=self._current_owner(session_id),
                          lock=None, owner_path=None, on_release=self._forget_lease)
            self._read_only[session_id] = lease
            return lease
        if session_id in self._leases:
            return self._leases[session_id]
        self._require_writable()
        lock = self._locks.take(session_id)
        try:
            owner = self._locks.write_owner(session_id)
        except OSError:
            owner = None
        lease = Lease(session_id, read_only=False, owner=owner, lock=lock,
                      owner_path=self._locks.owner_path(session_id), on_release=self._forget_lease)
        self._leases[session_id] = lease
        return lease

    def _current_owner(self, session_id: str):
        if self.read_only:  # no lock file can be made to probe with: the sidecar is all there is
            return self._locks.owner(session_id)
        return self._locks.holder(session_id)

    @_serialised
    def _forget_lease(self, lease: Lease) -> None:
        table = self._read_only if lease.read_only else self._leases
        if table.get(lease.session_id) is lease:
            del table[lease.session_id]

    def _write_permission(self, session_id: str):
        """A context that holds the session's lock for one write, unless we hold a lease already."""
        self._require_writable()
        if session_id in self._read_only:
            raise ReadOnlySession(session_id)
        return _HeldLock(None if session_id in self._leases else self._locks.take(session_id))

    # ------------------------------------------------------------------ writing

    def _write(self, data: dict[str, Any], *, backup: bool, locked: bool = False) -> None:
        """Replace the session's file with `data`. Every write comes here, so this is where a
        signed session is protected: a version that would lose a signature or an amendment
        raises SignedRecordProtected and the file stays as it was."""
        session_id = data.get("id", "")
        path = self._path(session_id)
        if stored_version(data) > SCHEMA_VERSION:
            raise NewerSchema(session_id, stored_version(data), SCHEMA_VERSION)
        with _HeldLock(None) if locked else self._write_permission(session_id):
            problem = unsigning_problem(self._stored_signed_state(session_id, path), data)
            if problem:
                raise SignedRecordProtected(session_id, problem)
            try:
                write_document(path, RECORD_TABLE, data)
            except OSError as exc:
                raise SaveFailed(path, exc) from exc
            stamp = file_stamp(path)
            self._known_stamps[session_id] = stamp
            self._signed[session_id] = signed_state(data)
            self._index.saved(session_id, stamp, Summary.from_record_dict(data))
            self._take_backup(session_id, data, force=backup)

    def _stored_signed_state(self, session_id: str, path: Path) -> SignedState | None:
        """The signed state of the file about to be replaced. Known from the last read or write
        while the file keeps its stamp (one stat); if it changed behind our back it is read, and a
        damaged file is kept in the quarantine rather than silently overwritten."""
        stamp = file_stamp(path)
        if stamp is None:
            return None
        if stamp == self._known_stamps.get(session_id) and session_id in self._signed:
            return self._signed[session_id]
        try:
            data = self._read_data(path, session_id)
        except (SessionDamaged, SessionNotFound, DamagedFile, UnreadableFile):
            # Set aside if it could be; a link is replaced by the file, never written through.
            return None
        return signed_state(data)

    def _take_backup(self, session_id: str, data: dict[str, Any], *, force: bool) -> None:
        try:
            self._backups.maybe_take(session_id, data, force=force)
        except OSError:
            pass  # the session itself is saved; a backup is a bonus and is tried again next time

    @staticmethod
    def _move(src: Path, dst: Path) -> None:
        os.replace(src, dst)
        fsync_dir(dst.parent)
        fsync_dir(src.parent)

    # ------------------------------------------------------------------ backups and import

    @_serialised
    def backups(self, session_id: str) -> list[BackupInfo]:
        """The session's backups, newest first."""
        self._path(session_id)
        return self._backups.list(session_id)

    @_serialised
    def restore_backup(self, session_id: str, backup_name: str) -> Record:
        """Make a backup the current version (the current one is backed up first) and return it.

        A signed session stays signed: a version from before the signatures is refused
        (SignedRecordProtected); a signed version keeps the amendments added after it."""
        path = self._path(session_id)
        self._require_writable()
        try:
            data = self._backups.read(session_id, backup_name)
        except DamagedFile as exc:
            raise BackupNotFound(session_id, backup_name) from exc
        if data is None:
            raise BackupNotFound(session_id, backup_name)
        record = record_from_stored(data)
        record.id = session_id
        stored = self._stored_signed_state(session_id, path)
        restored = record.to_dict()
        if stored is not None:
            if not is_signed(restored):
                raise SignedRecordProtected(session_id, "store.error.signed.restore_unsigned")
            restored = with_amendments_of(restored, stored)
        try:
            current = self.get(session_id)
        except (SessionNotFound, SessionDamaged):
            current = None
        if current is not None and current.schema_version <= SCHEMA_VERSION:
            self._take_backup(session_id, current.to_dict(), force=True)
        self._write(restored, backup=False)
        return Record.from_dict(restored)

    @_serialised
    def import_record(self, data: dict[str, Any] | Record, *, new_id: bool = False) -> Record:
        """Store a session from the backup format (or a bare record dict, or a Record).

        Validates and migrates it. If its id is taken (stored or in the trash) raises SessionExists,
        unless new_id=True: then it is stored under a fresh id. Returns the stored record."""
        self._require_writable()
        record = data if isinstance(data, Record) else record_from_data(data)
        if self._id_taken(record.id):
            if not new_id:
                raise SessionExists(record.id)
            record.id = _fresh_id(self._id_taken)
        try:
            self.create(record)
        except SessionExists:
            if not new_id:
                raise
            record.id = _fresh_id(self._id_taken)  # another process took the id meanwhile
            self.create(record)
        return record

    def _id_taken(self, session_id: str) -> bool:
        return (os.path.lexists(self._path(session_id))
                or os.path.lexists(self._path(session_id, self.trash_folder)))


def _summary_of(data: dict[str, Any]) -> Summary:
    """The summary of a stored dict of any schema version (older layouts name fields differently)."""
    if stored_version(data) < SCHEMA_VERSION:
        data = migrate(data)
    return Summary.from_record_dict(data)


class _HeldLock:
    def __init__(self, lock: FileLock | None) -> None:
        self.lock = lock

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> None:
        if self.lock is not None:
            self.lock.release()


def _fresh_id(taken) -> str:
    while True:
        candidate = new_id()
        if not taken(candidate):
            return candidate


def open_repository(root: Path, *, clock: Clock = system_clock) -> Repository:
    """The repository in data folder `root` (created 0700 if missing; leftover temp files removed)."""
    return Repository(Path(root), clock=clock)
