"""Shared fixtures. Every test runs with a temp data dir and config dir (never the user's),
English as the default language and no locale influence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from perf_tui import i18n
from perf_tui.clock import FakeClock

# Hypothesis: "ci" (the default) keeps `make test` inside its time budget on a shared 2-core machine,
# with no per-example deadline (a loaded machine would fail it at random); "thorough" explores 10x
# more: HYPOTHESIS_PROFILE=thorough make test. A test's own @settings(max_examples=...) wins over both.
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`-n 2` (make test) with work stealing instead of xdist's default "load": "load" hands each
    worker a fixed first chunk of 1/8 of the suite in collection order, and our first chunk holds
    all the slow UI tests, so one worker ran them alone while the other sat idle after the unit
    tests (wall time = the sum of both). Work stealing lets the idle worker take over queued tests.
    An explicit other --dist (loadfile, loadgroup, ...) is left as asked."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import WorkStealingScheduling

    return WorkStealingScheduling(config, log)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screens differ from one frame to the next: off in every test."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
