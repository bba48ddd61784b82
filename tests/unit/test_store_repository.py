"""The repository: interface, index (rebuild when missing, stale, damaged), quarantine, trash,
backups, import, permissions."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from perf_tui.clock import FakeClock, iso
from perf_tui.model import Person, Status, new_record
from perf_tui.store import (
    SessionDamaged, SessionExists, SessionNotFound, StoreProblem, dump_session, open_repository,
)
from perf_tui.store.atomic_storage import encode


def make(clock: FakeClock, name: str = "张三", date: str = "2024-10-08", notes: str = ""):
    record = new_record(now_iso=iso(clock()), supervisor=Person("王芳", "经理"))
    record.employee.name = name
    record.date = date
    record.period = "2024 Q3"
    record.set_notes("opening", notes)
    return record


@pytest.fixture
def repo(data_dir: Path, clock: FakeClock):
    repository = open_repository(data_dir, clock=clock)
    yield repository
    repository.close()


def test_create_get_save_list_newest_first(repo, clock) -> None:
    old = repo.create(make(clock, "Alice", "2024-01-05"))
    new = repo.create(make(clock, "李娜", "2024-10-08"))
    new.set_notes("review", "投诉率 8%")
    repo.save(new)
    assert repo.get(new.id) == new
    assert [s.id for s in repo.list()] == [new.id, old.id]
    summary = repo.list()[0]
    assert (summary.employee, summary.period, summary.type, summary.status, summary.supervisor) == (
        "李娜", "2024 Q3", "regular", "draft", "王芳")


def test_unknown_id_raises_session_not_found_with_one_line(repo) -> None:
    with pytest.raises(SessionNotFound) as caught:
        repo.get("nope")
    assert "nope" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(SessionNotFound):
        repo.get("../etc/passwd")


def test_create_refuses_an_existing_id(repo, clock) -> None:
    record = repo.create(make(clock))
    with pytest.raises(SessionExists):
        repo.create(record)


def test_delete_moves_to_trash_and_restore_brings_back(repo, clock) -> None:
    keep, gone = repo.create(make(clock, "A")), repo.create(make(clock, "B"))
    repo.delete(gone.id)
    assert [s.id for s in repo.list()] == [keep.id]
    assert [s.id for s in repo.trash()] == [gone.id]
    with pytest.raises(SessionNotFound):
        repo.get(gone.id)
    repo.restore(gone.id)
    assert {s.id for s in repo.list()} == {keep.id, gone.id}
    assert repo.trash() == []
    assert repo.get(gone.id) == gone


def test_purge_removes_from_trash_for_good(repo, clock) -> None:
    record = repo.create(make(clock))
    repo.delete(record.id)
    repo.purge(record.id)
    assert repo.trash() == []
    with pytest.raises(SessionNotFound):
        repo.restore(record.id)


# ------------------------------------------------------------------ the index

def test_index_rebuilt_when_missing(data_dir, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    ids = {repo.create(make(clock, f"e{i}")).id for i in range(5)}
    repo.list()
    repo.close()
    (data_dir / "index.json").unlink()
    fresh = open_repository(data_dir, clock=clock)
    assert {s.id for s in fresh.list()} == ids
    assert (data_dir / "index.json").exists()


def test_index_repaired_when_stale_after_a_write_it_did_not_see(data_dir, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(make(clock, "Old name"))
    repo.list()
    repo.close()
    index_before = (data_dir / "index.json").read_bytes()
    # Another process (or a crash before the index write) changed the session behind the index's back.
    other = open_repository(data_dir, clock=clock)
    record.employee.name = "New name"
    other.save(record)
    (data_dir / "index.json").write_bytes(index_before)
    assert [s.employee for s in open_repository(data_dir, clock=clock).list()] == ["New name"]


def test_index_picks_up_sessions_added_and_removed_outside(data_dir, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    a = repo.create(make(clock, "A"))
    repo.list()
    b = make(clock, "B")
    (data_dir / "sessions" / f"{b.id}.json").write_bytes(encode({"record": {"1": b.to_dict()}}))
    os.unlink(data_dir / "sessions" / f"{a.id}.json")
    assert [s.id for s in open_repository(data_dir, clock=clock).list()] == [b.id]


def test_damaged_index_is_quarantined_and_rebuilt(data_dir, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(make(clock))
    repo.list()
    repo.close()
    (data_dir / "index.json").write_bytes(b'{"meta": {"1": {"format"')
    fresh = open_repository(data_dir, clock=clock)
    assert [s.id for s in fresh.list()] == [record.id]
    [problem] = fresh.problems
    assert problem.moved_to.parent == data_dir / "damaged" and problem.moved_to.exists()
    assert "index" in problem.message and str(problem.moved_to) in problem.message


def test_notes_only_saves_do_not_rewrite_the_index_but_close_does(repo, data_dir, clock) -> None:
    record = repo.create(make(clock))
    repo.list()
    before = (data_dir / "index.json").stat().st_ino
    for i in range(5):
        record.set_notes("review", "x" * i)
        record.updated_at = iso(clock.advance(1))
        repo.save(record)
    assert (data_dir / "index.json").stat().st_ino == before
    record.status = Status.IN_PROGRESS  # a field the home screen shows: written at once
    repo.save(record)
    assert (data_dir / "index.json").stat().st_ino != before
    record.set_notes("review", "later")
    record.updated_at = iso(clock.advance(1))
    repo.save(record)
    repo.close()
    assert open_repository(data_dir, clock=clock).list()[0].updated_at == record.updated_at


# ------------------------------------------------------------------ damaged session files

DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "binary": lambda good: bytes(range(256)) * 4,
    "hand_broken": lambda good: good.replace(b'"employee"', b'"employee" oops', 1),
    "not_a_record": lambda good: b'{"record": {"1": {"id": 42}}}',
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_session_file_is_quarantined_and_the_rest_still_works(data_dir, clock, kind) -> None:
    repo = open_repository(data_dir, clock=clock)
    good = repo.create(make(clock, "Good"))
    bad = repo.create(make(clock, "Bad"))
    repo.close()
    path = data_dir / "sessions" / f"{bad.id}.json"
    original = path.read_bytes()
    path.write_bytes(DAMAGE[kind](original))
    damaged_bytes = path.read_bytes()

    fresh = open_repository(data_dir, clock=clock)
    assert [s.id for s in fresh.list()] == [good.id]
    assert fresh.get(good.id) == good
    [problem] = fresh.problems
    assert isinstance(problem, StoreProblem)
    assert problem.path == path and not path.exists()
    assert problem.moved_to.read_bytes() == damaged_bytes  # kept byte for byte, never overwritten
    assert stat.S_IMODE(problem.moved_to.stat().st_mode) == 0o600
    assert "20241008-140000" in problem.moved_to.name
    assert str(path) in str(problem) and str(problem.moved_to) in str(problem)


def test_get_of_a_damaged_session_says_where_it_went(repo, data_dir, clock) -> None:
    record = repo.create(make(clock))
    (data_dir / "sessions" / f"{record.id}.json").write_bytes(b"{")
    with pytest.raises(SessionDamaged) as caught:
        repo.get(record.id)
    assert caught.value.moved_to.exists() and str(caught.value.moved_to) in str(caught.value)


def test_quarantine_never_overwrites_an_earlier_damaged_copy(repo, data_dir, clock) -> None:
    record = repo.create(make(clock))
    path = data_dir / "sessions" / f"{record.id}.json"
    for content in (b"first", b"second"):
        path.write_bytes(content)
        with pytest.raises(SessionDamaged):
            repo.get(record.id)
    kept = sorted(p.read_bytes() for p in (data_dir / "damaged").iterdir())
    assert kept == [b"first", b"second"]


def test_save_over_a_file_damaged_behind_our_back_keeps_the_damaged_copy(repo, data_dir, clock) -> None:
    record = repo.create(make(clock))
    path = data_dir / "sessions" / f"{record.id}.json"
    path.write_bytes(b"garbage")
    record.set_notes("opening", "typed meanwhile")
    repo.save(record)
    assert repo.get(record.id).notes_for("opening") == "typed meanwhile"
    assert [p.read_bytes() for p in (data_dir / "damaged").iterdir()] == [b"garbage"]


# ------------------------------------------------------------------ backups

def test_backups_rotate_at_most_once_a_minute_and_keep_five(repo, clock) -> None:
    record = repo.create(make(clock))  # creating takes the first backup
    for minute in range(8):
        for second in range(0, 60, 20):
            clock.now = clock.now + timedelta(seconds=20)
            record.set_notes("opening", f"minute {minute} second {second}")
            repo.save(record)
    backups = repo.backups(record.id)
    assert len(backups) == 5
    assert [b.name for b in backups] == sorted((b.name for b in backups), reverse=True)
    record.set_notes("opening", "stage change")
    repo.save(record, backup=True)  # forced, even within the minute
    assert repo.backups(record.id)[0].name != backups[0].name


def test_restore_backup_brings_back_the_old_text_and_backs_up_the_current(repo, clock) -> None:
    record = repo.create(make(clock, notes="good text"))
    [first] = repo.backups(record.id)
    record.set_notes("opening", "accidentally deleted")
    clock.advance(120)
    repo.save(record)
    restored = repo.restore_backup(record.id, first.name)
    assert restored.notes_for("opening") == "good text"
    assert repo.get(record.id).notes_for("opening") == "good text"
    texts = {repo._backups.read(record.id, b.name)["stage_notes"]["opening"] for b in repo.backups(record.id)}
    assert "accidentally deleted" in texts


def test_restore_backup_works_after_the_session_file_was_quarantined(repo, data_dir, clock) -> None:
    record = repo.create(make(clock, notes="safe"))
    (data_dir / "sessions" / f"{record.id}.json").write_bytes(b"\x00")
    with pytest.raises(SessionDamaged):
        repo.get(record.id)
    repo.restore_backup(record.id, repo.backups(record.id)[0].name)
    assert repo.get(record.id).notes_for("opening") == "safe"


# ------------------------------------------------------------------ import

def test_import_round_trips_and_refuses_an_id_clash_unless_asked(repo, clock) -> None:
    record = make(clock, notes="导出 | export `x`")
    text = dump_session(record)
    imported = repo.import_record(json.loads(text))
    assert repo.get(record.id) == record == imported
    with pytest.raises(SessionExists):
        repo.import_record(json.loads(text))
    copy = repo.import_record(json.loads(text), new_id=True)
    assert copy.id != record.id and repo.get(copy.id).notes_for("opening") == record.notes_for("opening")


def test_import_refuses_an_id_that_is_in_the_trash(repo, clock) -> None:
    record = repo.create(make(clock))
    repo.delete(record.id)
    with pytest.raises(SessionExists):
        repo.import_record(json.loads(dump_session(record)))


# ------------------------------------------------------------------ permissions

def test_every_folder_is_0700_and_every_file_0600(data_dir, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = repo.create(make(clock))
    other = repo.create(make(clock, "B"))
    with repo.acquire(record.id):
        repo.save(record)
        repo.list()
        repo.delete(other.id)
        (data_dir / "sessions" / f"{record.id}.json").write_bytes(b"{")
        with pytest.raises(SessionDamaged):
            repo.get(record.id)
    repo.close()
    seen_files = 0
    for folder, dirs, files in os.walk(data_dir):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
        for name in files:
            assert stat.S_IMODE(os.stat(Path(folder) / name).st_mode) == 0o600, name
            seen_files += 1
    kinds = {p.parent.name for p in data_dir.rglob("*") if p.is_file()}
    assert {"data", "trash", "damaged", "locks", record.id}.issubset(kinds), kinds
    assert seen_files >= 5


def test_open_repository_removes_leftover_temp_files(data_dir, clock) -> None:
    repo = open_repository(data_dir, clock=clock)
    leftover = data_dir / "sessions" / ".abc.json.999999999.dead.tmp"
    leftover.write_text("{half")
    open_repository(data_dir, clock=clock)
    assert not leftover.exists()


def test_store_never_imports_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, perf_tui.store.repository, perf_tui.store.autosave, perf_tui.store.backup_format;"
            "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_list_from_one_thread_while_another_saves(repo, clock) -> None:
    import threading

    records = [repo.create(make(clock, f"e{i}")) for i in range(5)]
    errors: list[BaseException] = []

    def saver() -> None:
        try:
            for i in range(40):
                record = records[i % 5]
                record.status = Status.IN_PROGRESS if i % 2 else Status.DRAFT  # index rewrites too
                repo.save(record)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=saver)
    thread.start()
    while thread.is_alive():
        assert len(repo.list()) == 5
    thread.join()
    assert errors == []
