"""The app's own shutdown paths, in a real process on a real pseudo-terminal.

Pilot tests run headless, where the app installs no signal handlers and re-raises crashes for the
test to see: the paths a user actually hits when a terminal closes (SIGHUP), the machine shuts down
(SIGTERM), Ctrl+Z is pressed (SIGTSTP) or a bug escapes (the crash handler) never ran there. Here the
real `perf-tui open ID` runs in a pty, text is typed into the meeting, the signal is sent, and the
session file on disk is read back.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX ptys and signals")]

ROWS, COLS = 24, 80
DEADLINE_S = 30.0


class TerminalApp:
    """perf-tui in a child process whose terminal is a pty we hold the other end of."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()

    def pump(self, seconds: float) -> None:
        """Read what the app draws (it blocks when the pty buffer is full) for `seconds`."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, predicate, what: str) -> None:
        end = time.monotonic() + DEADLINE_S
        while time.monotonic() < end:
            self.pump(0.1)
            if predicate():
                return
        raise AssertionError(f"timed out waiting for {what}; screen bytes: {bytes(self.output[-600:])!r}")

    def type(self, text: str) -> None:
        for char in text:  # one key at a time, as a person types
            os.write(self.master, char.encode("utf-8"))
            self.pump(0.03)

    def send_key(self, sequence: bytes) -> None:
        os.write(self.master, sequence)
        self.pump(0.05)

    def state(self) -> str:
        """The process state letter from /proc (R, S, T for stopped, Z...)."""
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        except FileNotFoundError:
            return "gone"
        return stat.rsplit(")", 1)[1].split()[0]

    def wait_exit(self) -> int:
        end = time.monotonic() + DEADLINE_S
        while time.monotonic() < end:
            self.pump(0.1)
            code = self.proc.poll()
            if code is not None:
                return code
        self.proc.kill()
        raise AssertionError("the app did not exit")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def _env(data_dir: Path, tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PERF_TUI", "TEXTUAL"))}
    env.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS), LANG="C.UTF-8",
               PERF_TUI_DATA_DIR=str(data_dir), HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return env


@pytest.fixture
def demo_session(tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    data_dir = tmp_path / "data"
    env = _env(data_dir, tmp_path)
    done = subprocess.run([sys.executable, "-m", "perf_tui", "--lang", "en", "demo", "--no-tui"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return data_dir, done.stdout.strip(), env


def _on_disk(data_dir: Path, session_id: str) -> str:
    """The session file's text (JSON, CJK as UTF-8): what a restart would load."""
    files = [p for p in (data_dir / "sessions").iterdir() if session_id in p.name]
    assert len(files) == 1, files
    text = files[0].read_text(encoding="utf-8")
    json.loads(text)  # whole and parseable
    return text


def _start(demo_session, *extra_code: str) -> TerminalApp:
    data_dir, session_id, env = demo_session
    code = "\n".join([*extra_code, "import sys", "from perf_tui.cli import main",
                      f"sys.exit(main(['--lang', 'en', 'open', {session_id!r}]))"])
    app = TerminalApp([sys.executable, "-c", code], env)
    # The meeting is on screen when its agenda is drawn; the demo opens in the confirmation stage.
    app.wait_for(lambda: b"Agenda" in app.output and b"Confirm" in app.output, "the meeting screen")
    app.pump(0.5)
    return app


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_terminate_signal_saves_what_was_typed_and_releases_the_lock(demo_session, signum) -> None:
    data_dir, session_id, _env_ = demo_session
    app = _start(demo_session)
    try:
        marker = "QZX-signal-调整排班"
        app.type(marker)
        app.proc.send_signal(signum)
        code = app.wait_exit()
    finally:
        app.close()
    assert code == 128 + signum or code == 0 or code == -signum, code
    assert marker in _on_disk(data_dir, session_id)
    assert _lock_free(data_dir, session_id)


def _lock_free(data_dir: Path, session_id: str) -> bool:
    """Another process can take the session for writing: the app let go of its lock."""
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from perf_tui.store import open_repository\n"
         f"repo = open_repository(Path({str(data_dir)!r}))\n"
         f"lease = repo.acquire({session_id!r})\n"
         "lease.release(); repo.close(); print('free')"],
        capture_output=True, text=True, timeout=30)
    return probe.returncode == 0 and probe.stdout.strip() == "free"


def test_ctrl_z_saves_before_the_process_stops_and_typing_goes_on_after_fg(demo_session) -> None:
    data_dir, session_id, _env_ = demo_session
    app = _start(demo_session)
    try:
        first = "QZX-before-stop"
        app.type(first)
        app.proc.send_signal(signal.SIGTSTP)
        app.wait_for(lambda: app.state() == "T", "the process to stop")
        # Stopped: no thread runs any more, so what is on disk is what the handler saved.
        assert first in _on_disk(data_dir, session_id)
        app.proc.send_signal(signal.SIGCONT)
        app.wait_for(lambda: app.state() != "T", "the process to continue")
        app.pump(1.0)
        second = "QZX-after-fg"
        app.type(second)
        app.send_key(b"\x11")  # Ctrl+Q: save and quit
        code = app.wait_exit()
    finally:
        app.close()
    assert code == 0
    text = _on_disk(data_dir, session_id)
    assert first in text and second in text


def test_crash_handler_saves_logs_the_traceback_and_says_one_line(demo_session) -> None:
    """An action that raises: the user's text is on disk, the terminal gets one line (no traceback),
    the log file gets the traceback, and the exit code is 1."""
    data_dir, session_id, _env_ = demo_session
    inject = ("from perf_tui.screens.meeting import MeetingScreen\n"
              "def _boom(self):\n"
              "    raise RuntimeError('injected failure for the crash test')\n"
              "MeetingScreen.action_toggle_clock = _boom")
    app = _start(demo_session, inject)
    try:
        marker = "QZX-before-crash"
        app.type(marker)
        app.send_key(b"\x12")  # Ctrl+R: pause/resume the clock, which now raises
        code = app.wait_exit()
        app.pump(0.5)
    finally:
        app.close()
    assert code == 1
    assert marker in _on_disk(data_dir, session_id)
    # What is left on the terminal after the app's screen is gone, wrapped at 80 columns by Rich.
    screen = " ".join(app.output.decode("utf-8", "replace").split())
    assert "stopped after an unexpected error (injected failure for the crash test)" in screen
    assert "Traceback" not in screen
    log_text = (data_dir / "perf-tui.log").read_text(encoding="utf-8")
    assert "Traceback" in log_text and "injected failure for the crash test" in log_text
