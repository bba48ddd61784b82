"""The Autosaver: debounced, one writer thread, flush on demand, failed saves kept and retried."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from perf_tui.clock import iso
from perf_tui.model import Record, new_record
from perf_tui.store import Autosaver, SaveStatus, open_repository
from perf_tui.store.tinyfiles import RECORD_TABLE, read_document


class Monotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Statuses(list):
    def __call__(self, status: SaveStatus) -> None:
        self.append(status)

    def wait_for(self, state: str, timeout: float = 5.0) -> SaveStatus:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [s for s in self if s.state == state]
            if found:
                return found[-1]
            time.sleep(0.01)
        raise AssertionError(f"no {state} status in {self!r}")


@pytest.fixture
def repo(data_dir: Path, clock):
    repository = open_repository(data_dir, clock=clock)
    yield repository
    repository.close()


@pytest.fixture
def record(repo, clock) -> Record:
    return repo.create(new_record(now_iso=iso(clock())))


def on_disk(repo, record) -> str:
    data = read_document(repo.sessions / f"{record.id}.json", RECORD_TABLE)
    return data["stage_notes"].get("opening", "")


def test_saves_only_after_the_delay_since_the_last_change(repo, record) -> None:
    clock, statuses = Monotonic(), Statuses()
    saver = Autosaver(repo, delay=1.0, on_status=statuses, clock=clock)
    try:
        for text in ("H", "He", "Hel"):
            record.set_notes("opening", text)
            saver.changed(record)
            clock.now += 0.6  # typing: never 1 s without a key
            time.sleep(0.1)
        assert on_disk(repo, record) == "" and saver.has_unsaved()
        clock.now += 0.5  # 1.1 s after the last key
        assert saver.wait_idle(5)
        assert on_disk(repo, record) == "Hel"
        assert statuses.wait_for("saved").message == "All changes saved."
    finally:
        saver.close()


def test_changed_is_cheap_and_never_copies_on_the_calling_thread(repo, record, monkeypatch) -> None:
    copied_on = []
    original = Record.to_dict
    monkeypatch.setattr(Record, "to_dict", lambda self: (copied_on.append(threading.current_thread()),
                                                        original(self))[1])
    saver = Autosaver(repo, delay=0.05)
    try:
        start = time.perf_counter()
        for i in range(2000):
            record.set_notes("opening", str(i))
            saver.changed(record)
        per_call = (time.perf_counter() - start) / 2000
        assert saver.wait_idle(5)
        assert threading.main_thread() not in copied_on
        assert on_disk(repo, record) == "1999"
        assert per_call < 0.001
    finally:
        saver.close()


def test_flush_saves_now_and_with_backup_on_stage_change(repo, record) -> None:
    saver = Autosaver(repo, delay=60.0)
    try:
        before = len(repo.backups(record.id))
        record.set_notes("opening", "stage done")
        saver.changed(record)
        assert saver.flush(backup=True) is True
        assert on_disk(repo, record) == "stage done"
        assert len(repo.backups(record.id)) == before + 1
    finally:
        saver.close()


def test_close_flushes_pending_changes(repo, record) -> None:
    saver = Autosaver(repo, delay=60.0)
    record.set_notes("opening", "last words")
    saver.changed(record)
    assert saver.close() is True
    assert on_disk(repo, record) == "last words"


def test_disk_full_is_reported_kept_in_memory_and_retried_until_it_works(repo, record, monkeypatch) -> None:
    statuses = Statuses()
    saver = Autosaver(repo, delay=0.01, on_status=statuses, retry_delays=(0.05, 0.1))
    real_replace = os.replace
    blocked = threading.Event()
    blocked.set()

    def replace(src, dst):
        if blocked.is_set() and str(dst).endswith(f"{record.id}.json"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    try:
        record.set_notes("opening", "important")
        saver.changed(record)
        assert saver.flush(timeout=5) is False
        failed = statuses.wait_for("failed")
        assert "No space left on device" in failed.message and failed.retry_in
        assert "\n" not in failed.message
        assert not failed and str(failed) == failed.message  # `if status:` means saved
        assert on_disk(repo, record) == "" and record.notes_for("opening") == "important"
        assert saver.has_unsaved()
        time.sleep(0.3)  # a few retries, all failing
        assert sum(s.state == "failed" for s in statuses) >= 2
        blocked.clear()  # space freed
        assert saver.wait_idle(5)
        assert on_disk(repo, record) == "important"
        assert statuses.wait_for("saved").ok
    finally:
        saver.close()


def test_read_only_session_is_reported_not_retried(repo, record) -> None:
    statuses = Statuses()
    lease = repo.acquire(record.id, read_only=True)
    saver = Autosaver(repo, delay=0.01, on_status=statuses, retry_delays=(0.01,))
    try:
        record.set_notes("opening", "x")
        saver.changed(record)
        assert saver.flush(timeout=5) is False
        time.sleep(0.1)
        assert [s.state for s in statuses] == ["failed"] and "read-only" in statuses[0].message
    finally:
        lease.release()
        saver.close()


def test_status_callback_that_blocks_does_not_stall_saving(repo, record) -> None:
    release = threading.Event()
    saver = Autosaver(repo, delay=0.01, on_status=lambda status: release.wait(5))
    try:
        for text in ("a", "b"):
            record.set_notes("opening", text)
            saver.changed(record)
            assert saver.flush(timeout=5) is True
        assert on_disk(repo, record) == "b"
    finally:
        release.set()
        saver.close()
