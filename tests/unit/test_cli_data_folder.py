"""The command line on a data folder that is not as perf-tui left it, and without fcntl, in real
processes: unreadable session files are named on one stderr line, a read-only folder is said in one
line, `--data-dir` parents are made 0700 under umask 000, and list/demo/locking work on a Python
where `import fcntl` fails (as on Windows).

A read-only folder cannot be made as root (root ignores permission bits, and a read-only mount needs
privileges CI does not have), so those processes start through a wrapper that makes the store's
probe write fail with EROFS: everything after the probe is the real code."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Makes `import fcntl` fail in the process, as on Windows: a meta-path finder ahead of the others.
NO_FCNTL = """
import sys
class _NoFcntl:
    def find_spec(self, name, path=None, target=None):
        if name == "fcntl":
            raise ImportError("No module named 'fcntl' (simulated: not on this platform)")
        return None
sys.meta_path.insert(0, _NoFcntl())
sys.modules.pop("fcntl", None)
"""

# The probe write of locations.is_writable_folder fails as on a read-only disk.
READ_ONLY = """
import errno, os
_real_open = os.open
def _open(path, flags, *args, **kwargs):
    if ".perf-tui-probe-" in str(path):
        raise OSError(errno.EROFS, "Read-only file system", str(path))
    return _real_open(path, flags, *args, **kwargs)
os.open = _open
"""

RUN_CLI = """
from perf_tui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONWARNINGS"] = "default"  # a warning printed on stderr would show in the asserts
    return env


def run(data_dir: Path, *args: str, prelude: str = "", umask: int | None = None) -> subprocess.CompletedProcess:
    code = "import sys\n" + prelude + RUN_CLI
    return subprocess.run([sys.executable, "-c", code, "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=_env(), timeout=60,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def _demo(data_dir: Path, prelude: str = "") -> str:
    done = run(data_dir, "demo", "--no-tui", prelude=prelude)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# --------------------------------------------------------------------------- unreadable files

def test_list_names_the_session_files_it_could_not_read(data_dir: Path, tmp_path: Path) -> None:
    kept = _demo(data_dir)
    sessions = data_dir / "sessions"
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    os.chmod(outside, 0o644)
    (sessions / "aaaaaaaaaaaa.json").symlink_to(outside)
    (sessions / "bbbbbbbbbbbb.json").mkdir()
    done = run(data_dir, "list")
    assert done.returncode == 0
    assert kept in done.stdout
    (line,) = done.stderr.splitlines()
    assert line.startswith("perf-tui: 2 session file(s)")
    assert "aaaaaaaaaaaa.json (a symbolic link, not followed)" in line
    assert "bbbbbbbbbbbb.json (a folder, not a file)" in line
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644

    as_json = run(data_dir, "list", "--json")
    assert as_json.returncode == 0
    assert [row["id"] for row in json.loads(as_json.stdout)] == [kept]  # stdout stays a pure array
    assert "2" in as_json.stderr and "aaaaaaaaaaaa.json" in as_json.stderr

    zh = run(data_dir, "--lang", "zh", "list")
    assert "2 个面谈文件无法读取" in zh.stderr


def test_opening_an_unreadable_session_is_one_line(data_dir: Path) -> None:
    _demo(data_dir)
    (data_dir / "sessions" / "cccccccccccc.json").mkdir()
    done = run(data_dir, "export", "cccccccccccc")
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert "cccccccccccc.json" in line and "folder" in line and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- read-only folder

def test_read_only_folder_is_said_in_one_line_and_never_chmod_ed(data_dir: Path) -> None:
    session_id = _demo(data_dir)
    os.chmod(data_dir, 0o500)
    listed = run(data_dir, "list", prelude=READ_ONLY)
    assert listed.returncode == 0 and session_id in listed.stdout
    (line,) = listed.stderr.splitlines()
    assert "read-only" in line and str(data_dir) in line
    exported = run(data_dir, "export", session_id, prelude=READ_ONLY)
    assert exported.returncode == 0 and exported.stdout.startswith("# ")
    refused = run(data_dir, "demo", "--no-tui", prelude=READ_ONLY)
    assert refused.returncode == 1 and refused.stdout == ""
    (line,) = refused.stderr.splitlines()
    assert "read-only" in line and "Traceback" not in refused.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o500
    assert len(list((data_dir / "sessions").iterdir())) == 1
    zh = run(data_dir, "--lang", "zh", "list", prelude=READ_ONLY)
    assert "只读" in zh.stderr


# --------------------------------------------------------------------------- permissions

def test_data_dir_and_its_new_parents_are_0700_under_umask_000(tmp_path: Path) -> None:
    root = tmp_path / "made" / "for" / "perf-tui"
    _ = run(root, "demo", "--no-tui", umask=0)
    assert _.returncode == 0, _.stderr
    for folder in (tmp_path / "made", tmp_path / "made" / "for", root,
                   *[p for p in root.rglob("*") if p.is_dir()]):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in (p for p in root.rglob("*") if p.is_file()):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


# --------------------------------------------------------------------------- without fcntl

TRY = """
import json
from perf_tui.store import SessionLocked, open_repository
from perf_tui.store.locks import _filelock_module
repo = open_repository(sys.argv[1])
result = {"fcntl_loaded": "fcntl" in sys.modules,
          "lock_class": _filelock_module().FileLock.__name__}
try:
    with repo.acquire(sys.argv[2]) as lease:
        result["taken"] = True
        result["owner_pid"] = lease.owner.pid
except SessionLocked as exc:
    result["taken"] = False
    result["owner_pid"] = exc.owner.pid if exc.owner else None
    result["message"] = str(exc)
print(json.dumps(result))
"""


def _python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import sys\n" + NO_FCNTL + code, *args],
                            env=_env(), text=True, **kwargs)


def _try_lock(data_dir: Path, session_id: str) -> dict:
    proc = _python(TRY, str(data_dir), session_id, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert err == ""  # no "only soft file lock is available" warning for the user
    return json.loads(out)


def _wait_for_sidecar(path: Path, pid: int, proc: subprocess.Popen, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else proc.returncode
        try:
            sidecar = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            sidecar = None
        if sidecar and sidecar.get("pid") == pid:
            return sidecar
        time.sleep(0.05)
    raise AssertionError(f"{path} never named pid {pid}")


def test_cli_and_locks_work_where_fcntl_cannot_be_imported(data_dir: Path) -> None:
    check = subprocess.run([sys.executable, "-c", "import sys\n" + NO_FCNTL + "import fcntl"],
                           capture_output=True, text=True, env=_env(), timeout=60)
    assert check.returncode != 0 and "simulated" in check.stderr  # the wrapper works

    session_id = _demo(data_dir, prelude=NO_FCNTL)
    listed = run(data_dir, "list", prelude=NO_FCNTL)
    assert listed.returncode == 0 and session_id in listed.stdout and listed.stderr == ""
    as_json = run(data_dir, "list", "--json", prelude=NO_FCNTL)
    assert [row["id"] for row in json.loads(as_json.stdout)] == [session_id]

    free = _try_lock(data_dir, session_id)
    assert free["taken"] and not free["fcntl_loaded"] and free["lock_class"] != "UnixFileLock"

    # A lock file as a run with fcntl leaves it (empty, no sidecar), a while ago: without an OS
    # lock its mere existence would lock the session for ever; it is known stale and taken.
    lock_file = data_dir / "locks" / f"{session_id}.lock"
    lock_file.write_bytes(b"")
    long_ago = time.time() - 3600
    os.utime(lock_file, (long_ago, long_ago))

    # `perf-tui open ID` itself (the app, headless: no terminal here) holds the session.
    env = _env()
    env["TEXTUAL_DRIVER"] = "textual.drivers.headless_driver:HeadlessDriver"
    app = subprocess.Popen([sys.executable, "-c", "import sys\n" + NO_FCNTL + RUN_CLI,
                            "--data-dir", str(data_dir), "open", session_id],
                           env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    try:
        sidecar = _wait_for_sidecar(data_dir / "locks" / f"{session_id}.owner", app.pid, app)
        assert sidecar["host"] == socket.gethostname() and {"user", "started"} <= sidecar.keys()
        busy = _try_lock(data_dir, session_id)
        assert not busy["taken"] and busy["owner_pid"] == app.pid
        assert str(app.pid) in busy["message"] and socket.gethostname() in busy["message"]
        app.send_signal(signal.SIGKILL)  # no OS lock to drop: the sidecar tells it is dead
        app.wait(timeout=30)
        taken = _try_lock(data_dir, session_id)
        assert taken["taken"] and taken["owner_pid"] != app.pid
    finally:
        if app.poll() is None:
            app.kill()
        app.wait()
        app.stderr.close()
