"""kill -9 at random moments never corrupts anything and never loses more than the save in flight.

A helper process (the "zygote", started once, modules already imported) forks a writer on demand.
The writer holds the session's lease and saves the session over and over, alternately shrinking it
to a few bytes and growing it to ~30 KB, taking backups too, and reports each completed save on the
pipe. The test SIGKILLs the writer at a random moment, then checks that every file in the data
folder parses, that the session holds the last reported save or the one in flight, and that the next
writer takes the lock over. Forking keeps each kill cycle to a few milliseconds.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from perf_tui.clock import iso
from perf_tui.model import new_record
from perf_tui.store import open_repository
from perf_tui.store.atomic_storage import read_json_file

KILLS = 120

ZYGOTE = r"""
import os, sys
from datetime import datetime, timedelta, timezone
from perf_tui.store import open_repository

root, session_id = sys.argv[1], sys.argv[2]

def payload(i):
    return f"{i}:" + ("长文本 long text " * 2000 if i % 2 else "x")

def write_forever(start):
    minute = [datetime(2024, 10, 8, 14, 0, tzinfo=timezone.utc)]
    def clock():  # every save is a minute later, so every save also rotates the backups
        minute[0] += timedelta(minutes=1)
        return minute[0]
    repo = open_repository(root, clock=clock)
    repo.acquire(session_id)
    record = repo.get(session_id)
    i = start
    os.write(1, f"started {os.getpid()}\n".encode())
    while True:
        record.set_notes("opening", payload(i))
        repo.save(record)
        os.write(1, f"saved {i}\n".encode())
        i += 1

for line in sys.stdin:
    start = int(line)
    pid = os.fork()
    if pid == 0:
        try:
            write_forever(start)
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    os.write(1, b"reaped\n")
"""


class Lines:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def next(self, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise AssertionError("the writer process went silent")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise AssertionError("the writer process exited")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def drain_until(self, marker: str) -> list[str]:
        lines = []
        while True:
            line = self.next()
            if line == marker:
                return lines
            lines.append(line)


def notes_index(text: str) -> int:
    return int(text.split(":", 1)[0]) if text else -1


def assert_every_file_parses(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and path.suffix == ".json":
            assert read_json_file(path) is not None, path


@pytest.mark.slow
def test_sigkill_at_random_moments_never_corrupts_or_loses_a_completed_save(data_dir: Path, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(new_record(now_iso=iso(clock())))
    repo.close()
    zygote = subprocess.Popen([sys.executable, "-c", ZYGOTE, str(data_dir), record.id],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    lines = Lines(zygote.stdout.fileno())
    rng = random.Random(20241008)
    last_completed, next_start, kills_mid_run = -1, 0, 0
    try:
        for _ in range(KILLS):
            zygote.stdin.write(f"{next_start}\n".encode())
            started = lines.next()
            assert started.startswith("started "), started
            writer_pid = int(started.split()[1])
            time.sleep(rng.uniform(0, 0.1))  # a save with its backup takes 2-40 ms
            os.kill(writer_pid, signal.SIGKILL)
            reports = lines.drain_until("reaped")
            saved = [int(line.split()[1]) for line in reports if line.startswith("saved ")]
            if saved:
                last_completed = saved[-1]
                kills_mid_run += 1
            in_flight = (saved[-1] + 1) if saved else next_start

            assert_every_file_parses(data_dir)
            check = open_repository(data_dir, clock=clock)
            on_disk = notes_index(check.get(record.id).notes_for("opening"))
            assert on_disk in (last_completed, in_flight), (on_disk, last_completed, in_flight)
            assert [s.id for s in check.list()] == [record.id]
            assert check.problems == []
            assert check.backups(record.id), "backups were taken"
            assert not [p for p in data_dir.rglob(".*.tmp")], "leftover temp files were not cleaned"
            check.close()
            next_start = in_flight + 1
            last_completed = on_disk
    finally:
        zygote.stdin.close()
        zygote.kill()
        zygote.wait()
    assert kills_mid_run >= KILLS // 4  # many kills hit a writer between saves, not only at start
