"""Session storage behind a small repository interface. No Textual here.

Screens and the CLI use only the names below; the engine underneath (crash-safe TinyDB files, the
summary index, locks, backups, migrations) can change without touching them.

Opening and reading
    repo = open_repository(data_dir)            # creates the folder 0700, cleans leftover temp files
    repo.list() -> list[Summary]                # newest first, from the index (fast at 10,000)
    repo.get(id) -> Record                      # SessionNotFound / SessionDamaged
    repo.problems -> list[StoreProblem]         # damaged files moved aside, unreadable files: show str(p)
    repo.unreadable() -> list[UnreadableFile]   # session files the last list() could not read (links, ...)
    repo.read_only                              # the data folder cannot be written: changes raise ReadOnlyFolder
    repo.drain_problems()                       # the same, each returned once
Writing (usually through the Autosaver, never on the UI thread for keystrokes)
    repo.create(record) -> record;  repo.save(record, backup=False);  repo.save_snapshot(dict)
    repo.delete(id) (to the trash);  repo.trash() -> list[Summary];  repo.restore(id);  repo.purge(id)
    repo.backups(id) -> list[BackupInfo];  repo.restore_backup(id, name) -> Record
    repo.import_record(data, new_id=False) -> Record   # SessionExists on an id clash
    repo.close()
One writer per session
    lease = repo.acquire(id)                    # SessionLocked(.owner: pid, host, since) if open elsewhere
    lease = repo.acquire(id, read_only=True)    # never raises; save() then raises ReadOnlySession
    lease.release()  (or `with repo.acquire(id): ...`)
Autosave (perf_tui.store.autosave; see its docstring for the threading)
    saver = Autosaver(repo, delay=1.0, on_status=callback)   # callback(SaveStatus) from a worker thread
    saver.changed(record); saver.flush(backup=True); saver.close()
Backup format (the json exporter and `perf-tui import`)
    dump_session(record) -> str;  load_session(text) -> Record   # InvalidSessionData on bad input

Every error is a StoreError whose str() is one translated line for the user.
Names are loaded lazily (PEP 562) so that importing perf_tui.store costs nothing until used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "open_repository": "repository",
    "Repository": "repository",
    "Summary": "summary",
    "StoreProblem": "quarantine",
    "BackupInfo": "backups",
    "Lease": "locks",
    "Autosaver": "autosave",
    "SaveStatus": "autosave",
    "dump_session": "backup_format",
    "load_session": "backup_format",
    "record_from_data": "backup_format",
    "StoreError": "errors",
    "SessionNotFound": "errors",
    "SessionExists": "errors",
    "SessionDamaged": "errors",
    "DamagedFile": "errors",
    "SessionLocked": "errors",
    "LockOwner": "errors",
    "ReadOnlySession": "errors",
    "ReadOnlyFolder": "errors",
    "UnreadableFile": "errors",
    "NewerSchema": "errors",
    "SaveFailed": "errors",
    "InvalidSessionData": "errors",
    "BackupNotFound": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'perf_tui.store' has no attribute {name!r}")
    value = getattr(import_module(f"perf_tui.store.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from perf_tui.store.autosave import Autosaver, SaveStatus
    from perf_tui.store.backup_format import dump_session, load_session, record_from_data
    from perf_tui.store.backups import BackupInfo
    from perf_tui.store.errors import (
        BackupNotFound,
        DamagedFile,
        InvalidSessionData,
        LockOwner,
        NewerSchema,
        ReadOnlyFolder,
        ReadOnlySession,
        SaveFailed,
        SessionDamaged,
        SessionExists,
        SessionLocked,
        SessionNotFound,
        StoreError,
        UnreadableFile,
    )
    from perf_tui.store.locks import Lease
    from perf_tui.store.quarantine import StoreProblem
    from perf_tui.store.repository import Repository, open_repository
    from perf_tui.store.summary import Summary
