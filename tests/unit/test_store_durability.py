"""Durability of a write, seen through the system calls it makes.

A kill test cannot tell whether a file was fsynced: the page cache survives a killed process, only a
power cut loses it. So these tests record the order of the calls that matter — write, fsync of the
file, replace, fsync of the folder — and fail when one is dropped or moved. They also pin the
`batch()` rollback: a block that raises writes nothing, and the storage is usable afterwards.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.table import Document

from perf_tui.store import atomic_storage
from perf_tui.store.atomic_storage import AtomicJSONStorage, atomic_write_bytes


class CallLog:
    """Wraps os.write / os.fsync / os.replace / os.open and remembers what each touched."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, str]] = []
        self._fd_paths: dict[int, str] = {}
        real_open, real_write, real_fsync, real_replace = os.open, os.write, os.fsync, os.replace

        def spy_open(path, flags, *args, **kwargs):
            fd = real_open(path, flags, *args, **kwargs)
            self._fd_paths[fd] = str(path)
            return fd

        def spy_write(fd, data):
            self.calls.append(("write", self._kind(fd)))
            return real_write(fd, data)

        def spy_fsync(fd):
            self.calls.append(("fsync", self._kind(fd)))
            return real_fsync(fd)

        def spy_replace(src, dst):
            self.calls.append(("replace", "file"))
            return real_replace(src, dst)

        monkeypatch.setattr(os, "open", spy_open)
        monkeypatch.setattr(os, "write", spy_write)
        monkeypatch.setattr(os, "fsync", spy_fsync)
        monkeypatch.setattr(os, "replace", spy_replace)

    def _kind(self, fd: int) -> str:
        path = self._fd_paths.get(fd)
        if path is not None and stat.S_ISDIR(os.stat(path).st_mode):
            return "folder"
        return "file"

    def names(self) -> list[str]:
        """Consecutive writes collapsed into one, so the test reads as the sequence of steps."""
        out: list[str] = []
        for name, kind in self.calls:
            step = f"{name} {kind}"
            if not out or out[-1] != step:
                out.append(step)
        return out


def test_atomic_write_fsyncs_file_before_replace_and_folder_after(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "session.json"
    target.write_bytes(b'{"old":1}')
    log = CallLog(monkeypatch)
    atomic_write_bytes(target, b'{"new":2}')
    assert log.names() == ["write file", "fsync file", "replace file", "fsync folder"]
    assert target.read_bytes() == b'{"new":2}'


def test_non_durable_write_makes_no_fsync_but_still_replaces(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "hint.json"
    log = CallLog(monkeypatch)
    atomic_write_bytes(target, b"{}", durable=False)
    assert log.names() == ["write file", "replace file"]


def test_tinydb_storage_write_goes_through_the_durable_path(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    log = CallLog(monkeypatch)
    db.table("record").insert({"note": "调整排班"})
    assert log.names() == ["write file", "fsync file", "replace file", "fsync folder"]


def test_batch_that_raises_writes_nothing_and_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("record").insert({"v": 1})
    before = path.read_bytes()
    writes: list[bytes] = []
    real = atomic_storage.atomic_write_bytes
    monkeypatch.setattr(atomic_storage, "atomic_write_bytes", lambda p, b, **k: (writes.append(b), real(p, b, **k)))

    with pytest.raises(RuntimeError, match="boom"):
        with db.storage.batch(start_empty=True):
            db.table("record").truncate()
            db.table("record").insert(Document({"v": 2}, doc_id=1))
            raise RuntimeError("boom")

    assert writes == []
    assert path.read_bytes() == before
    # The storage is not left in batch mode: the next plain write lands at once, from the file.
    assert db.storage.read() == {"record": {"1": {"v": 1}}}
    db.table("record").insert({"v": 3})
    assert len(writes) == 1
    assert sorted(doc["v"] for doc in TinyDB(path, storage=AtomicJSONStorage).table("record")) == [1, 3]


def test_nested_batch_that_raises_inside_rolls_back_the_outer_too(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("record").insert({"v": 1})
    before = path.read_bytes()
    with pytest.raises(ValueError):
        with db.storage.batch():
            db.table("record").insert({"v": 2})
            with db.storage.batch():
                db.table("record").insert({"v": 3})
                raise ValueError("inner")
    assert path.read_bytes() == before
