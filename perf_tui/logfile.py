"""The log file under the data folder: tracebacks go here, never to the user's screen.

Core code and the CLI use it too, so it imports nothing from Textual.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from perf_tui import locations

LOGGER_NAME = "perf_tui"

log = logging.getLogger(LOGGER_NAME)


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
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
        log.removeHandler(handler)
        handler.close()
    try:
        locations.ensure_private_dir(path.parent, allow_link=True)  # the data folder itself
        # O_NOFOLLOW: a link named perf-tui.log must not send the log to a file outside the folder.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.close(fd)
        handler = logging.FileHandler(path, encoding="utf-8")
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
