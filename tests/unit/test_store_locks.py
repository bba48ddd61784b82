"""One writer per session, across processes: a second copy is told who has the session, may open
it read-only, and takes over a lock left by a dead process."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from perf_tui.clock import iso
from perf_tui.model import new_record
from perf_tui.store import LockOwner, ReadOnlySession, SessionLocked, atomic_storage, locks, open_repository

HOLDER = """
import sys
import time
from perf_tui.store import open_repository
repo = open_repository(sys.argv[1])
lease = repo.acquire(sys.argv[2])
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def holder(data_dir: Path, clock):
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(new_record(now_iso=iso(clock())))
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir), record.id],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield repo, record, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_second_process_is_refused_and_told_who_holds_the_session(holder) -> None:
    repo, record, proc = holder
    with pytest.raises(SessionLocked) as caught:
        repo.acquire(record.id)
    owner = caught.value.owner
    assert owner.pid == proc.pid and owner.host == socket.gethostname() and owner.since
    message = str(caught.value)
    assert str(proc.pid) in message and owner.host in message and "\n" not in message
    with pytest.raises(SessionLocked):  # a one-off save is refused too
        repo.save(record)


def test_read_only_view_can_read_but_not_save(holder) -> None:
    repo, record, proc = holder
    lease = repo.acquire(record.id, read_only=True)
    assert lease.read_only and lease.owner.pid == proc.pid
    assert repo.get(record.id) == record
    with pytest.raises(ReadOnlySession):
        repo.save(record)
    lease.release()


def test_lock_of_a_killed_process_is_taken_over(holder) -> None:
    repo, record, proc = holder
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with repo.acquire(record.id) as lease:
        assert not lease.read_only and lease.owner.pid == os.getpid()
        record.set_notes("opening", "mine now")
        repo.save(record)
    assert repo.get(record.id).notes_for("opening") == "mine now"


def test_lock_still_held_but_owner_dead_on_this_host_is_taken_over(data_dir: Path, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(new_record(now_iso=iso(clock())))
    lock_path = data_dir / "locks" / f"{record.id}.lock"
    leaked = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)  # an fd that leaked, still locked
    fcntl.flock(leaked, fcntl.LOCK_EX)
    (data_dir / "locks" / f"{record.id}.owner").write_text(
        json.dumps({"pid": 999999999, "host": socket.gethostname(), "since": "2024-10-08T14:00:00+08:00"}))
    try:
        other = open_repository(data_dir, clock=clock)
        with other.acquire(record.id) as lease:
            assert lease.owner.pid == os.getpid()
    finally:
        os.close(leaked)


def test_lease_is_released_by_context_and_by_close(data_dir: Path, clock) -> None:
    first = open_repository(data_dir, clock=clock)
    second = open_repository(data_dir, clock=clock)
    record = first.create(new_record(now_iso=iso(clock())))
    with first.acquire(record.id):
        with pytest.raises(SessionLocked):
            second.acquire(record.id)  # flock is per open file, so this holds within one process too
    second.acquire(record.id)
    second.close()
    first.acquire(record.id).release()
    assert not (data_dir / "locks" / f"{record.id}.owner").exists()


def test_the_sidecar_names_pid_host_user_and_start(data_dir: Path, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(new_record(now_iso=iso(clock())))
    with repo.acquire(record.id):
        sidecar = json.loads((data_dir / "locks" / f"{record.id}.owner").read_text(encoding="utf-8"))
        assert sidecar["pid"] == os.getpid() and sidecar["host"] == socket.gethostname()
        assert sidecar["started"] == iso(clock()) and "user" in sidecar
        other = open_repository(data_dir, clock=clock)
        with pytest.raises(SessionLocked) as caught:
            other.acquire(record.id)
        if sidecar["user"]:
            assert caught.value.owner.user == sidecar["user"] and sidecar["user"] in str(caught.value)


def test_a_sidecar_left_by_a_dead_process_names_nobody_when_the_lock_is_free(data_dir: Path, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(new_record(now_iso=iso(clock())))
    (data_dir / "locks" / f"{record.id}.owner").write_text(
        json.dumps({"pid": 999999999, "host": "elsewhere", "user": "x", "started": "2024-10-08T14:00:00+08:00"}))
    lease = repo.acquire(record.id, read_only=True)
    assert lease.owner is None  # the OS lock is free: whoever wrote that is gone
    lease.release()
    with repo.acquire(record.id) as mine:
        assert mine.owner.pid == os.getpid()


def test_a_lock_held_for_another_host_is_never_taken_over(data_dir: Path, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(new_record(now_iso=iso(clock())))
    lock_path = data_dir / "locks" / f"{record.id}.lock"
    held = fcntl_free_lock(lock_path)
    (data_dir / "locks" / f"{record.id}.owner").write_text(
        json.dumps({"pid": 999999999, "host": "another-host.example", "user": "ann",
                    "started": "2024-10-08T14:00:00+08:00"}))
    try:
        with pytest.raises(SessionLocked) as caught:
            repo.acquire(record.id)
        assert caught.value.owner.host == "another-host.example"
        assert "another-host.example" in str(caught.value)
    finally:
        held.release()


def fcntl_free_lock(path: Path):
    """Hold `path` through a second lock object, as another process would (flock is per open file)."""
    lock = locks.FileLock(path)
    assert lock.try_acquire()
    return lock


def test_liveness_never_signals_a_process_where_signal_zero_would_kill_it(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(atomic_storage, "_SIGNAL_ZERO_IS_SAFE", False)  # as on Windows
    monkeypatch.setattr(os, "kill", lambda *args: calls.append(args))
    assert atomic_storage.pid_alive(os.getpid()) is None
    assert not locks.holder_is_dead(LockOwner(pid=999999999, host=socket.gethostname(), since="x"))
    assert calls == []


def test_without_liveness_only_old_temp_files_are_removed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(atomic_storage, "_SIGNAL_ZERO_IS_SAFE", False)
    monkeypatch.setattr(os, "kill", lambda *args: pytest.fail("os.kill called"))
    fresh = tmp_path / ".s.json.999999999.abcd1234.tmp"
    old = tmp_path / ".t.json.999999998.abcd1234.tmp"
    fresh.write_text("x")
    old.write_text("x")
    long_ago = old.stat().st_mtime - atomic_storage.STALE_TEMP_AGE_S - 60
    os.utime(old, (long_ago, long_ago))
    assert atomic_storage.remove_stale_temp_files(tmp_path) == [old]
    assert fresh.exists()


def test_a_stale_soft_lock_of_the_index_does_not_hold_writes_up(data_dir: Path, clock, monkeypatch) -> None:
    """A soft lock (no OS lock) outlives its holder: the index's, held for milliseconds, is stale
    after SOFT_LOCK_STALE_S. (Soft mode is simulated: the lock file is held through flock, as a
    leftover soft lock file would be "held" by its mere existence.)"""
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(new_record(now_iso=iso(clock())))
    index_lock = data_dir / "index.lock"
    leftover = fcntl_free_lock(index_lock)
    long_ago = time.time() - locks.SOFT_LOCK_STALE_S - 60
    os.utime(index_lock, (long_ago, long_ago))
    monkeypatch.setattr(locks.FileLock, "soft", property(lambda self: True))
    stale_inode = index_lock.stat().st_ino
    waits = []
    real_sleep = time.sleep
    monkeypatch.setattr(locks.time, "sleep", lambda s: (waits.append(s), real_sleep(s)))
    assert [s.id for s in repo.list()] == [record.id]
    assert waits == []  # taken at once: no wait for a lock that never frees
    assert index_lock.stat().st_ino != stale_inode  # the stale file was replaced by a new lock
    leftover.release()
    fresh = locks.FileLock(index_lock, short_lived=True)
    os.utime(index_lock, None)  # a young soft lock is respected
    held = locks.FileLock(index_lock)
    assert held.try_acquire()
    assert not fresh.try_acquire()
    held.release()
