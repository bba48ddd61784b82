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

Nothing here follows a symbolic link: files are opened with O_NOFOLLOW (where the platform has no
such flag, the path is lstat-ed first), and anything that is not a regular file (a link, a folder, a
FIFO, a device) is refused with `UnreadableFile` instead of being read, so a link in the data folder
can never make perf-tui read, move or chmod a file outside it.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from tinydb.storages import Storage

from perf_tui.store.errors import DamagedFile, UnreadableFile

FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"
# A temp file this old is a leftover even when its writer's liveness cannot be checked (a write
# takes milliseconds; see remove_stale_temp_files).
STALE_TEMP_AGE_S = 600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# os.kill(pid, 0) only checks on POSIX; on Windows it terminates the process (see pid_alive).
_SIGNAL_ZERO_IS_SAFE = os.name == "posix"
# A FIFO put where a file belongs would block open() for ever; O_NONBLOCK makes open return at once
# (it changes nothing for regular files), and the fstat below then refuses it.
_READ_FLAGS = (os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))


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


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special"


def open_regular_file(path: Path) -> int | None:
    """A read-only descriptor of `path` if it is a regular file (links are not followed), None if
    nothing is there. Raises UnreadableFile for a link, a folder, a special file or a denied read."""
    path = Path(path)
    if not _NOFOLLOW:  # no O_NOFOLLOW (Windows): look before opening
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise UnreadableFile(path, "error", exc.strerror or str(exc)) from exc
        if not stat.S_ISREG(mode):
            raise UnreadableFile(path, _kind_of(mode))
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise _unreadable(path, exc) from exc
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UnreadableFile(path, _kind_of(mode))
    return fd


def _unreadable(path: Path, exc: OSError) -> UnreadableFile:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = 0
    if stat.S_ISLNK(mode):  # O_NOFOLLOW's ELOOP (EMLINK on some BSDs)
        return UnreadableFile(path, "link")
    if stat.S_ISDIR(mode) or exc.errno == errno.EISDIR:
        return UnreadableFile(path, "folder")
    if isinstance(exc, PermissionError):
        return UnreadableFile(path, "denied")
    return UnreadableFile(path, "error", exc.strerror or str(exc))


def read_file_bytes(path: Path) -> bytes | None:
    """The bytes of regular file `path`, None if it does not exist. Raises UnreadableFile."""
    fd = open_regular_file(path)
    if fd is None:
        return None
    try:
        # One read of the whole file in the common case (a size hint from fstat, +1 to see the end).
        chunks = [os.read(fd, os.fstat(fd).st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_json_file(path: Path) -> Any | None:
    """The parsed content, or None when the file does not exist. Raises DamagedFile, or
    UnreadableFile for something that is not a readable regular file (see the module docstring)."""
    payload = read_file_bytes(path)
    if payload is None:
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


def pid_alive(pid: int) -> bool | None:
    """Whether process `pid` of this machine runs: True, False, or None when this platform gives no
    safe way to ask. On POSIX, signal 0 only checks. On Windows os.kill(pid, 0) would TERMINATE the
    process, so it is never called there: callers rely on the OS lock instead (see locks.py)."""
    if pid <= 0:
        return False
    if not _SIGNAL_ZERO_IS_SAFE:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just someone else's
    except OSError:
        return None
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
        if pid is None or not _temp_file_stale(entry, pid):
            continue
        _unlink_quietly(Path(entry.path))  # a link is removed itself, never what it points to
        removed.append(Path(entry.path))
    return removed


def _temp_file_stale(entry: os.DirEntry, pid: int) -> bool:
    if pid == os.getpid():
        return True
    alive = pid_alive(pid)
    if alive is not None:
        return not alive
    try:  # liveness unknown on this platform: only a temp file no write could still be using
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_AGE_S
    except OSError:
        return False


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, mtime_ns, size) of the entry itself (a link is not followed): changes whenever the
    file is replaced or rewritten."""
    try:
        st = os.lstat(path)
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
