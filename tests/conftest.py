"""Shared fixtures. Every test runs with a temp data dir and config dir (never the user's),
English as the default language and no locale influence."""

from __future__ import annotations

from pathlib import Path

import pytest

from perf_tui import i18n
from perf_tui.clock import FakeClock


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("PERF_TUI_DATA_DIR", str(data))
    monkeypatch.setenv("PERF_TUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    i18n.set_language("en")
    yield data
    i18n.set_language("en")


@pytest.fixture
def data_dir(isolated_env: Path) -> Path:
    return isolated_env


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_app(data_dir: Path, clock: FakeClock):
    """Build a PerfTuiApp on the temp data dir with the fake clock: make_app(lang="zh", start=("open", id))."""

    def factory(lang: str = "en", start: tuple[str, ...] = ("home",), config=None):
        from perf_tui.app import PerfTuiApp

        return PerfTuiApp(data_dir=data_dir, lang=lang, config=config, clock=clock, start=start)

    return factory
