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
from pathlib import Path

import pytest

from perf_tui.clock import iso
from perf_tui.model import new_record
from perf_tui.store import ReadOnlySession, SessionLocked, open_repository

HOLDER = """
import sys
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
