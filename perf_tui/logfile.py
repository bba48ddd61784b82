"""The log file under the data folder: tracebacks go here, never to the user's screen.

Core code and the CLI use it too, so it imports nothing from Textual. The file is rotated by the
standard library's RotatingFileHandler (MAX_BYTES, then perf-tui.log.1 ... .BACKUPS); every file it
creates, the rotated ones included, is readable by its owner only.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from perf_tui import locations

LOGGER_NAME = "perf_tui"

log = logging.getLogger(LOGGER_NAME)

MAX_BYTES = 1_000_000  # about ten thousand tracebacks' worth of lines per file
BACKUPS = 3


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600: the standard one opens each new file
    with the process umask (often 0644), and after a rotation the fresh file would be readable by
    others. Rotated files are the old file renamed, so they keep its mode."""

    def _open(self):
        # O_NOFOLLOW: a link named like the log (or a rotated log) never sends it out of the folder.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)  # a file made by an older version may be wider
        except OSError:
            pass
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def error_reason(exc: BaseException) -> str:
    """The short reason a user is shown for `exc` ("No space left on device"); the traceback
    goes to the log."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def setup_logging(data_dir: Path) -> Path | None:
    """Send the `perf_tui` logger to locations.log_file(data_dir), created 0600.

    Returns the log file's path, or None when it cannot be opened (a read-only folder must not
    stop the app; the messages are then simply dropped).
    """
    path = locations.log_file(Path(data_dir))
    for handler in list(log.handlers):
        if isinstance(handler, PrivateRotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
        log.removeHandler(handler)
        handler.close()
    try:
        locations.ensure_private_dir(path.parent, allow_link=True)  # the data folder itself
        handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        # No log file (a read-only data folder): drop the messages rather than let logging's
        # last-resort handler print tracebacks on the user's terminal.
        if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
            log.addHandler(logging.NullHandler())
        log.propagate = False
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return path
