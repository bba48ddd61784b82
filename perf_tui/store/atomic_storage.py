"""Crash-safe file writes and the TinyDB Storage built on them.

TinyDB's own JSONStorage rewrites its file in place (seek, write, truncate): a kill in the middle
leaves new content with the old tail, which no longer parses. Here every write goes to a temp file
in the same folder, is flushed and fsynced, `os.replace`d over the old file (atomic on POSIX) and the
folder is fsynced so the rename itself survives a power cut. A reader therefore sees either the old
or the new file, never a mix.

Reading never treats a damaged file as empty: it raises `DamagedFile`, and the repository moves the
file aside (see quarantine.py). A missing file is simply "no data yet".

Files are created 0600. Temp files carry the writer's pid in their name, so that a leftover one (from
a killed process) can be told from one a live process is still writing; see `remove_stale_temp_files`.
"""

from __future__ import annotations

import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from tinydb.storages import Storage

from perf_tui.store.errors import DamagedFile

FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"


# --------------------------------------------------------------------------- bytes on disk

def encode(data: Any) -> bytes:
    """Compact JSON, CJK kept as UTF-8 (a third smaller than \\u escapes and readable with `less`)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(payload: bytes, path: Path) -> Any:
    if not payload.strip():
        raise DamagedFile(path, "empty file")
    try:
        return json.loads(payload.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DamagedFile(path, f"not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise DamagedFile(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}") from exc
    except RecursionError as exc:  # a hand-edited or hostile file: json nests a frame per level
        raise DamagedFile(path, "nested too deeply") from exc


def read_json_file(path: Path) -> Any | None:
    """The parsed content, or None when the file does not exist. Raises DamagedFile."""
    try:
        with open(path, "rb") as handle:
            payload = handle.read()
    except FileNotFoundError:
        return None
    return decode(payload, Path(path))


def temp_path_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Some filesystems refuse fsync on a folder; that is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write_bytes(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `payload` so that a crash leaves the old or the new file, never a mix.

    durable=False skips the fsyncs (for files that are only hints, like a lock's owner info).
    Raises OSError (disk full, read-only folder); the old file is then untouched.
    """
    path = Path(path)
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        try:
            _write_all(fd, payload)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just someone else's
    return True


def _temp_file_owner(name: str) -> int | None:
    """The pid in '.<file>.<pid>.<random>.tmp', or None if the name is not one of our temp files."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return None
    parts = name[: -len(TEMP_SUFFIX)].split(".")
    if len(parts) < 4 or not parts[-2].isdigit():
        return None
    return int(parts[-2])


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete temp files left by processes that died mid-write. A live writer's temp file is kept."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if entry.name[0] != ".":
            continue
        pid = _temp_file_owner(entry.name)
        if pid is None or (pid_alive(pid) and pid != os.getpid()):
            continue
        _unlink_quietly(Path(entry.path))
        removed.append(Path(entry.path))
    return removed


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, mtime_ns, size): changes whenever the file is replaced or rewritten."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


# --------------------------------------------------------------------------- the TinyDB storage

class AtomicJSONStorage(Storage):
    """A TinyDB Storage with crash-safe writes, 0600 files and loud failure on damaged files.

    TinyDB calls write() once per operation (truncate, insert, ...). `batch()` groups several
    operations into one atomic write, so that replacing a document costs one fsync, not two:

        db = TinyDB(path, storage=AtomicJSONStorage)
        with db.storage.batch(start_empty=True):
            db.table("record").insert(Document(data, doc_id=1))

    Not thread-safe, like TinyDB itself: one writer thread (see autosave.py).
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self.durable = durable
        self._batch_depth = 0
        self._pending: dict[str, Any] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._pending is not None:
            return self._pending
        data = read_json_file(self.path)
        if data is not None and not isinstance(data, dict):
            raise DamagedFile(self.path, "not a TinyDB database (top level is not an object)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._batch_depth:
            self._pending = data
            return
        atomic_write_bytes(self.path, encode(data), durable=self.durable)

    @contextmanager
    def batch(self, *, start_empty: bool = False) -> Iterator[None]:
        """Collect the writes of several TinyDB operations and write once at the end.

        start_empty=True builds the file from scratch without reading the old one (a full
        replacement does not need it, and a damaged old file must not stop a good save).
        If the block raises, nothing is written.
        """
        self._batch_depth += 1
        if start_empty and self._pending is None:
            self._pending = {}
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if not self._batch_depth:
                self._pending = None
            raise
        self._batch_depth -= 1
        if not self._batch_depth:
            pending, self._pending = self._pending, None
            if pending is not None:
                atomic_write_bytes(self.path, encode(pending), durable=self.durable)

    def close(self) -> None:
        pass
