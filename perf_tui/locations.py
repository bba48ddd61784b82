"""Every path the app uses, in one place.

This module is the one seam the test suite patches: tests set PERF_TUI_DATA_DIR and
PERF_TUI_CONFIG_DIR (see tests/conftest.py) so that no test ever touches real user folders.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

APP_NAME = "perf-tui"

DATA_DIR_ENV = "PERF_TUI_DATA_DIR"
CONFIG_DIR_ENV = "PERF_TUI_CONFIG_DIR"


def _platform_dirs():
    # platformdirs is small (a few ms); imported lazily so `perf-tui --version` stays instant.
    import platformdirs

    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where sessions live: --data-dir, else $PERF_TUI_DATA_DIR, else the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(_platform_dirs().user_data_dir)


def config_dir() -> Path:
    env = os.environ.get(CONFIG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(_platform_dirs().user_config_dir)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_prompts_file() -> Path:
    return config_dir() / "prompts.toml"


def sessions_dir(root: Path) -> Path:
    return root / "sessions"


def trash_dir(root: Path) -> Path:
    return root / "trash"


def backups_dir(root: Path) -> Path:
    return root / "backups"


def quarantine_dir(root: Path) -> Path:
    return root / "damaged"


def locks_dir(root: Path) -> Path:
    return root / "locks"


def index_file(root: Path) -> Path:
    """The summaries the home screen lists (rebuilt from the session files when needed)."""
    return root / "index.json"


def exports_dir(root: Path) -> Path:
    return root / "exports"


def log_file(root: Path) -> Path:
    return root / "perf-tui.log"


def styles_dir() -> Path:
    """App-wide TCSS: inside the package in an installed wheel, at the repo root in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "styles"
    if packaged.is_dir():
        return packaged
    return here.parent / "styles"


PRIVATE_DIR_MODE = 0o700


def ensure_private_dir(path: Path, *, allow_link: bool = False) -> Path:
    """Create `path`, and every missing parent, 0700 whatever the umask.

    An existing folder is only tightened: group and other permissions are removed, owner ones are
    never added (a folder the user made read-only stays read-only), and nothing is chmod-ed when
    nothing needs to change. Folders that existed before (the user's home, say) are left alone.
    If `path` is a symbolic link, OSError (ELOOP) is raised rather than following it out of the data
    folder; allow_link=True is for the data folder itself, which the user may place anywhere.
    """
    path = Path(path)
    if not allow_link and os.path.islink(path):
        raise OSError(errno.ELOOP, "a symbolic link, not followed out of the data folder", str(path))
    missing = []
    folder = path
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by someone else (another copy of the app): not ours to chmod
        _chmod_quietly(folder, PRIVATE_DIR_MODE)  # the umask may have taken owner bits away
    if not missing:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            _chmod_quietly(path, mode & ~0o077)
    if not os.path.isdir(path):
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    return path


def _chmod_quietly(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:
        pass  # not ours, or a filesystem without modes: the folder still works


def is_writable_folder(path: Path) -> bool:
    """Whether files can be created in the existing folder `path`: one probe file, made and removed.

    The seam tests patch to simulate a read-only folder (tests run as root, which ignores permission
    bits). A full disk still counts as writable: saving then fails with its own message.
    """
    probe = Path(path) / f".perf-tui-probe-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        return exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM)
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass
    return True
