"""The data folder is trusted only as far as it is the store's own: links are never followed out of
it, files that cannot be read are reported (never silently left out), a read-only folder is opened
read-only and never chmod-ed back, and folders are made 0700 whatever the umask.

Tests run as root, which ignores permission bits: "cannot be read" is made with a folder or a link
where a file belongs, or by making os.open raise PermissionError; a read-only folder by making the
probe write fail with EROFS (the seam is locations.is_writable_folder; one test drives its real
os.open path)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from perf_tui import locations
from perf_tui.clock import iso
from perf_tui.model import new_record
from perf_tui.store import (
    ReadOnlyFolder,
    SessionLocked,
    UnreadableFile,
    open_repository,
)
from perf_tui.store.atomic_storage import read_json_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def repo(data_dir: Path, clock):
    return open_repository(data_dir, clock=clock)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the data folder that a link in sessions/ points to: not a session at all."""
    target = tmp_path / "outside" / "notes.json"
    target.parent.mkdir()
    target.write_text('{"not": "a session"}', encoding="utf-8")
    os.chmod(target, 0o644)
    return target


def _session(repo, clock, name: str = "Ann"):
    record = new_record(now_iso=iso(clock()))
    record.employee.name = name
    return repo.create(record)


# --------------------------------------------------------------------------- links and odd files

def test_a_link_in_sessions_is_refused_reported_and_its_target_left_alone(repo, data_dir, clock, outside) -> None:
    kept = _session(repo, clock)
    link = data_dir / "sessions" / "abcdef123456.json"
    link.symlink_to(outside)
    assert [s.id for s in repo.list()] == [kept.id]
    assert _mode(outside) == 0o644  # the quarantine used to hard-link the target and chmod it 600
    assert outside.read_text(encoding="utf-8") == '{"not": "a session"}'
    assert link.is_symlink()  # left where it is, for the user to see
    assert not any((data_dir / "damaged").iterdir())
    (problem,) = repo.unreadable()
    assert problem.path == link and problem.kind == "link"
    assert "symbolic link" in str(problem) and "\n" not in str(problem)
    with pytest.raises(UnreadableFile):
        repo.get("abcdef123456")


def test_a_link_to_a_valid_session_outside_is_not_read_either(repo, data_dir, clock, tmp_path) -> None:
    record = _session(repo, clock, "Bo")
    copy = tmp_path / "elsewhere.json"
    copy.write_bytes((data_dir / "sessions" / f"{record.id}.json").read_bytes())
    os.unlink(data_dir / "sessions" / f"{record.id}.json")
    (data_dir / "sessions" / f"{record.id}.json").symlink_to(copy)
    assert repo.list() == []
    assert [p.path.name for p in repo.unreadable()] == [f"{record.id}.json"]


@pytest.mark.parametrize("kind", ["dangling link", "folder", "fifo"])
def test_unreadable_entries_are_named_not_silently_left_out(repo, data_dir, clock, kind) -> None:
    kept = _session(repo, clock)
    path = data_dir / "sessions" / "0123456789ab.json"
    if kind == "dangling link":
        path.symlink_to(data_dir / "nowhere.json")
    elif kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # opening it to read would block for ever
    assert [s.id for s in repo.list()] == [kept.id]
    assert [(p.path, p.kind) for p in repo.unreadable()] == [
        (path, {"dangling link": "link", "folder": "folder", "fifo": "special"}[kind])]
    problems = repo.drain_problems()
    assert [p.kind for p in problems] == ["unreadable"] and str(path) in str(problems[0])
    repo.list()
    assert repo.drain_problems() == []  # told once per run, not on every refresh
    assert [p.path for p in repo.unreadable()] == [path]  # but still named


def test_a_file_without_read_permission_is_reported(repo, data_dir, clock, monkeypatch) -> None:
    denied = _session(repo, clock, "Denied")
    kept = _session(repo, clock, "Kept")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if str(path).endswith(f"{denied.id}.json"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    fresh = open_repository(data_dir, clock=clock)
    assert [s.id for s in fresh.list()] == [kept.id]
    (problem,) = fresh.unreadable()
    assert problem.kind == "denied" and problem.path.name == f"{denied.id}.json"
    assert (data_dir / "sessions" / f"{denied.id}.json").exists()  # never moved: it is not damaged
    monkeypatch.setattr(os, "open", real_open)
    # Permission back: the next list finds it again although the folder did not change.
    assert sorted(s.id for s in fresh.list()) == sorted([kept.id, denied.id])
    assert fresh.unreadable() == []


def test_an_unreadable_file_is_found_again_by_a_fresh_process(repo, data_dir, clock) -> None:
    _session(repo, clock)
    (data_dir / "sessions" / "0123456789ab.json").mkdir()
    repo.list()
    repo.close()  # the index is written, and trusted by the next start...
    again = open_repository(data_dir, clock=clock)
    again.list()
    assert [p.path.name for p in again.unreadable()] == ["0123456789ab.json"]  # ...but not blindly


def test_a_session_file_named_for_another_session_is_refused_not_listed_twice(repo, data_dir, clock) -> None:
    record = _session(repo, clock)
    copy = data_dir / "sessions" / "0123456789ab.json"
    copy.write_bytes((data_dir / "sessions" / f"{record.id}.json").read_bytes())
    assert [s.id for s in repo.list()] == [record.id]
    (problem,) = repo.unreadable()
    assert problem.kind == "other_id" and record.id in str(problem)
    with pytest.raises(UnreadableFile):  # saving what it returned would overwrite the original
        repo.get("0123456789ab")


def test_reading_never_follows_a_link(tmp_path) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(target)
    assert read_json_file(target) == {}
    with pytest.raises(UnreadableFile) as caught:
        read_json_file(tmp_path / "link.json")
    assert caught.value.kind == "link"


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_an_index_that_is_not_a_regular_file_is_moved_aside_and_rebuilt(data_dir, clock, tmp_path, kind) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = _session(repo, clock)
    repo.list()
    repo.close()
    index = data_dir / "index.json"
    os.unlink(index)
    target = tmp_path / "elsewhere-index.json"
    target.write_text("{}", encoding="utf-8")
    os.chmod(target, 0o644)
    if kind == "folder":
        index.mkdir()
        (index / "inside.txt").write_text("kept", encoding="utf-8")
    else:
        index.symlink_to(target)
    fresh = open_repository(data_dir, clock=clock)
    assert [s.id for s in fresh.list()] == [record.id]
    assert index.is_file() and not index.is_symlink()  # rebuilt as a file
    (moved,) = list((data_dir / "damaged").iterdir())
    assert moved.name.startswith("index.")
    if kind == "folder":
        assert (moved / "inside.txt").read_text(encoding="utf-8") == "kept"
    else:
        assert moved.is_symlink() and _mode(target) == 0o644 and target.read_text() == "{}"
    (problem,) = fresh.drain_problems()
    assert "index" in str(problem).lower() and str(moved) in str(problem)


def test_a_link_planted_as_a_lock_file_is_not_followed(repo, data_dir, clock, tmp_path) -> None:
    record = _session(repo, clock)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    os.chmod(victim, 0o644)
    lock = data_dir / "locks" / f"{record.id}.lock"
    if os.path.lexists(lock):
        os.unlink(lock)
    lock.symlink_to(victim)
    with repo.acquire(record.id):
        pass
    assert victim.read_text(encoding="utf-8") == "precious" and _mode(victim) == 0o644
    assert not lock.is_symlink()


def test_a_sub_folder_that_is_a_link_is_refused(data_dir, clock, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir.mkdir()
    (data_dir / "sessions").symlink_to(elsewhere)
    with pytest.raises(UnreadableFile) as caught:
        open_repository(data_dir, clock=clock)
    assert caught.value.kind == "link"


# --------------------------------------------------------------------------- permissions

def test_folders_and_their_new_parents_are_0700_under_umask_000(tmp_path, clock) -> None:
    root = tmp_path / "a" / "b" / "data"
    old = os.umask(0)
    try:
        repo = open_repository(root, clock=clock)
        _session(repo, clock)
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", root, *[p for p in root.rglob("*") if p.is_dir()]):
        assert _mode(folder) == 0o700, folder
    for file in (p for p in root.rglob("*") if p.is_file()):
        assert _mode(file) == 0o600, file


def test_a_folder_that_existed_before_is_left_alone(tmp_path) -> None:
    os.chmod(tmp_path, 0o755)
    locations.ensure_private_dir(tmp_path / "new" / "data")
    assert _mode(tmp_path) == 0o755
    assert _mode(tmp_path / "new") == 0o700


def test_an_existing_data_folder_is_tightened_but_never_given_write_permission(tmp_path, clock) -> None:
    wide = tmp_path / "wide"
    wide.mkdir()
    os.chmod(wide, 0o755)
    open_repository(wide, clock=clock)
    assert _mode(wide) == 0o700
    narrow = tmp_path / "narrow"
    (narrow / "sessions").mkdir(parents=True)
    os.chmod(narrow, 0o500)  # the user made it read-only; root can still write, so it is "writable"
    open_repository(narrow, clock=clock)
    assert _mode(narrow) == 0o500  # used to be chmod-ed back to 0700


def test_a_session_file_with_wider_permissions_is_0600_after_the_next_save(repo, data_dir, clock) -> None:
    record = _session(repo, clock)
    path = data_dir / "sessions" / f"{record.id}.json"
    os.chmod(path, 0o666)
    record.set_notes("opening", "more")
    repo.save(record)
    assert _mode(path) == 0o600


# --------------------------------------------------------------------------- a read-only data folder

def _read_only(monkeypatch) -> None:
    monkeypatch.setattr(locations, "is_writable_folder", lambda path: False)


def test_the_probe_write_tells_a_read_only_folder(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert locations.is_writable_folder(folder)
    assert list(folder.iterdir()) == []  # the probe is removed
    real_open = os.open

    def read_only_disk(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_disk)
    assert not locations.is_writable_folder(folder)


def test_a_read_only_folder_reads_but_never_writes_nor_chmods(data_dir, clock, monkeypatch) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = _session(repo, clock)
    repo.close()
    (data_dir / "damaged").rmdir()  # a folder it would normally create
    os.chmod(data_dir, 0o500)
    before = {p: (p.stat().st_mtime_ns, _mode(p)) for p in data_dir.rglob("*")}
    _read_only(monkeypatch)
    ro = open_repository(data_dir, clock=clock)
    assert ro.read_only
    assert [s.id for s in ro.list()] == [record.id]
    assert ro.get(record.id) == record
    for change in (lambda: ro.save(record), lambda: ro.create(new_record(now_iso=iso(clock()))),
                   lambda: ro.delete(record.id), lambda: ro.acquire(record.id),
                   lambda: ro.import_record(record, new_id=True)):
        with pytest.raises(ReadOnlyFolder) as caught:
            change()
        assert str(data_dir) in str(caught.value) and "\n" not in str(caught.value)
    lease = ro.acquire(record.id, read_only=True)  # viewing still works
    assert lease.read_only
    lease.release()
    ro.close()
    assert _mode(data_dir) == 0o500
    assert not (data_dir / "damaged").exists()
    assert {p: (p.stat().st_mtime_ns, _mode(p)) for p in data_dir.rglob("*")} == before


def test_a_damaged_file_in_a_read_only_folder_is_reported_and_left(data_dir, clock, monkeypatch) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = _session(repo, clock)
    repo.close()
    path = data_dir / "sessions" / f"{record.id}.json"
    path.write_text("{broken", encoding="utf-8")
    _read_only(monkeypatch)
    ro = open_repository(data_dir, clock=clock)
    assert ro.list() == []
    (problem,) = ro.drain_problems()
    assert str(path) in str(problem) and path.exists()
    assert path.read_text(encoding="utf-8") == "{broken"


def test_lock_taken_elsewhere_is_still_named_in_a_read_only_folder(data_dir, clock, monkeypatch) -> None:
    repo = open_repository(data_dir, clock=clock)
    record = _session(repo, clock)
    holder = repo.acquire(record.id)
    _read_only(monkeypatch)
    ro = open_repository(data_dir, clock=clock)
    lease = ro.acquire(record.id, read_only=True)
    assert lease.owner is not None and lease.owner.pid == os.getpid()
    with pytest.raises((ReadOnlyFolder, SessionLocked)):
        ro.acquire(record.id)
    holder.release()


def test_a_backup_folder_that_is_a_link_is_not_written_through(repo, data_dir, clock, tmp_path) -> None:
    record = _session(repo, clock)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chmod(elsewhere, 0o755)
    folder = data_dir / "backups" / record.id
    for old in folder.iterdir():
        os.unlink(old)
    folder.rmdir()
    folder.symlink_to(elsewhere)
    record.set_notes("opening", "saved anyway")
    repo.save(record, backup=True)  # the session is saved; the backup is skipped
    assert repo.get(record.id).notes_for("opening") == "saved anyway"
    assert list(elsewhere.iterdir()) == [] and _mode(elsewhere) == 0o755


def test_a_link_in_the_trash_is_reported_and_never_restored(repo, data_dir, clock, outside) -> None:
    (data_dir / "trash" / "abcdef123456.json").symlink_to(outside)
    assert repo.trash() == []
    assert [p.kind for p in repo.drain_problems()] == ["unreadable"]
    with pytest.raises(UnreadableFile):
        repo.restore("abcdef123456")
    assert not os.path.lexists(data_dir / "sessions" / "abcdef123456.json")
