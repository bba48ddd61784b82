"""One writer per session: an OS lock on a separate lock file, plus who holds it.

locks/<id>.lock is locked with fcntl.flock (never the data file itself); locks/<id>.owner beside it
says who holds it (pid, host, since) so that a second copy of the app can tell the user. The kernel
drops a flock when its process dies, so a lock left by a killed app is simply free again. If the OS
lock is still held but the owner file names a process that no longer exists on this host (the lock
file descriptor leaked into a child, say), the lock file is replaced and the lock taken over.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from pathlib import Path

from perf_tui.store.atomic_storage import FILE_MODE, atomic_write_bytes, pid_alive
from perf_tui.store.errors import LockOwner, SessionLocked


def read_owner(owner_path: Path) -> LockOwner | None:
    try:
        data = json.loads(owner_path.read_text(encoding="utf-8"))
        return LockOwner(pid=int(data["pid"]), host=str(data["host"]), since=str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_dead_here(owner: LockOwner | None) -> bool:
    return owner is not None and owner.host == socket.gethostname() and not pid_alive(owner.pid)


class FileLock:
    """A non-blocking exclusive flock on `path`, robust against the file being replaced meanwhile."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            if self._still_the_file(fd):
                self.fd = fd
                return True
            os.close(fd)  # someone replaced the lock file between open and flock: try the new one
        return False

    def try_acquire_blocking(self, timeout: float = 2.0) -> bool:
        """Wait up to `timeout` for the lock; False if it stayed busy (the caller goes on unlocked)."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def _still_the_file(self, fd: int) -> bool:
        try:
            return os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)


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
        owner = self.owner(session_id)
        if _is_dead_here(owner):
            try:
                os.unlink(lock.path)  # the holder's fd still locks the old inode; ours is a new one
            except FileNotFoundError:
                pass
            if lock.try_acquire():
                return lock
            owner = self.owner(session_id)
        raise SessionLocked(session_id, owner)

    def write_owner(self, session_id: str) -> LockOwner:
        me = LockOwner(pid=os.getpid(), host=socket.gethostname(), since=self._now_iso())
        payload = json.dumps({"pid": me.pid, "host": me.host, "since": me.since}).encode()
        atomic_write_bytes(self.owner_path(session_id), payload, durable=False)
        return me
