"""Damaged files are moved aside, never deleted or overwritten, and the user is told where."""

from __future__ import annotations

import os
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
    """Move `original` into `folder` under a new timestamped name; never overwrite anything."""
    for attempt in range(1000):
        target = folder / quarantine_name(original, root, now, attempt)
        try:
            os.link(original, target)  # fails if target exists: no overwrite, even in a race
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            os.replace(original, target)  # a filesystem without hard links
        else:
            os.unlink(original)
        os.chmod(target, FILE_MODE)
        fsync_dir(folder)
        fsync_dir(original.parent)
        return target
    raise FileExistsError(f"no free name for {original} in {folder}")
