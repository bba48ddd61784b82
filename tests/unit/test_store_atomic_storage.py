"""The crash-safe TinyDB storage: atomic replace, 0600 files, damaged files are loud, temp cleanup."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.table import Document

from perf_tui.store import atomic_storage
from perf_tui.store.atomic_storage import AtomicJSONStorage, atomic_write_bytes, remove_stale_temp_files
from perf_tui.store.errors import DamagedFile


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_file_is_owner_only_and_compact_utf8(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("record").insert({"note": "张三 said hi"})
    raw = path.read_bytes()
    assert mode(path) == 0o600
    assert "张三".encode() in raw and b"\\u" not in raw and b"\n" not in raw and b": " not in raw


def test_batch_writes_once_and_start_empty_replaces_content(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "db.json"
    path.write_text('{"old": {"1": {"x": 1}}}')
    writes = []
    real = atomic_storage.atomic_write_bytes
    monkeypatch.setattr(atomic_storage, "atomic_write_bytes", lambda *a, **k: (writes.append(a), real(*a, **k)))
    db = TinyDB(path, storage=AtomicJSONStorage)
    with db.storage.batch(start_empty=True):
        db.table("record").truncate()
        db.table("record").insert(Document({"y": 2}, doc_id=1))
    assert len(writes) == 1
    assert TinyDB(path, storage=AtomicJSONStorage).tables() == {"record"}


def test_failed_write_leaves_old_file_intact_and_no_temp(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    path = folder / "f.json"
    atomic_write_bytes(path, b'{"a":1}')

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b'{"a":2}')
    assert path.read_bytes() == b'{"a":1}'
    assert os.listdir(folder) == ["f.json"]


@pytest.mark.parametrize("content", [b"", b"   \n", b'{"record": {"1": {"id": "x"', b"\x00\xff\xfe binary",
                                     b'{"record": ,}', b"[1, 2, 3]"])
def test_reading_a_damaged_file_raises_instead_of_returning_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DamagedFile) as caught:
        TinyDB(path, storage=AtomicJSONStorage).table("record").all()
    assert str(path) in str(caught.value)


def test_missing_file_reads_as_no_data_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    assert TinyDB(path, storage=AtomicJSONStorage).table("record").all() == []
    assert not path.exists()


def test_stale_temp_files_of_dead_writers_are_removed_live_ones_kept(tmp_path: Path) -> None:
    # The live writer is a child of the test's own: a liveness probe that sent a real signal
    # (a mutant of os.kill(pid, 0)) then ends that child, never the test runner's parent.
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = tmp_path / ".s.json.999999999.abcd.tmp"
    live = tmp_path / f".s.json.{writer.pid}.abcd.tmp"
    other = tmp_path / ".hidden"
    for path in (dead, live, other):
        path.write_text("x")
    try:
        removed = remove_stale_temp_files(tmp_path)
    finally:
        writer.kill()
        writer.wait()
    assert removed == [dead]
    assert live.exists() and other.exists() and not dead.exists()
