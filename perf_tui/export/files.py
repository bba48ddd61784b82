"""Writing an export to a file: one function for the CLI and the app, so both write the same way.

The file is written atomically (a temp file in the same folder, flushed, fsynced, renamed over
the target) and is readable by the owner only (0600), like everything else perf-tui keeps:
an interview record is personal data. No textual here: the CLI imports this without the UI.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Mapping

from perf_tui.logfile import error_reason
from perf_tui.model import Record


class ExportWriteError(OSError):
    """The file could not be written; `reason` is the system's short explanation."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def write_private_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (temp file, fsync, rename), readable by the owner only:
    the store's own crash-safe writer, so exports and session files are written one way.

    Raises ExportWriteError (with the system's reason) when the folder is missing or unwritable.
    """
    from perf_tui.store.atomic_storage import atomic_write_bytes

    try:
        atomic_write_bytes(Path(path), data)
    except OSError as exc:
        raise ExportWriteError(Path(path), error_reason(exc)) from exc


def export_to_file(record: Record, fmt: str, lang: str, path: Path, *,
                   thresholds: Mapping[str, float] | None = None, now: datetime | None = None,
                   weights: Mapping[str, float] | None = None, paper: str | None = None) -> Path:
    """Render `record` as `fmt` in `lang` and write it to `path` (0600, atomic); returns the path.

    Raises ExportError for an unknown format and ExportWriteError when the file cannot be written.
    """
    from perf_tui.export import render_bytes

    data = render_bytes(record, fmt, lang, thresholds=thresholds, now=now, weights=weights, paper=paper)
    write_private_file(path, data)
    return Path(path)
