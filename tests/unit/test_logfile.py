"""The log file is rotated by the standard library's handler, and every file of it, the rotated
ones included, is readable by its owner only."""

from __future__ import annotations

import os
import stat

import pytest

from perf_tui import locations, logfile


@pytest.fixture
def small_log(monkeypatch, data_dir):
    monkeypatch.setattr(logfile, "MAX_BYTES", 2000)
    old_umask = os.umask(0o022)  # the usual umask: new files would be 0644 without care
    path = logfile.setup_logging(data_dir)
    yield path
    os.umask(old_umask)
    for handler in list(logfile.log.handlers):
        logfile.log.removeHandler(handler)
        handler.close()


def test_the_log_is_rotated_and_keeps_a_bounded_number_of_files(small_log):
    assert small_log.exists()
    for i in range(400):
        logfile.log.info("line %d %s", i, "x" * 60)
    files = sorted(p.name for p in small_log.parent.iterdir() if p.name.startswith(small_log.name))
    assert files == [small_log.name] + [f"{small_log.name}.{n}" for n in range(1, logfile.BACKUPS + 1)]
    assert all((small_log.parent / name).stat().st_size <= 2000 + 200 for name in files)
    assert "line 399" in small_log.read_text(encoding="utf-8")


def test_every_log_file_is_owner_only_the_rotated_ones_included(small_log):
    for i in range(200):
        logfile.log.info("line %d %s", i, "x" * 60)
    for path in small_log.parent.iterdir():
        if path.name.startswith(small_log.name):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_log_made_readable_by_others_is_tightened(data_dir):
    path = locations.log_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("old\n", encoding="utf-8")
    os.chmod(path, 0o644)
    try:
        assert logfile.setup_logging(data_dir) == path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text(encoding="utf-8") == "old\n"  # appended to, never truncated
    finally:
        for handler in list(logfile.log.handlers):
            logfile.log.removeHandler(handler)
            handler.close()
