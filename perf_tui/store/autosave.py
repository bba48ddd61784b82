"""Autosave: debounced, off the UI thread, one writer, retried on failure. No Textual here.

    saver = Autosaver(app.repo, delay=1.0, on_status=show_in_status_bar)
    saver.changed(record)        # after every edit, on the UI thread: O(1), never touches the disk
    saver.flush()                # stage change, leaving a session, quit: save now and wait
    saver.close()                # on exit (flushes first)
    # SIGTERM / SIGHUP / SIGTSTP: the app flushes it (PerfTuiApp._install_signal_handlers)

Threads and why this is safe
- TinyDB (and so the Repository) is not thread-safe: exactly ONE writer thread does every save.
  The UI thread never writes; it only hands over a reference to the record it is editing.
- changed() stores that reference and bumps a generation counter under a lock held for a few
  attribute assignments: no copying, no I/O, O(1) per keystroke.
- The snapshot (Record.to_dict(), ~0.1 ms for a large record) is taken lazily by the writer when
  the debounce expires, i.e. once per pause in typing, not once per key. to_dict() builds fresh dicts
  and lists, so nothing mutable is shared afterwards. Under the GIL each edit the UI makes (an
  attribute assignment, a list append) is atomic, so the copy holds each field either before or
  after an edit. If an edit lands while the copy is made (the generation moved), the record stays
  dirty and is saved again after the next delay, so the file always ends with the latest state;
  a "dictionary changed size" race simply retries the copy.
- flush() is called on the UI thread (the only one editing), so it takes the snapshot right there,
  consistent by construction, and waits for the writer to confirm the write.
- on_status is called from a separate status thread, never the UI thread and never while a lock is
  held: it may block (e.g. Textual's app.call_from_thread) without delaying saves, and a flush()
  waiting on the UI thread cannot deadlock with it.
- A failed save (disk full, read-only folder: SaveFailed) keeps the unsaved snapshot in memory and
  is retried with backoff (1, 2, 5, 10, 30 s); a newer edit replaces the snapshot. Errors that a
  retry cannot fix (read-only session, newer schema) are reported and retried only after the next edit.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from perf_tui.i18n import t
from perf_tui.model import Record
from perf_tui.store.errors import SaveFailed, StoreError

RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
SAVED = "saved"
FAILED = "failed"


@dataclass(frozen=True)
class SaveStatus:
    """What on_status receives. `message` is one translated line for the status bar."""

    state: str  # SAVED or FAILED
    session_id: str
    message: str
    error: StoreError | None = None
    retry_in: float | None = None  # seconds until the next attempt (FAILED and retrying)

    @property
    def ok(self) -> bool:
        return self.state == SAVED

    def __bool__(self) -> bool:  # `if status:` reads as "saved"
        return self.ok

    def __str__(self) -> str:
        return self.message


@dataclass
class _Pending:
    record: Record
    generation: int = 0  # bumped by every changed()
    due: float = 0.0  # clock() time when the debounce expires
    snapshot: dict[str, Any] | None = None  # taken, not yet written
    snapshot_generation: int = -1
    failures: int = 0
    retry_at: float = 0.0
    permanent_error: bool = False
    backup: bool = False  # take a backup with this save (flush on stage change)
    urgent: bool = False  # a flush asked for it: ignore the debounce


class Autosaver:
    def __init__(self, repo, delay: float = 1.0, on_status: Callable[[SaveStatus], Any] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 retry_delays: tuple[float, ...] = RETRY_DELAYS) -> None:
        self.repo = repo
        self.delay = delay
        self.clock = clock
        self.retry_delays = retry_delays
        self._on_status = on_status
        self._cv = threading.Condition()
        self._pending: dict[str, _Pending] = {}
        self._closing = False
        self._busy = False  # the writer is saving outside the lock
        self._statuses: queue.SimpleQueue[SaveStatus | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_loop, name="perf-tui-autosave", daemon=True)
        self._notifier = threading.Thread(target=self._status_loop, name="perf-tui-autosave-status",
                                          daemon=True)
        self._writer.start()
        self._notifier.start()

    # ------------------------------------------------------------------ UI-thread API

    def changed(self, record: Record) -> None:
        """Call after every edit of `record` (UI thread). O(1): the save happens `delay` s later."""
        with self._cv:
            entry = self._pending.get(record.id)
            if entry is None or entry.record is not record:
                entry = self._pending[record.id] = _Pending(record=record)
            entry.generation += 1
            entry.due = self.clock() + self.delay
            entry.permanent_error = False
            self._cv.notify()

    def flush(self, timeout: float = 10.0, *, backup: bool = False) -> bool:
        """Save every pending change now and wait for it (call on the thread that edits the records).

        backup=True also takes a backup (stage change). Returns True when everything is on disk;
        False if a save failed (on_status has said why; the change is kept and retried) or timed out.
        """
        with self._cv:
            for entry in self._pending.values():
                self._take_snapshot_here(entry)
                entry.urgent = True
                entry.retry_at = 0.0
                entry.backup = entry.backup or backup
            targets = {sid: entry.generation for sid, entry in self._pending.items()}
            attempts = {sid: entry.failures for sid, entry in self._pending.items()}
            self._cv.notify_all()
            deadline = time.monotonic() + timeout
            while True:
                waiting = [sid for sid in targets if sid in self._pending]
                if not waiting:
                    return True
                if any(self._pending[sid].failures > attempts[sid] or self._pending[sid].permanent_error
                       for sid in waiting):
                    return False
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cv.wait(remaining)

    def _take_snapshot_here(self, entry: _Pending) -> None:
        if entry.snapshot_generation != entry.generation:
            entry.snapshot = entry.record.to_dict()
            entry.snapshot_generation = entry.generation

    def close(self, timeout: float = 10.0) -> bool:
        """Flush, then stop the threads. Returns flush()'s result."""
        ok = self.flush(timeout)
        with self._cv:
            self._closing = True
            self._cv.notify_all()
        self._writer.join(timeout)
        self._statuses.put(None)
        self._notifier.join(timeout)
        return ok

    def has_unsaved(self) -> bool:
        with self._cv:
            return bool(self._pending) or self._busy

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is pending (tests; the debounce still applies)."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._pending or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cv.wait(min(remaining, 0.05))
            return True

    # ------------------------------------------------------------------ the writer thread

    def _write_loop(self) -> None:
        while True:
            with self._cv:
                entry = self._next_job()
                while entry is None:
                    if self._closing:
                        return
                    self._cv.wait(self._wait_time())
                    entry = self._next_job()
                self._busy = True
            try:
                self._save(entry)
            finally:
                with self._cv:
                    self._busy = False
                    self._cv.notify_all()

    def _next_job(self) -> _Pending | None:
        now = self.clock()
        for entry in self._pending.values():
            if entry.permanent_error:
                continue
            if (entry.urgent or now >= entry.due) and now >= entry.retry_at:
                return entry
        return None

    def _wait_time(self) -> float | None:
        waiting = [e for e in self._pending.values() if not e.permanent_error]
        if not waiting:
            return None  # sleep until changed() or flush() notifies
        now = self.clock()
        soonest = min(max(e.due if not e.urgent else now, e.retry_at) for e in waiting)
        # Capped so that an injected clock that jumps (tests) is noticed promptly.
        return min(max(soonest - now, 0.0), 0.05)

    def _save(self, entry: _Pending) -> None:
        with self._cv:
            generation = entry.generation
            snapshot = entry.snapshot if entry.snapshot_generation == generation else None
            backup = entry.backup
        if snapshot is None:
            snapshot = self._snapshot_from_writer(entry.record)
        try:
            self.repo.save_snapshot(snapshot, backup=backup)
        except SaveFailed as exc:
            self._failed(entry, snapshot, generation, exc, retry=True)
        except StoreError as exc:
            self._failed(entry, snapshot, generation, exc, retry=False)
        else:
            self._succeeded(entry, generation)

    @staticmethod
    def _snapshot_from_writer(record: Record) -> dict[str, Any]:
        for _ in range(20):
            try:
                return record.to_dict()
            except RuntimeError:  # a dict grew while being copied: the edit is done in microseconds
                time.sleep(0.001)
        return record.to_dict()

    def _succeeded(self, entry: _Pending, generation: int) -> None:
        with self._cv:
            entry.failures = 0
            entry.backup = False
            if entry.generation == generation and self._pending.get(entry.record.id) is entry:
                del self._pending[entry.record.id]
            else:
                entry.urgent = False  # edited meanwhile: save again after the debounce
            self._cv.notify_all()
        self._statuses.put(SaveStatus(SAVED, entry.record.id, t("store.autosave.saved")))

    def _failed(self, entry: _Pending, snapshot: dict[str, Any], generation: int,
                error: StoreError, *, retry: bool) -> None:
        with self._cv:
            if entry.snapshot_generation <= generation:
                entry.snapshot, entry.snapshot_generation = snapshot, generation  # kept in memory
            entry.failures += 1
            if retry:
                wait = self.retry_delays[min(entry.failures, len(self.retry_delays)) - 1]
                entry.retry_at = self.clock() + wait
                entry.urgent = True
            else:
                wait = None
                entry.permanent_error = True
            self._cv.notify_all()
        key = "store.autosave.retrying" if retry else "store.autosave.failed"
        message = t(key, reason=str(error), seconds=f"{wait:g}" if wait is not None else "")
        self._statuses.put(SaveStatus(FAILED, entry.record.id, message, error=error, retry_in=wait))

    # ------------------------------------------------------------------ the status thread

    def _status_loop(self) -> None:
        while True:
            status = self._statuses.get()
            if status is None:
                return
            if self._on_status is None:
                continue
            try:
                self._on_status(status)
            except Exception:  # noqa: BLE001 - a broken status display must not stop saving
                pass
