"""Every path the app uses, in one place.

This module is the one seam the test suite patches: tests set PERF_TUI_DATA_DIR and
PERF_TUI_CONFIG_DIR (see tests/conftest.py) so that no test ever touches real user folders.
"""

from __future__ import annotations

import os
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


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the owner only (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path
