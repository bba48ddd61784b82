"""`perf-tui export -o` and standard output, as real processes: only regular files are written,
an existing file only with --force, and every failure to write (a FIFO, a device, a name too
long, a full disk, a closed standard output) is one line on stderr and exit 2, never a
traceback or "unexpected error"."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from perf_tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXIT_USAGE = 2


def demo_id(capsys) -> str:
    assert main(["demo", "--no-tui"]) == 0
    return capsys.readouterr().out.strip()


def perf_tui(*args: str, stdout=subprocess.PIPE, code: str | None = None, lang: str = "en",
             shell_suffix: str = "") -> subprocess.CompletedProcess:
    """The command in a fresh interpreter (the test's data folder comes through the environment).
    `code` runs first (to simulate a full disk); `shell_suffix` adds shell redirections."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = ["--lang", lang, *args]
    if code is not None:
        command = [sys.executable, "-c", f"{code}\nimport sys\nfrom perf_tui.cli import main\n"
                                         f"sys.exit(main({argv!r}))"]
    else:
        command = [sys.executable, "-m", "perf_tui", *argv]
    if shell_suffix:
        import shlex

        command = ["sh", "-c", f"exec {shlex.join(command)} {shell_suffix}"]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, timeout=60,
                          cwd=ROOT)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exports (tmp_path also holds the data and config folders)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def assert_one_clean_line(done: subprocess.CompletedProcess, *expected: str) -> str:
    assert done.returncode == EXIT_USAGE, (done.returncode, done.stderr)
    err = done.stderr
    assert err.count("\n") == 1 and err.startswith("perf-tui: "), err
    for word in ("Traceback", "unexpected error", "Exception ignored"):
        assert word not in err
    for text in expected:
        assert text in err, err
    return err


def test_a_fifo_is_refused_and_left_as_it_is(capsys, out):
    session_id = demo_id(capsys)
    fifo = out / "pipe"
    os.mkfifo(fifo)
    done = perf_tui("export", session_id, "-o", str(fifo))
    assert_one_clean_line(done, str(fifo), "named pipe (FIFO)", "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in out.iterdir()) == ["pipe"]  # no temp file either


def test_a_device_is_refused_even_through_a_symlink(capsys, out):
    # Through a symlink, so that the old code (which renamed over the target) could never touch
    # /dev/null itself, even when the suite runs as root.
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode), "this machine's /dev/null is not a device"
    session_id = demo_id(capsys)
    link = out / "out.md"
    link.symlink_to(os.devnull)
    done = perf_tui("export", session_id, "-o", str(link))
    assert_one_clean_line(done, os.devnull, "a device", "not a regular file")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    zh = perf_tui("export", session_id, "-o", str(link), lang="zh")
    assert_one_clean_line(zh, "设备", "不是普通文件")


def test_an_existing_file_is_replaced_only_with_force(capsys, out):
    session_id = demo_id(capsys)
    target = out / "record.md"
    target.write_text("my own notes", encoding="utf-8")
    refused = perf_tui("export", session_id, "-o", str(target))
    assert_one_clean_line(refused, str(target), "already exists", "--force")
    assert target.read_text(encoding="utf-8") == "my own notes"
    zh = perf_tui("export", session_id, "-o", str(target), lang="zh")
    assert_one_clean_line(zh, "已存在", "--force")

    forced = perf_tui("export", session_id, "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("# Performance Interview Record")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["record.md"]


def test_a_suggested_name_in_a_folder_is_not_replaced_either(capsys, out):
    session_id = demo_id(capsys)
    first = perf_tui("export", session_id, "-o", str(out))
    assert first.returncode == 0, first.stderr
    (written,) = out.iterdir()
    again = perf_tui("export", session_id, "-o", str(out))
    assert_one_clean_line(again, str(written), "--force")


def test_a_file_name_too_long_is_one_line(capsys, out):
    session_id = demo_id(capsys)
    done = perf_tui("export", session_id, "-o", str(out / ("a" * 300 + ".md")))
    err = assert_one_clean_line(done, "the file name is too long")
    assert len(err) < 400  # the path is shortened in the middle
    assert list(out.iterdir()) == []


FULL_DISK = (
    "import errno, os\n"
    "real_write = os.write\n"
    "def write(fd, data):\n"
    "    if fd > 2:\n"  # the export's temp file; stdout and stderr are written by their streams
    "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
    "    return real_write(fd, data)\n"
    "os.write = write\n"
)


def test_a_full_disk_is_one_line_and_keeps_the_old_file(capsys, out):
    session_id = demo_id(capsys)
    target = out / "record.md"
    target.write_text("the previous export", encoding="utf-8")
    done = perf_tui("export", session_id, "-o", str(target), "--force", code=FULL_DISK)
    assert_one_clean_line(done, str(target), "the disk is full")
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in out.iterdir()) == ["record.md"]  # the temp file is gone


def test_a_closed_pipe_on_standard_output_is_one_line(capsys):
    # What `perf-tui export ID | head -c0` does when head has already exited: the read end is
    # closed before anything is written, so the write fails at once (no timing involved).
    session_id = demo_id(capsys)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = perf_tui("export", session_id, stdout=write_end)
    finally:
        os.close(write_end)
    assert_one_clean_line(done, "standard output was closed")


def test_a_closed_standard_output_is_one_line(capsys):
    session_id = demo_id(capsys)
    done = perf_tui("export", session_id, stdout=None, shell_suffix=">&-")
    assert_one_clean_line(done, "standard output is closed", "-o")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_full_standard_output_is_one_line(capsys):
    session_id = demo_id(capsys)
    with open("/dev/full", "wb") as full:
        done = perf_tui("export", session_id, stdout=full)
    assert_one_clean_line(done, "cannot write to standard output", "the disk is full")


def test_the_reasons_are_translated():
    from perf_tui import i18n
    from perf_tui.export.files import system_reason

    assert system_reason(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert system_reason(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    i18n.set_language("zh")
    assert system_reason(OSError(errno.ENAMETOOLONG, "File name too long")) == "文件名太长，此文件系统不支持"


def test_a_folder_that_does_not_exist_is_not_made_a_file(capsys, out):
    session_id = demo_id(capsys)
    done = perf_tui("export", session_id, "-o", str(out / "reports") + "/")
    assert_one_clean_line(done, "the folder does not exist")
    assert list(out.iterdir()) == []
