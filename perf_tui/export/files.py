"""Writing an export to a file: one function for the CLI and the app, so both write the same way.

The file is written atomically (a temp file in the same folder, flushed, fsynced, renamed over
the target) and is readable by the owner only (0600), like everything else perf-tui keeps:
an interview record is personal data. No textual here: the CLI imports this without the UI.

Only regular files are written. Before anything is written the target is checked:
- a FIFO, a device (/dev/null, a terminal), a socket or any other special file is refused
  (NotARegularFile): the rename would replace the node itself (run as root, `-o /dev/null` made
  /dev/null a regular file) or a write would block on a pipe;
- an existing regular file is replaced only when the caller says so (`overwrite=True`: the CLI's
  --force, or the user's yes in the app's confirmation); otherwise TargetExists;
- a symbolic link is followed: the file it points to is the one written (and checked).
Every failure is an ExportWriteError whose `reason` is one translated line: the special file's
kind, or the system's error in words ("the disk is full", "the file name is too long").
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Mapping

from perf_tui.i18n import t
from perf_tui.logfile import error_reason
from perf_tui.model import Record

# A path is shown whole up to this many characters; a longer one (ENAMETOOLONG) keeps its start
# and its end, so the message stays one readable line.
SHOWN_PATH_CHARS = 160

# System errors a user meets when writing a file, in their own words (both languages); any other
# error shows the system's text.
_ERRNO_REASONS = {
    getattr(errno, name): key
    for name, key in (
        ("ENOSPC", "output.reason.disk_full"),
        ("EDQUOT", "output.reason.disk_full"),  # not on every platform: looked up by name
        ("ENAMETOOLONG", "output.reason.name_too_long"),
        ("ENOENT", "output.reason.no_folder"),
        ("ENOTDIR", "output.reason.no_folder"),
        ("EACCES", "output.reason.permission"),
        ("EPERM", "output.reason.permission"),
        ("EROFS", "output.reason.read_only"),
        ("EISDIR", "output.reason.is_folder"),
        ("EPIPE", "output.reason.closed"),
    )
    if hasattr(errno, name)
}


class ExportWriteError(OSError):
    """The file could not be written; `reason` is one line for the user (translated)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{shown_path(path)}: {reason}")
        self.path = Path(path)
        self.reason = reason


class NotARegularFile(ExportWriteError):
    """The target is a FIFO, a device, a socket or another special file."""


class TargetExists(ExportWriteError):
    """The target is an existing file and the caller did not allow replacing it."""


def shown_path(path: os.PathLike[str] | str) -> str:
    """`path` for a one-line message: control characters escaped, a very long path shortened in
    the middle."""
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in os.fspath(path))
    if len(text) > SHOWN_PATH_CHARS:
        half = (SHOWN_PATH_CHARS - 1) // 2
        text = f"{text[:half]}…{text[-half:]}"
    return text


def system_reason(exc: OSError) -> str:
    """The reason for a failed write, in the user's language when it is a common one."""
    key = _ERRNO_REASONS.get(exc.errno or 0)
    return t(key) if key else error_reason(exc)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return t("output.kind.fifo")
    if stat.S_ISCHR(mode):
        return t("output.kind.char_device")
    if stat.S_ISBLK(mode):
        return t("output.kind.block_device")
    if stat.S_ISSOCK(mode):
        return t("output.kind.socket")
    if stat.S_ISDIR(mode):
        return t("output.kind.folder")
    return t("output.kind.other")


def is_folder(path: Path) -> bool:
    """Whether `path` is a folder (to write the suggested file name into). Not Path.is_dir(),
    which raises for a name too long instead of answering False; check_target then says why."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_target(path: Path, *, overwrite: bool = False) -> Path:
    """The file that writing to `path` will create or replace (a symlink resolved), after
    checking it: raises NotARegularFile, TargetExists (unless `overwrite`) or ExportWriteError
    (a name too long, a folder that does not exist, no permission)."""
    path = Path(path)
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            path = Path(os.path.realpath(path))
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise ExportWriteError(path, system_reason(exc)) from exc
    if not stat.S_ISREG(mode):
        raise NotARegularFile(path, t("output.reason.special", kind=_kind(mode)))
    if not overwrite:
        raise TargetExists(path, t("output.reason.exists"))
    return path


def write_private_file(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` atomically (temp file, fsync, rename), readable by the owner only:
    the store's own crash-safe writer, so exports and session files are written one way.
    Returns the file written (`path`, or the file a symlink at `path` points to).

    Raises NotARegularFile, TargetExists (unless `overwrite`) or ExportWriteError (the folder is
    missing or unwritable, the disk is full, ...); nothing is left behind on failure.
    """
    from perf_tui.store.atomic_storage import atomic_write_bytes

    target = check_target(Path(path), overwrite=overwrite)
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise ExportWriteError(target, system_reason(exc)) from exc
    return target


def export_to_file(record: Record, fmt: str, lang: str, path: Path, *,
                   thresholds: Mapping[str, float] | None = None, now: datetime | None = None,
                   weights: Mapping[str, float] | None = None, overwrite: bool = False,
                   paper: str | None = None) -> Path:
    """Render `record` as `fmt` in `lang` and write it to `path` (0600, atomic); returns the
    file written. The target is checked before the record is rendered.

    Raises ExportError for an unknown format and ExportWriteError (or its NotARegularFile and
    TargetExists) when the file cannot or may not be written.
    """
    from perf_tui.export import render_bytes

    check_target(Path(path), overwrite=overwrite)
    data = render_bytes(record, fmt, lang, thresholds=thresholds, now=now, weights=weights, paper=paper)
    return write_private_file(path, data, overwrite=overwrite)
