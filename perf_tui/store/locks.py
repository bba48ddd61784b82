"""One writer per session: an OS lock on a separate lock file, plus a sidecar that says who holds it.

locks/<id>.lock is locked with `filelock` (fcntl.flock on POSIX, msvcrt.locking on Windows; where
neither exists, filelock's soft lock: the file's existence). The data file itself is never locked.
locks/<id>.owner beside it holds the holder's details (pid, host, user, started) so that a second copy
of the app can tell the user who has the session.

Liveness is decided by the OS lock, which the OS drops when its process dies: if the lock can be
taken, whoever held it is gone, whatever the sidecar still says. Only when the lock cannot be taken
is the sidecar consulted, to take over a lock whose holder is known to be dead (a lock descriptor
leaked into a child process, or a soft lock left by a killed process): the holder must be on this
host and its pid must be known not to run. Asking that is safe only on POSIX (signal 0); on Windows
os.kill(pid, 0) would terminate the process, so there a held lock is never taken over (none is needed:
the OS lock is released when the holder dies). A lock held from another host is never taken over.

Soft locks (no OS lock: the lock file's existence is the lock) are not dropped when their holder
dies, so two more rules apply to them only: a soft lock file with no sidecar that is older than
SOFT_LOCK_STALE_S is stale (the holder died between taking the lock and writing the sidecar, or the
file is a flock lock file left by a run that had fcntl), and the index's short-lived lock is stale
after that long whatever the sidecar.

`filelock` is imported on first use: it costs ~10-40 ms to import, and `perf-tui list` with an
up-to-date index takes no lock at all.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import time
import warnings
from pathlib import Path

from perf_tui.store.atomic_storage import FILE_MODE, atomic_write_bytes, pid_alive, read_file_bytes
from perf_tui.store.errors import LockOwner, SessionLocked, StoreError

_filelock = None
SOFT_LOCK_STALE_S = 30.0


def _filelock_module():
    """filelock, imported once; its "only soft file lock is available" warning (no fcntl) is not
    for the user: the soft lock plus the sidecar still keeps one writer per session."""
    global _filelock
    if _filelock is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import filelock

        _filelock = filelock
    return _filelock


def read_owner(owner_path: Path) -> LockOwner | None:
    try:
        payload = read_file_bytes(owner_path)  # never follows a link
        if payload is None:
            return None
        data = json.loads(payload.decode("utf-8"))
        started = data.get("started", data.get("since"))  # "since": written by perf-tui 0.1
        return LockOwner(pid=int(data["pid"]), host=str(data["host"]), since=str(started),
                         user=str(data.get("user") or ""))
    except (OSError, StoreError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container without passwd entry): not needed
        return ""


def holder_is_dead(owner: LockOwner | None) -> bool:
    """True only when the holder is known to be gone: on this host, and its pid known not to run."""
    return owner is not None and owner.host == socket.gethostname() and pid_alive(owner.pid) is False


class FileLock:
    """A non-blocking exclusive lock on `path` through filelock.

    try_acquire() returns False when another holder has it, and also when the lock file cannot be
    made at all (a read-only folder): the callers then go on unlocked or refuse, as they choose.
    The lock is shared by all threads (the autosave thread releases what the UI thread took).
    """

    def __init__(self, path: Path, *, short_lived: bool = False) -> None:
        self.path = Path(path)
        self.short_lived = short_lived  # held for milliseconds (the index): a soft one may go stale
        self._lock = None
        self.error: OSError | None = None  # why the last try_acquire() could not even try

    def _make(self):
        if self._lock is None:
            filelock = _filelock_module()
            self._lock = filelock.FileLock(str(self.path), timeout=0, mode=FILE_MODE, thread_local=False)
        return self._lock

    def try_acquire(self) -> bool:
        self.error = None
        _remove_if_not_a_file(self.path)
        if self._acquire():
            return True
        if self.error is None and self.short_lived and self.soft_and_stale():
            self.break_stale()
            return self._acquire()
        return False

    def _acquire(self) -> bool:
        lock = self._make()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # filelock's "falling back to soft lock" notice
                lock.acquire(timeout=0)
        except _filelock_module().Timeout:
            return False
        except OSError as exc:
            self.error = exc
            return False
        return True

    @property
    def soft(self) -> bool:
        """True when the lock is the file's existence (no OS lock, e.g. no fcntl on this Python)."""
        soft_class = getattr(_filelock_module(), "SoftFileLock", None)
        return soft_class is not None and isinstance(self._make(), soft_class)

    def soft_and_stale(self) -> bool:
        if not self.soft:
            return False
        try:
            return time.time() - os.lstat(self.path).st_mtime > SOFT_LOCK_STALE_S
        except OSError:
            return False

    def break_stale(self) -> None:
        """Remove the lock file of a holder known to be gone; the next acquire makes a new one."""
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def try_acquire_blocking(self, timeout: float = 2.0) -> bool:
        """Wait up to `timeout` for the lock; False if it stayed busy (the caller goes on unlocked)."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if self.error is not None or time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def release(self) -> None:
        if self.held:
            self._lock.release()


def _remove_if_not_a_file(path: Path) -> None:
    """A link planted where a lock file belongs is removed (the link, never what it points to), so
    that taking the lock can never create or open a file outside the data folder."""
    try:
        if os.path.islink(path):
            os.unlink(path)
    except OSError:
        pass


class Lease:
    """The right to write one session, or (read_only=True) a view that may not save.

    Use as a context manager or call release(). A read-only lease's `owner` is whoever holds the
    session for writing (None if nobody did when it was taken).
    """

    def __init__(self, session_id: str, *, read_only: bool, owner: LockOwner | None,
                 lock: FileLock | None, owner_path: Path | None, on_release) -> None:
        self.session_id = session_id
        self.read_only = read_only
        self.owner = owner
        self._lock = lock
        self._owner_path = owner_path
        self._on_release = on_release
        self.released = False

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        if self._lock is not None and self._owner_path is not None:
            try:
                os.unlink(self._owner_path)
            except OSError:
                pass
            self._lock.release()
        self._on_release(self)

    def __enter__(self) -> "Lease":
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writable"
        return f"<Lease {self.session_id} {mode}>"


class SessionLocks:
    """Lock files of one data folder."""

    def __init__(self, folder: Path, now_iso) -> None:
        self.folder = folder
        self._now_iso = now_iso

    def lock_path(self, session_id: str) -> Path:
        return self.folder / f"{session_id}.lock"

    def owner_path(self, session_id: str) -> Path:
        return self.folder / f"{session_id}.owner"

    def owner(self, session_id: str) -> LockOwner | None:
        return read_owner(self.owner_path(session_id))

    def take(self, session_id: str) -> FileLock:
        """Lock `session_id` for writing or raise SessionLocked (taking over a dead owner's lock)."""
        lock = FileLock(self.lock_path(session_id))
        if lock.try_acquire():
            return lock
        if lock.error is not None:
            raise lock.error
        owner = self.owner(session_id)
        if holder_is_dead(owner) or (owner is None and lock.soft_and_stale()):
            # The dead holder's descriptor (or soft lock) keeps the old file; a new file is a new lock.
            lock.break_stale()
            lock = FileLock(lock.path)
            if lock.try_acquire():
                return lock
            owner = self.owner(session_id)
        raise SessionLocked(session_id, owner)

    def holder(self, session_id: str) -> LockOwner | None:
        """Who holds `session_id` now (None if nobody): the lock is probed, the sidecar read only
        when it is held, so a sidecar left by a dead process never names a holder."""
        probe = FileLock(self.lock_path(session_id))
        if probe.try_acquire():
            probe.release()
            return None
        return self.owner(session_id)

    def write_owner(self, session_id: str) -> LockOwner:
        me = LockOwner(pid=os.getpid(), host=socket.gethostname(), since=self._now_iso(), user=_user())
        payload = json.dumps({"pid": me.pid, "host": me.host, "user": me.user, "started": me.since})
        atomic_write_bytes(self.owner_path(session_id), payload.encode("utf-8"), durable=False)
        return me
