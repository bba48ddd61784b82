"""Two `perf-tui import` processes storing the same file at the same moment: one stores it, the
other says the session already exists (it used to say "open in another window")."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import perf_tui
from perf_tui.clock import iso
from perf_tui.model import Person, new_record
from perf_tui.store import dump_session, open_repository

SOURCE_ROOT = str(Path(perf_tui.__file__).resolve().parent.parent)


def start_import(backup: Path, data_dir: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=SOURCE_ROOT, LANG="en_US.UTF-8")
    return subprocess.Popen([sys.executable, "-m", "perf_tui", "--data-dir", str(data_dir), "import", str(backup)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_imports_racing_one_stores_the_other_says_it_exists(tmp_path, data_dir, clock):
    record = new_record(now_iso=iso(clock()))
    record.employee = Person("Alex Chen", "Analyst")
    backup = tmp_path / "alex.json"
    backup.write_text(dump_session(record), encoding="utf-8")
    repo = open_repository(data_dir, clock=clock)
    # Both processes reach the session's lock while it is held (as by an import mid-write), then
    # race for it when it is let go.
    lease = repo.acquire(record.id)
    try:
        processes = [start_import(backup, data_dir) for _ in range(2)]
        time.sleep(1.0)
    finally:
        lease.release()
        repo.close()
    results = [(p.wait(timeout=60), *p.communicate()) for p in processes]
    codes = sorted(code for code, _out, _err in results)
    assert codes == [0, 1], results
    [(_, out, _)] = [r for r in results if r[0] == 0]
    [(_, _, err)] = [r for r in results if r[0] == 1]
    assert out.strip() == record.id
    assert "already exists" in err and "another window" not in err
    assert err.count("\n") == 1
    check = open_repository(data_dir, clock=clock)
    try:
        assert [s.id for s in check.list()] == [record.id]
    finally:
        check.close()


def test_an_import_refused_because_the_id_is_held_elsewhere_is_one_info_line_in_the_log(
        tmp_path, data_dir, clock, capsys, monkeypatch):
    from perf_tui import locations
    from perf_tui.cli import main
    from perf_tui.store import repository

    monkeypatch.setattr(repository, "CREATE_LOCK_WAIT_S", 0.05)
    record = new_record(now_iso=iso(clock()))
    backup = tmp_path / "held.json"
    backup.write_text(dump_session(record), encoding="utf-8")
    repo = open_repository(data_dir, clock=clock)
    try:
        with repo.acquire(record.id):  # held, and no session is coming
            assert main(["import", str(backup)]) == 1
    finally:
        repo.close()
    err = capsys.readouterr().err
    assert "another window" in err and err.count("\n") == 1
    log_text = locations.log_file(data_dir).read_text(encoding="utf-8")
    refused = [line for line in log_text.splitlines() if "refused" in line]
    assert len(refused) == 1 and " INFO " in refused[0]
    assert "Traceback" not in log_text
