"""Damaged files are moved aside, never deleted or overwritten, and the user is told where."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from perf_tui.store.atomic_storage import FILE_MODE, fsync_dir


@dataclass(frozen=True)
class StoreProblem:
    """Something the user should know about the data folder. str() is the translated message."""

    message: str
    path: Path
    moved_to: Path | None = None
    reason: str = ""
    kind: str = "damaged"  # "damaged" (moved aside) or "unreadable" (left in place, see UnreadableFile)

    def __str__(self) -> str:
        return self.message


def quarantine_name(original: Path, root: Path, now: datetime, attempt: int) -> str:
    """'sessions-<id>.20241008-140000.json': the folder it came from, the name, when it was moved."""
    try:
        parts = original.relative_to(root).parts
    except ValueError:
        parts = (original.name,)
    stem = "-".join(parts[:-1] + (Path(parts[-1]).stem,))
    suffix = "".join(Path(parts[-1]).suffixes[-1:])
    counter = f"-{attempt}" if attempt else ""
    return f"{stem}.{now.strftime('%Y%m%d-%H%M%S')}{counter}{suffix}"


def move_aside(original: Path, folder: Path, root: Path, now: datetime) -> Path:
    """Move `original` into `folder` under a new timestamped name; never overwrite anything.

    The entry itself is moved: a symbolic link stays a link (what it points to is neither moved nor
    chmod-ed), a folder put where a file belongs is moved as a folder."""
    for attempt in range(1000):
        target = folder / quarantine_name(original, root, now, attempt)
        try:
            # Fails if target exists: no overwrite, even in a race. follow_symlinks=False links
            # the link itself (the default would hard-link, then chmod, the file it points to).
            os.link(original, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            if os.path.lexists(target):
                continue
            os.replace(original, target)  # a folder, or a filesystem without hard links
        else:
            os.unlink(original)
        _make_private(target)
        fsync_dir(folder)
        fsync_dir(original.parent)
        return target
    raise FileExistsError(f"no free name for {original} in {folder}")


def _make_private(target: Path) -> None:
    """0600 for a regular file; anything else (a link, a folder) is left as it is."""
    try:
        if stat.S_ISREG(os.lstat(target).st_mode):
            os.chmod(target, FILE_MODE)
    except OSError:
        pass
