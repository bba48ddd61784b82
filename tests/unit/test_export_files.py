"""The shared export writer (perf_tui.export.files): atomic, 0600, one clear error."""

from __future__ import annotations

import os
import stat

import pytest

from perf_tui.export.files import (
    ExportWriteError, NotARegularFile, TargetExists, export_to_file, shown_path, write_private_file,
)
from perf_tui.model import Direction, Goal, Person, new_record


def test_export_file_is_private_and_replaces_the_old_one(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out.md"
    target.write_text("old")
    with pytest.raises(TargetExists):
        write_private_file(target, "new ✓".encode())
    assert target.read_text(encoding="utf-8") == "old"
    write_private_file(target, "new ✓".encode(), overwrite=True)
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["out.md"]  # no temp file left behind


def test_export_into_a_missing_folder_raises_one_line_with_the_reason(tmp_path):
    with pytest.raises(ExportWriteError) as caught:
        write_private_file(tmp_path / "nowhere" / "out.md", b"x")
    assert caught.value.reason == "the folder does not exist"
    assert "\n" not in str(caught.value)


def test_export_to_file_uses_the_thresholds(tmp_path):
    record = new_record(now_iso="2024-10-08T14:00:00+08:00", lang="en")
    record.employee = Person("Alex", "")
    record.goals.append(Goal(name="Complaints", target="<=5%", actual="8%", direction=Direction.LOWER))
    path = export_to_file(record, "md", "en", tmp_path / "r.md", thresholds={"A": 100, "B": 85, "C": 70})
    assert "| 62.5% (lower is better) | D |" in path.read_text(encoding="utf-8")


def test_the_cli_and_the_app_share_one_writer():
    import perf_tui.cli as cli
    import perf_tui.screens.export as dialog

    assert "perf_tui.export.files" in cli.write_private_file.__code__.co_consts or \
        "write_shared" in cli.write_private_file.__code__.co_varnames
    assert dialog.export_to_file is export_to_file


def test_only_regular_files_are_written(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        with pytest.raises(NotARegularFile):
            write_private_file(target, b"x", overwrite=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_is_followed_to_the_file_it_names(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(TargetExists):
        write_private_file(link, b"new")
    assert write_private_file(link, b"new", overwrite=True) == real
    assert link.is_symlink() and real.read_text() == "new"


def test_shown_paths_are_one_short_line():
    assert shown_path("/tmp/a\x1b[2Jb\nc.md") == "/tmp/a\\x1b[2Jb\\nc.md"
    long = shown_path("/tmp/" + "a" * 500 + ".md")
    assert len(long) <= 160 and long.startswith("/tmp/aaa") and long.endswith("aa.md") and "…" in long
